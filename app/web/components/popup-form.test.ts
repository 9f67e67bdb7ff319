import { describe, expect, it } from 'vitest';
import { daysText, PopupForm, parseDaysText } from './popup-form';

const base = {
  municipalityId: '00000000-0000-4000-8000-000000000001',
  siteName: 'イオンモール 1F',
  siteKind: 'mall',
  procedures: ['renewal'],
};

describe('the days as text', () => {
  it('reads one day a line, ranges after commas, and writes them back the same', () => {
    const text = '2026-11-21 10:00-12:00, 13:00-17:00\n\n2026-11-23 10:00〜17:00';
    const parsed = parseDaysText(text);
    expect(parsed).toEqual({
      ok: true,
      days: [
        {
          date: '2026-11-21',
          ranges: [
            { start: '10:00', end: '12:00' },
            { start: '13:00', end: '17:00' },
          ],
        },
        { date: '2026-11-23', ranges: [{ start: '10:00', end: '17:00' }] },
      ],
    });
    expect(parseDaysText(daysText(parsed.ok ? parsed.days : []))).toEqual(parsed);
  });
  it('names the first line it cannot read', () => {
    expect(parseDaysText('2026-11-21 10:00-17:00\n11/22 10:00-17:00')).toEqual({ ok: false, line: 2 });
    expect(parseDaysText('2026-11-21 10時から')).toEqual({ ok: false, line: 1 });
  });
});

describe('PopupForm', () => {
  it('accepts a plan and refuses days against the domain’s rules', () => {
    expect(PopupForm.safeParse({ ...base, days: '2026-11-21 10:00-17:00' }).success).toBe(true);
    expect(PopupForm.safeParse({ ...base, days: '2026-11-21 10:00-13:00, 12:00-17:00' }).success).toBe(false);
    expect(PopupForm.safeParse({ ...base, days: '' }).success).toBe(false);
    expect(PopupForm.safeParse({ ...base, days: '2026-11-21 10:00-17:00', procedures: [] }).success).toBe(false);
  });
});
