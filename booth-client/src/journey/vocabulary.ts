/**
 * The codes the booth shares with the API: the pure vocabulary module of the db package (it
 * imports nothing, so the kiosk bundle gets only these constants).
 */
import { languages, procedures, type Language, type LocalizedText, type Procedure } from '@madoguchi/db/vocabulary';

export { languages, procedures };
export type { Language, LocalizedText, Procedure };
export const defaultLanguage: Language = 'ja';

export const isProcedure = (value: string): value is Procedure => (procedures as readonly string[]).includes(value);


/** The resident's language when there is one, Japanese otherwise; `fallback` says which it was. */
export function localized(text: LocalizedText, language: Language): { text: string; fallback: boolean } {
  const own = text[language];
  return own && own.trim() !== '' ? { text: own, fallback: false } : { text: text.ja, fallback: language !== 'ja' };
}

/** Cards the operator can put on the booth screen (decision 0009, `guidance.show`). */
export const guidanceCards = ['card-ready', 'scan-qr', 'keep-pin-private', 'form-ready', 'look-at-camera', 'wait-a-moment'] as const;
export type GuidanceCardKey = (typeof guidanceCards)[number];
export const isGuidanceCard = (value: unknown): value is GuidanceCardKey =>
  typeof value === 'string' && (guidanceCards as readonly string[]).includes(value);
