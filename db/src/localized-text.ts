/**
 * Which of a municipality's texts a resident sees (terms, privacy policy, eligibility questions,
 * where the counter is): one rule for the booth that shows it and the server that records it.
 * Pure: it imports only the vocabulary, so the kiosk bundle can use it.
 */
import { easyJapanese, type Language, type LocalizedText, type TextLanguage, textLanguages } from './vocabulary';

/**
 * The order a resident reading `language` is given a text in: their own language, then
 * やさしい日本語, then Japanese (always there). A Japanese reader gets the Japanese text.
 */
export function fallbackOrder(language: Language): readonly TextLanguage[] {
  return language === 'ja' ? ['ja'] : [language, easyJapanese, 'ja'];
}

const has = (text: LocalizedText, language: TextLanguage) => (text[language]?.trim() ?? '') !== '';

export interface ShownText {
  /** The language of `text`: the resident's own, やさしい日本語 or Japanese. */
  language: TextLanguage;
  text: string;
  /** Not in the resident's own language (the booth says so). */
  fallback: boolean;
}

/** The text a resident reading `language` is shown. */
export function shownText(text: LocalizedText, language: Language): ShownText {
  const shown = fallbackOrder(language).find((l) => has(text, l)) ?? 'ja';
  return { language: shown, text: text[shown] ?? text.ja, fallback: shown !== language };
}

/** The languages a text has no words in (Japanese never: it is required). */
export function missingLanguages(text: LocalizedText): TextLanguage[] {
  return textLanguages.filter((l) => l !== 'ja' && !has(text, l));
}
