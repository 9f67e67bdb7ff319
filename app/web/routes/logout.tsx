import { type ActionFunctionArgs, redirect } from '@remix-run/node';

export async function action({ request, context }: ActionFunctionArgs) {
  return redirect('/login', { headers: { 'Set-Cookie': await context.app.accounts.destroy(request) } });
}

export async function loader() {
  return redirect('/');
}
