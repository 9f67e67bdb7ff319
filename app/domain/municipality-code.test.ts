import { describe, expect, it } from 'vitest';
import { isValidMunicipalityCode, municipalityCheckDigit } from './municipality-code';

describe('全国地方公共団体コード', () => {
  it.each([
    ['131016', '千代田区'],
    ['011002', '札幌市'],
    ['243248', '東員町'],
    ['432032', '人吉市'],
    ['172014', '金沢市'],
    ['272221', '羽曳野市'],
    ['142166', '座間市'],
  ])('accepts %s (%s)', (code) => {
    expect(isValidMunicipalityCode(code)).toBe(true);
  });

  it.each(['131017', '24324', '2432480', 'abcdef', '', '24324８'])('rejects %s', (code) => {
    expect(isValidMunicipalityCode(code)).toBe(false);
  });

  it('maps remainders 0 and 1 to check digits 1 and 0', () => {
    // 6·1+5·1+4·0+3·0+2·0 = 11 → remainder 0 → 1
    expect(municipalityCheckDigit('11000')).toBe(1);
    // 6·2 = 12 → remainder 1 → 0
    expect(municipalityCheckDigit('20000')).toBe(0);
  });
});
