/**
 * The codes the booth shares with the API: the pure vocabulary module of the db package (it
 * imports nothing, so the kiosk bundle gets only these constants).
 */
import { languages, procedures, type Language, type LocalizedText, type Procedure } from '@madoguchi/db/vocabulary';

export { languages, procedures };
export type { Language, LocalizedText, Procedure };
export const defaultLanguage: Language = 'ja';

export const isProcedure = (value: string): value is Procedure => (procedures as readonly string[]).includes(value);

/** Which of a municipality's texts the resident sees: the server records the same (consent). */
export { shownText, type ShownText } from '@madoguchi/db/localized-text';

/** Cards the operator can put on the booth screen (decision 0009, `guidance.show`): the call contract's. */
export { guidanceCards, isGuidanceCard, type GuidanceCard as GuidanceCardKey } from '@madoguchi/db/call-contract';
