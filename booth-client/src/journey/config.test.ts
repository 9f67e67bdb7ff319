import { describe, expect, it } from 'vitest';
import type { BoothSelf, ConsentDocument } from '../api';
import { journeyConfig } from './config';

const doc = (kind: 'terms' | 'privacy', version: number): ConsentDocument => ({
  id: `00000000-0000-4000-8000-00000000000${version}`,
  kind,
  version,
  texts: { ja: '…' },
  publishedAt: '2026-01-01T00:00:00.000Z',
});

function me(patch: {
  procedures?: BoothSelf['municipality']['procedures'];
  terms?: ConsentDocument | null;
  privacy?: ConsentDocument | null;
}): BoothSelf {
  return {
    booth: { id: 'b', name: 'Booth', kind: 'town_hall', location: '' },
    municipality: { id: 'm', name: '東員町', procedures: patch.procedures ?? [], eligibility: {}, counterGuidance: null },
    consent: { terms: patch.terms ?? null, privacy: patch.privacy ?? null },
    opening: { open: true, currentUntil: null, nextOpening: null },
    heartbeatMs: 10_000,
    maintenance: false,
    livekitUrl: 'ws://127.0.0.1:7880',
    waitingCheck: { askAfterMs: 60_000, answerWithinMs: 30_000 },
  };
}

describe('journey config from /me', () => {
  it('keeps only offered procedures, in the standard order', () => {
    expect(journeyConfig(me({ procedures: ['other_mynaportal', 'renewal'] })).procedures).toEqual(['renewal', 'other_mynaportal']);
  });

  it('sends consent only when both documents are published, shows it when either is', () => {
    expect(journeyConfig(me({}))).toMatchObject({ consentShown: false, consentVersions: null });
    expect(journeyConfig(me({ terms: doc('terms', 2) }))).toMatchObject({ consentShown: true, consentVersions: null });
    expect(journeyConfig(me({ terms: doc('terms', 2), privacy: doc('privacy', 5) }))).toMatchObject({
      consentShown: true,
      consentVersions: { terms: 2, privacy: 5 },
    });
  });
});
