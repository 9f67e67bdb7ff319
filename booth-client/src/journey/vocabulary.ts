/**
 * The codes the booth shares with the API (db/src/vocabulary.ts). Repeated here, not imported,
 * so the kiosk bundle does not pull in the database package.
 */

export const languages = ['ja', 'en', 'zh-Hans', 'ko', 'vi', 'pt'] as const;
export type Language = (typeof languages)[number];
export const defaultLanguage: Language = 'ja';

export const procedures = [
  'new_application',
  'renewal',
  'lost_reissue',
  'health_insurance',
  'bank_account',
  'other_mynaportal',
] as const;
export type Procedure = (typeof procedures)[number];

export const isProcedure = (value: string): value is Procedure => (procedures as readonly string[]).includes(value);

/** Text in the booth's languages; Japanese is always present. */
export type LocalizedText = { ja: string } & Partial<Record<Exclude<Language, 'ja'>, string>>;

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
