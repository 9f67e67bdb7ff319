import { describe, expect, it } from 'vitest';
import { codeFromScan, displayCode, RESERVATION_CODE_LENGTH, typeKey } from './reservation-code';

describe('reservation codes at the booth', () => {
  it('types only the alphabet, upper-cased, up to the code length', () => {
    let typed = '';
    for (const key of ['a', '2', '0', 'O', '1', 'I', 'L', 'k', '-', 'AB']) typed = typeKey(typed, key);
    expect(typed).toBe('A2K');
    for (const key of 'ZZZZZZZZZZ') typed = typeKey(typed, key);
    expect(typed).toHaveLength(RESERVATION_CODE_LENGTH);
    expect(typed).toBe('A2KZZZZZ');
  });

  it('shows the hyphen after four characters', () => {
    expect(displayCode('')).toBe('');
    expect(displayCode('ABCD')).toBe('ABCD');
    expect(displayCode('ABCDE')).toBe('ABCD-E');
    expect(displayCode('ABCDEFGH')).toBe('ABCD-EFGH');
  });

  it('finds the code in what a QR code says', () => {
    expect(codeFromScan('ABCD-EFGH')).toBe('ABCDEFGH');
    expect(codeFromScan(' abcd-efgh\n')).toBe('ABCDEFGH');
    expect(codeFromScan('ABCDEFGH')).toBe('ABCDEFGH');
    expect(codeFromScan('https://madoguchi.example/reserve/r/K7PQ-2M9X')).toBe('K7PQ2M9X');
    expect(codeFromScan('https://madoguchi.example/reserve/24562?code=k7pq-2m9x')).toBe('K7PQ2M9X');
  });

  it('ignores other QR codes', () => {
    expect(codeFromScan('')).toBeNull();
    expect(codeFromScan('hello world')).toBeNull();
    expect(codeFromScan('ABCD-EFG0')).toBeNull(); // 0 is not in the alphabet
    expect(codeFromScan('ABCDEFGHJ')).toBeNull(); // nine characters
    expect(codeFromScan('ABC-DEFGH')).toBeNull();
    expect(codeFromScan('A'.repeat(600))).toBeNull();
  });
});
