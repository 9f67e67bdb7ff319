import { describe, expect, it } from 'vitest';
import { requestIdFor } from './request-id';

const fresh = () => 'generated';

describe('requestIdFor', () => {
  it('always makes its own id when no proxy of ours sits in front', () => {
    expect(requestIdFor('3f1c2a9e-8d4b-4c1a-9e2f-0a1b2c3d4e5f', false, fresh)).toBe('generated');
    expect(requestIdFor(undefined, false, fresh)).toBe('generated');
  });

  it('keeps a proxy’s id only in a strict shape', () => {
    expect(requestIdFor('3F1C2A9E-8D4B-4C1A-9E2F-0A1B2C3D4E5F', true, fresh)).toBe('3f1c2a9e-8d4b-4c1a-9e2f-0a1b2c3d4e5f');
    expect(requestIdFor('0123456789abcdef0123456789abcdef', true, fresh)).toBe('0123456789abcdef0123456789abcdef');
    for (const bad of [
      'yamada-taro',
      '山田太郎',
      '123456789012',
      '12345678-1234-1234-1234-123456789012',
      '01234567890123456789012345678901',
      'a'.repeat(33),
      '0123456789abcde',
      'x-1234-5678',
      '',
    ]) {
      expect(requestIdFor(bad, true, fresh)).toBe('generated');
    }
  });

  it('generates UUIDs by default', () => {
    expect(requestIdFor(undefined, false)).toMatch(/^[0-9a-f-]{36}$/);
  });
});
