import { describe, expect, it } from 'vitest';
import { Problem, preferredLanguage, problems } from './problems';

describe('Problem.is', () => {
  it('recognises a Problem, also one made by another copy of this module (as the Remix bundle has)', () => {
    expect(Problem.is(problems.forbidden())).toBe(true);
    const fromOtherCopy = Object.assign(new Error('x'), { [Symbol.for('madoguchi.problem')]: true, status: 404 });
    expect(Problem.is(fromOtherCopy)).toBe(true);
  });
  it('does not mistake other errors or values for one', () => {
    for (const value of [new Error('x'), { status: 404, code: 'x' }, null, undefined, 'problem']) expect(Problem.is(value)).toBe(false);
  });
});

describe('preferredLanguage', () => {
  it.each([
    [undefined, 'ja'],
    ['', 'ja'],
    ['ja,en;q=0.8', 'ja'],
    ['en-US,en;q=0.9', 'en'],
    ['vi,en;q=0.5', 'ja'],
  ] as const)('%s → %s', (header, expected) => {
    expect(preferredLanguage(header)).toBe(expected);
  });
});
