import { describe, expect, it } from 'vitest';
import type { BoothSelf, ConsentDocument } from '../api';
import { boothSelf, consentDoc } from './booth-self.fixture';
import { journeyConfig } from './config';

function me(patch: {
  procedures?: BoothSelf['municipality']['procedures'];
  terms?: ConsentDocument | null;
  privacy?: ConsentDocument | null;
}): BoothSelf {
  return boothSelf({ procedures: patch.procedures, consent: { terms: patch.terms ?? null, privacy: patch.privacy ?? null } });
}

describe('journey config from /me', () => {
  it('keeps only offered procedures, in the standard order', () => {
    expect(journeyConfig(me({ procedures: ['other_mynaportal', 'renewal'] })).procedures).toEqual(['renewal', 'other_mynaportal']);
  });

  it('sends consent only when both documents are published, shows it when either is', () => {
    expect(journeyConfig(me({}))).toMatchObject({ consentShown: false, consentVersions: null });
    expect(journeyConfig(me({ terms: consentDoc('terms', 2) }))).toMatchObject({ consentShown: true, consentVersions: null });
    expect(journeyConfig(me({ terms: consentDoc('terms', 2), privacy: consentDoc('privacy', 5) }))).toMatchObject({
      consentShown: true,
      consentVersions: { terms: 2, privacy: 5 },
    });
  });
});
