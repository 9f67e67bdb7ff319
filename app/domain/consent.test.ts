import { describe, expect, it } from 'vitest';
import { consentRecord } from './consent';

const terms = { version: 3, texts: { ja: '利用規約', vi: 'Điều khoản', 'ja-x-easy': 'きまり' } };
const privacy = { version: 2, texts: { ja: '個人情報の扱い', en: 'Privacy' } };

describe('consentRecord', () => {
  it('records each version with the language the resident was shown it in', () => {
    expect(consentRecord({ terms, privacy }, 'vi')).toBe('terms:3:vi,privacy:2:ja');
    expect(consentRecord({ terms, privacy }, 'en')).toBe('terms:3:ja-x-easy,privacy:2:en');
    expect(consentRecord({ terms, privacy }, 'pt')).toBe('terms:3:ja-x-easy,privacy:2:ja');
    expect(consentRecord({ terms, privacy }, 'ja')).toBe('terms:3:ja,privacy:2:ja');
  });
});
