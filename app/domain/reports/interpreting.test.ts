import { describe, expect, it } from 'vitest';
import type { InterpreterEventRecord } from '../interpreting';
import { interpretingSection, median } from './interpreting';

const ev = (sessionId: string, type: string, at: number, detail: Record<string, unknown> | null): InterpreterEventRecord => ({
  sessionId,
  type: `interpreter-${type}`,
  at,
  detail,
});

describe('the interpreters section of the reports', () => {
  it('counts requests, joins and not-found per language, with the mean and median wait from request to join', () => {
    const section = interpretingSection([
      // s1: English, joined after 12 s, then left; a second English request joined after 30 s.
      ev('s1', 'requested', 0, { requestId: 'a', language: 'en' }),
      ev('s1', 'rung', 100, { requestId: 'a', language: 'en', interpreterId: 'i1' }),
      ev('s1', 'joined', 12_000, { requestId: 'a', language: 'en', interpreterId: 'i1', waitedMs: 12_000 }),
      ev('s1', 'left', 300_000, { requestId: 'a', language: 'en', interpreterId: 'i1' }),
      ev('s1', 'requested', 400_000, { requestId: 'b', language: 'en' }),
      ev('s1', 'joined', 430_000, { requestId: 'b', language: 'en', interpreterId: 'i2' }),
      // s2: Vietnamese, nobody within the wait (told twice after "keep waiting"), then joined after 95 s.
      ev('s2', 'requested', 1_000, { requestId: 'c', language: 'vi' }),
      ev('s2', 'not-found', 61_000, { requestId: 'c', language: 'vi' }),
      ev('s2', 'not-found', 91_000, { requestId: 'c', language: 'vi' }),
      ev('s2', 'joined', 96_000, { requestId: 'c', language: 'vi', interpreterId: 'i3' }),
      // s3: Portuguese, nobody, given up.
      ev('s3', 'requested', 2_000, { requestId: 'd', language: 'pt' }),
      ev('s3', 'not-found', 62_000, { requestId: 'd', language: 'pt' }),
      ev('s3', 'cancelled', 70_000, { requestId: 'd', language: 'pt' }),
    ]);
    expect(section.totals).toEqual({ requested: 4, joined: 3, notFound: 2, meanWaitSeconds: 45.7, medianWaitSeconds: 30 });
    expect(section.calls).toEqual({ requested: 3, interpreted: 2 });
    expect(section.byLanguage).toEqual([
      { language: 'en', requested: 2, joined: 2, notFound: 0, meanWaitSeconds: 21, medianWaitSeconds: 21 },
      { language: 'vi', requested: 1, joined: 1, notFound: 1, meanWaitSeconds: 95, medianWaitSeconds: 95 },
      { language: 'pt', requested: 1, joined: 0, notFound: 1, meanWaitSeconds: null, medianWaitSeconds: null },
    ]);
  });

  it('is all zero without requests, and ignores steps of a request never opened or without an id, in any order', () => {
    expect(interpretingSection([])).toEqual({
      totals: { requested: 0, joined: 0, notFound: 0, meanWaitSeconds: null, medianWaitSeconds: null },
      calls: { requested: 0, interpreted: 0 },
      byLanguage: [],
    });
    const section = interpretingSection([
      ev('s1', 'joined', 5_000, { requestId: 'a', language: 'en', interpreterId: 'i1' }),
      ev('s1', 'requested', 1_000, { requestId: 'a', language: 'en' }),
      ev('s1', 'joined', 9_000, { requestId: 'ghost', language: 'en', interpreterId: 'i1' }),
      ev('s1', 'requested', 9_500, { language: 'en' }),
      ev('s2', 'requested', 9_600, { requestId: 'x', language: 'klingon' }),
    ]);
    expect(section.totals).toMatchObject({ requested: 1, joined: 1, meanWaitSeconds: 4, medianWaitSeconds: 4 });
  });

  it('median: the middle value, or the mean of the two middle ones', () => {
    expect(median([])).toBeNull();
    expect(median([5])).toBe(5);
    expect(median([9, 1, 5])).toBe(5);
    expect(median([4, 1, 10, 2])).toBe(3);
  });
});
