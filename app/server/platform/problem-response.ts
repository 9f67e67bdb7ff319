import type { Context } from 'hono';
import { type Problem, preferredLanguage } from './problems';

/**
 * RFC 9457 problem details, message in the caller's language plus both languages. One shape for
 * the API's errors and the server's own refusals (web-security/).
 */
export function problemResponse(c: Context, problem: Problem) {
  const lang = preferredLanguage(c.req.header('accept-language'));
  return c.json(
    {
      type: 'about:blank',
      title: problem.messages.en,
      status: problem.status,
      code: problem.code,
      detail: problem.messages[lang],
      messages: problem.messages,
      requestId: c.get('requestId') as string | undefined,
      ...(problem.errors ? { errors: problem.errors } : {}),
    },
    problem.status,
    { 'Content-Type': 'application/problem+json' },
  );
}
