/** Which language a request's screens speak: the user's choice, kept in a cookie; Japanese otherwise. */
import { createCookie } from '@remix-run/node';
import { createI18n, defaultUiLanguage, isUiLanguage, type Translate, type UiLanguage } from './i18n';
import en from './resources/en';
import ja, { type Messages } from './resources/ja';

export const messages: Record<UiLanguage, Messages> = { ja, en };

const ONE_YEAR_S = 365 * 24 * 3600;

/** Not a secret, so not signed; anything but a known language reads as the default. */
export const languageCookie = createCookie('madoguchi_lang', { path: '/', sameSite: 'lax', httpOnly: true, maxAge: ONE_YEAR_S });

export async function languageOf(request: Request): Promise<UiLanguage> {
  const value: unknown = await languageCookie.parse(request.headers.get('Cookie'));
  return isUiLanguage(value) ? value : defaultUiLanguage;
}

/** Set-Cookie keeping `language` (secure when the app is served over https). */
export function keepLanguage(language: UiLanguage, secure: boolean): Promise<string> {
  return languageCookie.serialize(language, { secure });
}

/**
 * Loaders' and actions' translate functions: the resources are fixed per language, so one i18next
 * instance each, built on first use — not a new instance (and init) for every loader and action.
 */
const translators = new Map<UiLanguage, Translate>();
export function translatorIn(language: UiLanguage): Translate {
  let t = translators.get(language);
  if (!t) {
    t = createI18n(language, messages[language]).t as unknown as Translate;
    translators.set(language, t);
  }
  return t;
}

/** For texts written by loaders and actions (page titles, messages): the request's language. */
export async function translatorFor(request: Request): Promise<{ t: Translate; language: UiLanguage }> {
  const language = await languageOf(request);
  return { t: translatorIn(language), language };
}
