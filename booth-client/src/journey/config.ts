import type { BoothSelf } from '../api';
import type { JourneyConfig } from './machine';
import { procedures } from './vocabulary';

/** When /me does not say (an older server): ask after 3 minutes, give the place up 30 s later. */
export const DEFAULT_WAITING_CHECK = { askAfterMs: 180_000, answerWithinMs: 30_000 };

/** What the journey needs from GET /me: offered procedures (in the standard order), questions, consent, opening hours. */
export function journeyConfig(info: BoothSelf): JourneyConfig {
  const offered = new Set<string>(info.municipality.procedures);
  const { terms, privacy } = info.consent;
  return {
    procedures: procedures.filter((p) => offered.has(p)),
    eligibility: info.municipality.eligibility,
    consentShown: Boolean(terms || privacy),
    consentVersions: terms && privacy ? { terms: terms.version, privacy: privacy.version } : null,
    opening: { open: info.opening.open, nextOpening: info.opening.nextOpening },
    waitingCheck: info.waitingCheck ?? DEFAULT_WAITING_CHECK,
    reservationOnly: info.municipality.reservationOnly,
  };
}
