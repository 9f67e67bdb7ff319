/**
 * What a session records about the resident's consent: each document's version and the language
 * the booth showed it in (issue 12: consent to a text one could read is recorded as such).
 */
import { shownText } from '@madoguchi/db/localized-text';
import { type ConsentKind, consentKinds, type Language, type LocalizedText } from '@madoguchi/db/vocabulary';

export type ConsentDocuments = Record<ConsentKind, { version: number; texts: LocalizedText }>;

/**
 * e.g. "terms:3:vi,privacy:2:ja-x-easy" — the booth shows each document by the same rule
 * (shownText), so the language here is the one on the resident's screen. Sessions from before
 * this record read "terms:3,privacy:2".
 */
export function consentRecord(documents: ConsentDocuments, language: Language): string {
  return consentKinds.map((kind) => `${kind}:${documents[kind].version}:${shownText(documents[kind].texts, language).language}`).join(',');
}
