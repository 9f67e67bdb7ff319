import { type LoaderFunctionArgs, redirect } from '@remix-run/node';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const account = await context.app.accounts.require(request);
  const home = { town_staff: '/staff', operator: '/console', supervisor: '/console', admin: '/admin', interpreter: '/interpret' } as const;
  return redirect(home[account.role]);
}
