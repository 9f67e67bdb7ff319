import { describe, expect, it } from 'vitest';
import { guidanceCards } from '../journey/vocabulary';
import {
  captureAnswer,
  parseCaptureAnswer,
  parseCapturePayload,
  parseGuidancePayload,
  parsePhotoModePayload,
  parsePhotoShowPayload,
  pickOperator,
  qualityPayload,
} from './rpc';

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
    // After a fallback: the layer the camera sends, for the console to ask for (quality.ts).
    expect(JSON.parse(qualityPayload('good', false, 'medium'))).toEqual({ quality: 'good', degraded: false, sending: 'medium' });
  });

  it('finds the operator among the participants', () => {
    expect(pickOperator([{ identity: 'booth:2' }, { identity: 'operator:1' }])?.identity).toBe('operator:1');
    expect(pickOperator([{ identity: 'someone' }])?.identity).toBe('someone');
    expect(pickOperator([{ identity: 'a' }, { identity: 'b' }])).toBeUndefined();
    expect(pickOperator([])).toBeUndefined();
  });
});

describe('photo RPC payloads', () => {
  const id = '0b7c6a4e-2f7d-4c61-9a57-3d1f0e9b8a21';

  it('switches photo mode only on a boolean', () => {
    expect(parsePhotoModePayload('{"on":true}')).toBe(true);
    expect(parsePhotoModePayload('{"on":false}')).toBe(false);
    for (const payload of ['', '{}', '{"on":"true"}', '{"on":1}', 'true', '[true]', 'null'])
      expect(parsePhotoModePayload(payload), payload).toBeNull();
  });

  it('counts down 3 s by default, 0–5 whole seconds when asked, and refuses anything else', () => {
    expect(parseCapturePayload('')).toEqual({ countdownSeconds: 3 });
    expect(parseCapturePayload('{}')).toEqual({ countdownSeconds: 3 });
    expect(parseCapturePayload('{"countdownSeconds":0}')).toEqual({ countdownSeconds: 0 });
    expect(parseCapturePayload('{"countdownSeconds":5}')).toEqual({ countdownSeconds: 5 });
    for (const payload of [
      '{"countdownSeconds":6}',
      '{"countdownSeconds":-1}',
      '{"countdownSeconds":1.5}',
      '{"countdownSeconds":"3"}',
      'x',
      '[]',
    ]) {
      expect(parseCapturePayload(payload), payload).toBeNull();
    }
  });

  it('shows only a photo id that is a UUID (it goes into a URL)', () => {
    expect(parsePhotoShowPayload(JSON.stringify({ photoId: id }))).toBe(id);
    for (const photoId of ['', '../me', `${id}/x`, 42, null])
      expect(parsePhotoShowPayload(JSON.stringify({ photoId })), String(photoId)).toBeNull();
    expect(parsePhotoShowPayload('nope')).toBeNull();
  });

  it('answers a capture with the photo id or a bilingual error, and the console reads both back', () => {
    expect(parseCaptureAnswer(captureAnswer({ photoId: id }))).toEqual({ photoId: id });
    const error = { code: 'no_camera', ja: 'カメラがありません', en: 'No camera' };
    expect(parseCaptureAnswer(captureAnswer({ error }))).toEqual({ error });
    for (const payload of ['ok', '{}', '{"photoId":"x"}', '{"error":{"code":"x"}}', '{"error":"x"}'])
      expect(parseCaptureAnswer(payload), payload).toBeNull();
  });
});
