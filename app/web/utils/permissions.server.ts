import { type AppLoadContext, redirect } from '@remix-run/node';
import type { Need, Reach } from '../../domain/permissions';
import { reachOf } from '../../domain/permissions';
import type { AccountPrincipal } from '../../server/auth/login.server';
import { Problem } from '../../server/platform/problems';
import { translatorFor } from '../i18n/language.server';

/**
 * The top of every loader and action: the logged-in account and its reach for `need`.
 * Not logged in → redirect to /login; logged in without the permission → 403.
 */
export async function requireUserWithPermission(
  request: Request,
  context: AppLoadContext,
  need: Need,
): Promise<{ account: AccountPrincipal; reach: Reach }> {
  const account = await context.app.accounts.require(request);
  const reach = reachOf(account, need);
  if (!reach) {
    throw new Response((await translatorFor(request)).t('errors.notAllowed'), { status: 403 });
  }
  return { account, reach };
}

/** Runs a service call; a Problem becomes a form error (same words as the API), anything else is thrown. */
export async function formProblem<T>(
  run: () => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; status: number; code: string; error: string }> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    if (Problem.is(error))
      return { ok: false, status: error.status, code: error.code, error: `${error.messages.ja} / ${error.messages.en}` };
    throw error;
  }
}

export { redirect };
