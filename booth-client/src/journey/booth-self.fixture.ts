/** Test builders for what the journey reads from GET /me (config.test.ts, runner.test.ts). */
import type { BoothSelf, ConsentDocument } from '../api';

/** A published consent document of `kind`, at `version`. */
export const consentDoc = (kind: 'terms' | 'privacy', version: number): ConsentDocument => ({
  id: `00000000-0000-4000-8000-00000000000${version}`,
  kind,
  version,
  texts: { ja: '…' },
  publishedAt: '2026-01-01T00:00:00.000Z',
});

/** A /me answer: an open booth offering no procedure, with no consent documents, unless `patch` says otherwise. */
export function boothSelf(
  patch: {
    procedures?: BoothSelf['municipality']['procedures'];
    consent?: BoothSelf['consent'];
    opening?: Partial<BoothSelf['opening']>;
  } = {},
): BoothSelf {
  return {
    booth: { id: 'b', name: 'Booth', kind: 'town_hall', location: '' },
    municipality: {
      id: 'm',
      name: '東員町',
      procedures: patch.procedures ?? [],
      eligibility: {},
      counterGuidance: null,
      listenInNotice: false,
      reservationOnly: false,
    },
    consent: patch.consent ?? { terms: null, privacy: null },
    opening: { open: true, currentUntil: null, nextOpening: null, ...patch.opening },
    popup: null,
    heartbeatMs: 10_000,
    maintenance: false,
    livekitUrl: 'ws://127.0.0.1:7880',
    waitingCheck: { askAfterMs: 60_000, answerWithinMs: 30_000 },
  };
}
