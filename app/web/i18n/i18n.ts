/**
 * Staff, console and admin screens speak one language at a time: Japanese by default, English when
 * the user switches (a cookie, read by the root loader). The words live in resources/ja.ts (the
 * reference shape) and resources/en.ts, checked against it by the compiler and by i18n.test.ts.
 */
import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import type { Messages } from './resources/ja';

export const uiLanguages = ['ja', 'en'] as const;
export type UiLanguage = (typeof uiLanguages)[number];
export const defaultUiLanguage: UiLanguage = 'ja';

export const isUiLanguage = (value: unknown): value is UiLanguage => uiLanguages.includes(value as UiLanguage);

/** Dot paths to every text, e.g. 'console.title'. */
type Paths<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Paths<T[K], `${P}${K}.`>;
}[keyof T & string];
export type MessageKey = Paths<Messages>;

/** A translate function that only takes keys the Japanese resources have. */
export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

/**
 * One instance per render root: per request on the server, once in the browser, both built from the
 * root loader's language and resources so the server's HTML and the first client render agree.
 */
export function createI18n(language: UiLanguage, resources: Messages): I18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    resources: { [language]: { translation: resources } },
    lng: language,
    fallbackLng: false,
    initAsync: false,
    interpolation: { escapeValue: false }, // React escapes
    returnNull: false,
  });
  return instance;
}

/** The screen's translate function and language. */
export function useT(): { t: Translate; language: UiLanguage } {
  const { t, i18n } = useTranslation();
  return { t: t as unknown as Translate, language: isUiLanguage(i18n.language) ? i18n.language : defaultUiLanguage };
}
