import { describe, expect, it } from 'vitest';
import { guidanceCards } from '../journey/vocabulary';
import { parseGuidancePayload, pickOperator, qualityPayload } from './rpc';

describe('booth RPC payloads', () => {
  it('accepts every guidance card of the contract', () => {
    for (const card of guidanceCards) expect(parseGuidancePayload(JSON.stringify({ card }))).toBe(card);
  });

  it('refuses anything else', () => {
    for (const payload of ['', 'scan-qr', '{}', 'null', '[]', '{"card":"show-pin"}', '{"card":1}', '{"card":"toString"}']) {
      expect(parseGuidancePayload(payload), payload).toBeNull();
    }
  });

  it('tells the operator the quality in the contract shape', () => {
    expect(JSON.parse(qualityPayload('poor', true))).toEqual({ quality: 'poor', degraded: true });
  });

  it('finds the operator among the participants', () => {
    expect(pickOperator([{ identity: 'booth:2' }, { identity: 'operator:1' }])?.identity).toBe('operator:1');
    expect(pickOperator([{ identity: 'someone' }])?.identity).toBe('someone');
    expect(pickOperator([{ identity: 'a' }, { identity: 'b' }])).toBeUndefined();
    expect(pickOperator([])).toBeUndefined();
  });
});
