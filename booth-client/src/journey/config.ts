import type { BoothSelf } from '../api';
import type { JourneyConfig } from './machine';
import { procedures } from './vocabulary';

/** What the journey needs from GET /me: offered procedures (in the standard order), questions, consent. */
export function journeyConfig(info: BoothSelf): JourneyConfig {
  const offered = new Set<string>(info.municipality.procedures);
  const { terms, privacy } = info.consent;
  return {
    procedures: procedures.filter((p) => offered.has(p)),
    eligibility: info.municipality.eligibility,
    consentShown: Boolean(terms || privacy),
    consentVersions: terms && privacy ? { terms: terms.version, privacy: privacy.version } : null,
  };
}
