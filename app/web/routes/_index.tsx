import { redirect, type LoaderFunctionArgs } from '@remix-run/node';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const account = await context.app.accounts.require(request);
  return redirect(account.role === 'town_staff' ? '/staff' : '/console');
}
