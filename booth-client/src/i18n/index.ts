/**
 * Every resident-facing word comes from here: one JSON resource per language under locales/, the
 * form translators' tools read. ja.json is the reference shape: `Messages` is its type, every other
 * language must match it (tsc) and have exactly its keys and placeholders (i18n.test.ts). What the
 * less obvious keys mean, and the furigana mark, is in booth-client/README.md ("Translations").
 */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { defaultLanguage, type Language, languages } from '../journey/vocabulary';
import en from './locales/en.json';
import ja from './locales/ja.json';
import ko from './locales/ko.json';
import pt from './locales/pt.json';
import vi from './locales/vi.json';
import zhHans from './locales/zh-Hans.json';

export type Messages = typeof ja;

export const messages: Record<Language, Messages> = { ja, en, 'zh-Hans': zhHans, ko, vi, pt };

/** Dot paths to every string, e.g. 'waiting.title'. */
type Paths<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Paths<T[K], `${P}${K}.`>;
}[keyof T & string];
export type MessageKey = Paths<Messages>;

export const i18n = i18next.createInstance();
void i18n.use(initReactI18next).init({
  resources: Object.fromEntries(languages.map((l) => [l, { translation: messages[l] }])),
  lng: defaultLanguage,
  fallbackLng: defaultLanguage,
  supportedLngs: [...languages],
  load: 'currentOnly',
  initAsync: false,
  interpolation: { escapeValue: false }, // React escapes
  returnNull: false,
});

/** Switch every text on screen and <html lang> to `language` (synchronous: resources are bundled). */
export function setLanguage(language: Language): void {
  if (i18n.language !== language) void i18n.changeLanguage(language);
  document.documentElement.lang = language;
}
