import { describe, expect, it } from 'vitest';
import { CODE_ALPHABET, CODE_LENGTH, checkCharacter, combine, formatCode, isValidCode, newCode, parseCode } from './code';

const N = CODE_ALPHABET.length;

describe('the code alphabet', () => {
  it('has 31 distinct characters and none of 0 O 1 I L', () => {
    expect(N).toBe(31);
    expect(new Set(CODE_ALPHABET).size).toBe(31);
    for (const ch of '0O1IL') expect(CODE_ALPHABET).not.toContain(ch);
  });
});

describe('the check character (exhaustive over the quasigroup)', () => {
  it('is a quasigroup: each row and each column is a permutation (so one wrong character always shows)', () => {
    for (let c = 0; c < N; c++) {
      const row = new Set(Array.from({ length: N }, (_, x) => combine(c, x)));
      const column = new Set(Array.from({ length: N }, (_, x) => combine(x, c)));
      expect(row.size).toBe(N);
      expect(column.size).toBe(N);
    }
  });

  it('is totally anti-symmetric: (c∗x)∗y ≠ (c∗y)∗x whenever x ≠ y (so every adjacent swap shows)', () => {
    let checked = 0;
    const collisions: [number, number, number][] = [];
    for (let c = 0; c < N; c++)
      for (let x = 0; x < N; x++)
        for (let y = 0; y < N; y++) {
          if (x === y) continue;
          if (combine(combine(c, x), y) === combine(combine(c, y), x)) collisions.push([c, x, y]);
          checked++;
        }
    expect(checked).toBe(31 * 31 * 30);
    expect(collisions).toEqual([]);
  });

  /** Every substitution and every adjacent swap of `code` that goes undetected. */
  function missed(code: string): string[] {
    const out: string[] = [];
    for (let i = 0; i < code.length; i++) {
      for (const ch of CODE_ALPHABET) {
        if (ch === code[i]) continue;
        const wrong = code.slice(0, i) + ch + code.slice(i + 1);
        if (isValidCode(wrong)) out.push(wrong);
      }
      if (i + 1 < code.length && code[i] !== code[i + 1]) {
        const swapped = code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2);
        if (isValidCode(swapped)) out.push(swapped);
      }
    }
    return out;
  }

  it('catches every single-character error and every adjacent swap of every 3+1-character code', () => {
    const undetected: string[] = [];
    let codes = 0;
    for (const a of CODE_ALPHABET)
      for (const b of CODE_ALPHABET)
        for (const c of CODE_ALPHABET) {
          const code = a + b + c + checkCharacter(a + b + c);
          if (!isValidCode(code)) undetected.push(`invalid ${code}`);
          undetected.push(...missed(code));
          codes++;
        }
    expect(codes).toBe(31 ** 3);
    expect(undetected).toEqual([]);
  });

  it('catches every single error and adjacent swap of 5,000 random full-length codes', () => {
    let seed = 42;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const undetected: string[] = [];
    for (let k = 0; k < 5000; k++) {
      const code = newCode(random);
      if (code.length !== CODE_LENGTH || !isValidCode(code)) undetected.push(`invalid ${code}`);
      undetected.push(...missed(code));
    }
    expect(undetected).toEqual([]);
  });

  it('would notice a check character that does not catch errors (the test can fail)', () => {
    // A plain sum mod 31 misses every swap: the same search finds them.
    const sumValid = (code: string) => [...code].reduce((s, ch) => s + CODE_ALPHABET.indexOf(ch), 0) % 31 === 0;
    const code = 'AB2';
    const swapped = 'BA2';
    expect(sumValid(code + CODE_ALPHABET[(31 - ([...code].reduce((s, ch) => s + CODE_ALPHABET.indexOf(ch), 0) % 31)) % 31])).toBe(true);
    expect(sumValid(swapped + CODE_ALPHABET[(31 - ([...code].reduce((s, ch) => s + CODE_ALPHABET.indexOf(ch), 0) % 31)) % 31])).toBe(true);
  });
});

describe('parseCode', () => {
  const code = `ABCDEFG${checkCharacter('ABCDEFG')}`;
  it('accepts the code as shown, in lower case, full width, with spaces or hyphens', () => {
    expect(parseCode(formatCode(code))).toBe(code);
    expect(parseCode(code.toLowerCase())).toBe(code);
    expect(parseCode(` ${code.slice(0, 4)} ${code.slice(4)} `)).toBe(code);
    expect(parseCode(code.replace(/[A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)))).toBe(code);
  });
  it('refuses a wrong length, a character outside the alphabet and a wrong check character', () => {
    expect(parseCode(code.slice(0, 7))).toBeNull();
    expect(parseCode(`${code}2`)).toBeNull();
    expect(parseCode(`O${code.slice(1)}`)).toBeNull();
    expect(parseCode(`${code.slice(0, 7)}${code[7] === '2' ? '3' : '2'}`)).toBeNull();
  });
});
