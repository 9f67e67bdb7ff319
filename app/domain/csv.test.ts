import { describe, expect, it } from 'vitest';
import { csvCell } from './csv';

describe('csvCell', () => {
  it('CSV cells: plain when safe, quoted when they hold a comma, quote or line break', () => {
    expect(csvCell('削除')).toBe('削除');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "x"')).toBe('"say ""x"""');
    expect(csvCell('two\r\nlines')).toBe('"two\r\nlines"');
  });

  it.each(['=1+1', '+81', '-2', '@SUM(A1)', '\tx'])('a cell starting like a formula (%j) is neutralised', (value) => {
    expect(csvCell(value).replace(/^"/, '').startsWith(`'`)).toBe(true);
  });

  it('numbers stay numbers (a negative number is not a formula); null is an empty cell', () => {
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(1234.5)).toBe('1234.5');
    expect(csvCell(0)).toBe('0');
    expect(csvCell(null)).toBe('');
  });
});
