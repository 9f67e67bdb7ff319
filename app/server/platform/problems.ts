/**
 * Errors every caller can act on: an HTTP status, a stable code, and the message in Japanese and
 * English. Rendered as RFC 9457 problem details by the API's error handler.
 */
const PROBLEM = Symbol.for('madoguchi.problem');

export class Problem extends Error {
  /**
   * True for a Problem from any copy of this module. The Remix server build bundles its own copy,
   * while services come from the source, so `instanceof` cannot be trusted across that line.
   */
  static is(value: unknown): value is Problem {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[PROBLEM] === true;
  }

  readonly [PROBLEM] = true;

  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 410 | 413 | 415 | 422 | 429 | 503,
    readonly code: string,
    readonly messages: { ja: string; en: string },
    readonly errors?: { path: string; message: string }[],
  ) {
    super(messages.en);
  }
}

export const problems = {
  notFound: () => new Problem(404, 'not_found', { ja: 'そのような API はありません。', en: 'No such API endpoint.' }),
  unauthenticated: () =>
    new Problem(401, 'unauthenticated', {
      ja: '認証されていません。ログインするか、端末の認証情報を確認してください。',
      en: 'Not authenticated. Log in, or check the device credential.',
    }),
  forbidden: () =>
    new Problem(403, 'forbidden', {
      ja: 'この操作を行う権限がありません。',
      en: 'You are not allowed to do this.',
    }),
  sessionNotFound: () =>
    new Problem(404, 'session_not_found', {
      ja: '指定されたセッションは存在しません。',
      en: 'No such session.',
    }),
  sessionConflict: (status: string) =>
    new Problem(409, 'session_state_conflict', {
      ja: `セッションは現在「${status}」のため、この操作はできません。`,
      en: `The session is ${status}, so this cannot be done now.`,
    }),
};

/** Picks the caller's language from Accept-Language: Japanese unless English is preferred first. */
export function preferredLanguage(acceptLanguage: string | undefined | null): 'ja' | 'en' {
  const first = (acceptLanguage ?? '').split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'ja';
}
