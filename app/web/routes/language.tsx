/** The language switch posts here: keep the choice in a cookie and go back to the page it came from. */
import { type ActionFunctionArgs, redirect } from '@remix-run/node';
import { isUiLanguage } from '../i18n/i18n';
import { keepLanguage } from '../i18n/language.server';
import { safeRedirect } from '../utils/safe-redirect';

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const language = form.get('language');
  const back = safeRedirect(String(form.get('redirectTo') ?? '/'));
  if (!isUiLanguage(language)) return redirect(back);
  const secure = context.app.env.PUBLIC_ORIGIN?.startsWith('https://') === true;
  return redirect(back, { headers: { 'Set-Cookie': await keepLanguage(language, secure) } });
}

export async function loader() {
  return redirect('/');
}
