import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { wordedIssue } from '../domain/free-text';
import type { AccountPrincipal } from '../server/auth/login.server';
import type { BoothPrincipal } from '../server/booths/booth-auth.server';
import type { AppContext } from '../server/platform/context';
import { problemResponse } from '../server/platform/problem-response';
import { Problem, preferredLanguage } from '../server/platform/problems';

export interface AppBindings {
  Variables: { requestId: string; booth: BoothPrincipal; account: AccountPrincipal };
}

export { problemResponse };

export function invalidRequest(issues: readonly z.core.$ZodIssue[]) {
  const errors = issues.map((issue) => ({ path: issue.path.join('.') || '(body)', message: issue.message }));
  const fields = [...new Set(errors.map((e) => e.path))].join(', ');
  // A refinement that says why in both languages (personal data in free text…) is answered in its words.
  const worded = issues.map(wordedIssue).find((w) => w !== null);
  if (worded) return new Problem(400, worded.code, worded.messages, errors);
  return new Problem(
    400,
    'invalid_request',
    { ja: `リクエストの内容が正しくありません（${fields}）。`, en: `The request is invalid (${fields}).` },
    errors,
  );
}

/** A router whose validation failures become 400 problem details, with nothing stored. */
export function createRouter() {
  return new OpenAPIHono<AppBindings>({
    defaultHook: (result, c) => {
      if (!result.success) return problemResponse(c, invalidRequest(result.error.issues));
    },
  });
}

export function handleError(ctx: AppContext) {
  return (error: Error, c: Context) => {
    if (Problem.is(error)) return problemResponse(c, error);
    if (error instanceof HTTPException && error.status < 500) {
      return problemResponse(
        c,
        new Problem(error.status === 413 ? 413 : 400, error.status === 413 ? 'payload_too_large' : 'bad_request', {
          ja: error.status === 413 ? 'リクエストが大きすぎます。' : `リクエストを処理できません: ${error.message}`,
          en: error.status === 413 ? 'The request body is too large.' : `The request cannot be processed: ${error.message}`,
        }),
      );
    }
    ctx.logger.error({ err: error, requestId: c.get('requestId') }, 'unhandled error');
    const lang = preferredLanguage(c.req.header('accept-language'));
    const messages = {
      ja: 'サーバーで問題が発生しました。しばらくしてから再度お試しください。',
      en: 'Something went wrong on the server. Try again shortly.',
    };
    return c.json(
      {
        type: 'about:blank',
        title: messages.en,
        status: 500,
        code: 'internal',
        detail: messages[lang],
        messages,
        requestId: c.get('requestId'),
      },
      500,
      { 'Content-Type': 'application/problem+json' },
    );
  };
}

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string(),
    detail: z.string(),
    messages: z.object({ ja: z.string(), en: z.string() }),
    requestId: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .openapi('Problem');

export const problemContent = { 'application/problem+json': { schema: ProblemSchema } };

/** `{ content: { 'application/json': { schema } } }`, the shape every JSON body and response takes. */
export const jsonContent = <T extends z.ZodType>(schema: T, description = '') => ({
  description,
  content: { 'application/json': { schema } },
});

/** An error response: a problem document (application/problem+json), and when it is given. */
export const problem = <D extends string>(description: D) => ({ description, content: problemContent });

/** The error responses every people-facing route can give. */
export const accountErrors = {
  400: problem('Invalid request'),
  401: problem('Not logged in'),
  403: problem('The role does not allow this'),
  404: problem('No such record (or not in your municipalities)'),
  409: problem('Conflicts with the current state'),
} as const;

export const accountSecurity = [{ sessionCookie: [] }];

/** Booth routes: the device credential, and the errors every booth route can give. */
export const boothSecurity = [{ boothCredential: [] }];
export const boothErrors = {
  400: problem('Invalid request'),
  401: problem('Missing or unknown device credential'),
} as const;
