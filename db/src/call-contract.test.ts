import { describe, expect, it } from 'vitest';
import * as contract from './call-contract';

const { boothIdentity, boothMethods, boothPayload, isBoothIdentity, isOperatorIdentity, operatorIdentity } = contract;
const { parseGuidancePayload, parsePhotoModePayload, parseQualityPayload, qualityPayload } = contract;

// The booth's side of the RPC payloads is tested through booth-client/src/call/rpc.test.ts.
describe('the call contract', () => {
  it('tells booth and operator apart by the identities their tokens carry', () => {
    expect(boothIdentity('b1')).toBe('booth:b1');
    expect(operatorIdentity('a1')).toBe('operator:a1');
    expect(isBoothIdentity(boothIdentity('b1'))).toBe(true);
    expect(isBoothIdentity(operatorIdentity('a1'))).toBe(false);
    expect(isOperatorIdentity(operatorIdentity('a1'))).toBe(true);
    expect(isOperatorIdentity('someone')).toBe(false);
  });

  it('sends what the booth parses', () => {
    expect(parseGuidancePayload(boothPayload(boothMethods.guidanceShow, { card: 'scan-qr' }))).toBe('scan-qr');
    expect(parsePhotoModePayload(boothPayload(boothMethods.photoMode, { on: true }))).toBe(true);
  });

  it('reads quality.changed as the booth sends it, and nothing else', () => {
    expect(parseQualityPayload(qualityPayload('poor', true))).toEqual({ degraded: true, sending: null });
    expect(parseQualityPayload(qualityPayload('good', false, 'medium'))).toEqual({ degraded: false, sending: 'medium' });
    expect(parseQualityPayload('{"degraded":"yes","sending":"ultra"}')).toEqual({ degraded: false, sending: null });
    for (const payload of ['', 'x', 'null', '[]']) expect(parseQualityPayload(payload), payload).toBeNull();
  });

  it('carries the booth’s photo guidance as one known instruction, with the operator’s words for each', () => {
    const { parsePhotoGuidancePayload, photoGuidancePayload, photoInstructions, photoInstructionJa, operatorMethods } = contract;
    expect(operatorMethods.photoGuidance).toBe('photo.guidance');
    for (const instruction of photoInstructions) {
      expect(parsePhotoGuidancePayload(photoGuidancePayload(instruction))).toBe(instruction);
      expect(photoInstructionJa[instruction]).toMatch(/[ぁ-んァ-ン一-龥]/);
    }
    for (const payload of ['', 'x', 'null', '[]', '{"instruction":"smile"}', '{"instruction":1}', '{}'])
      expect(parsePhotoGuidancePayload(payload), payload).toBeNull();
  });
});
