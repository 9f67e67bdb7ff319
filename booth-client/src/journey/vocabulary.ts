/**
 * The codes the booth shares with the API: the pure vocabulary module of the db package (it
 * imports nothing, so the kiosk bundle gets only these constants).
 */
import { type Language, type LocalizedText, languages, type Procedure, procedures } from '@madoguchi/db/vocabulary';

export type { Language, LocalizedText, Procedure };
export { languages, procedures };
export const defaultLanguage: Language = 'ja';

export const isProcedure = (value: string): value is Procedure => (procedures as readonly string[]).includes(value);

/** Cards the operator can put on the booth screen (decision 0009, `guidance.show`): the call contract's. */
export { type GuidanceCard as GuidanceCardKey, guidanceCards, isGuidanceCard } from '@madoguchi/db/call-contract';
/** Which of a municipality's texts the resident sees: the server records the same (consent). */
export { type ShownText, shownText } from '@madoguchi/db/localized-text';
