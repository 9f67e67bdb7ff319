import { describe, expect, it } from 'vitest';
import { jstInstant } from '../calendar';
import { checkInWindow, evaluateWindow, isNoShow, localClock } from './check-in';

const policy = { checkInEarlyMinutes: 10, checkInLateMinutes: 15 };
const at = (date: string, time: string, seconds = 0) => new Date(jstInstant(date, time).getTime() + seconds * 1000);

describe('evaluateWindow', () => {
  const slot = at('2026-12-07', '10:00');
  it('is early before 09:50, ok from 09:50 to 10:15 inclusive, late after, expired the next day', () => {
    expect(evaluateWindow(slot, policy, at('2026-12-07', '09:49', 59)).kind).toBe('early');
    expect(evaluateWindow(slot, policy, at('2026-12-07', '09:50')).kind).toBe('ok');
    expect(evaluateWindow(slot, policy, at('2026-12-07', '10:15')).kind).toBe('ok');
    expect(evaluateWindow(slot, policy, at('2026-12-07', '10:15', 1)).kind).toBe('late');
    expect(evaluateWindow(slot, policy, at('2026-12-07', '23:59')).kind).toBe('late');
    expect(evaluateWindow(slot, policy, at('2026-12-08', '00:00')).kind).toBe('expired');
    expect(evaluateWindow(slot, policy, at('2026-12-06', '10:00')).kind).toBe('early');
  });

  it('tells when the window opens', () => {
    const verdict = evaluateWindow(slot, policy, at('2026-12-07', '09:00'));
    expect(verdict.opensAt).toEqual(at('2026-12-07', '09:50'));
    expect(localClock(verdict.opensAt, at('2026-12-07', '09:00'))).toEqual({ date: null, time: '09:50' });
    expect(localClock(verdict.opensAt, at('2026-12-06', '09:00'))).toEqual({ date: '2026-12-07', time: '09:50' });
  });

  it('crosses midnight in Japan time: a 00:00 slot opens at 23:50 the day before, a 23:55 slot closes at 00:10', () => {
    const midnight = at('2026-12-08', '00:00');
    expect(evaluateWindow(midnight, policy, at('2026-12-07', '23:49')).kind).toBe('early');
    expect(evaluateWindow(midnight, policy, at('2026-12-07', '23:50')).kind).toBe('ok');
    expect(localClock(checkInWindow(midnight, policy).opensAt, at('2026-12-07', '12:00'))).toEqual({ date: null, time: '23:50' });
    const late = at('2026-12-07', '23:55');
    expect(evaluateWindow(late, policy, at('2026-12-08', '00:10')).kind).toBe('ok');
    // The window closed on the 8th (00:10): later that day is late, not expired.
    expect(evaluateWindow(late, policy, at('2026-12-08', '00:11')).kind).toBe('late');
    expect(evaluateWindow(late, policy, at('2026-12-09', '00:00')).kind).toBe('expired');
  });

  it('is the same on a holiday (a mall booth open on 勤労感謝の日) and uses Japan, not UTC, dates', () => {
    // 2026-11-23 (Mon) is a national holiday; 09:00 JST is 00:00 UTC, 08:59 JST is the 22nd in UTC.
    const slot = at('2026-11-23', '09:05');
    expect(evaluateWindow(slot, policy, at('2026-11-23', '08:55')).kind).toBe('ok');
    expect(evaluateWindow(slot, policy, at('2026-11-23', '08:54')).kind).toBe('early');
    expect(evaluateWindow(at('2026-11-23', '08:00'), policy, at('2026-11-23', '08:59')).kind).toBe('late');
    // 2026-11-24 00:30 JST is still the 23rd in UTC: expired all the same.
    expect(evaluateWindow(at('2026-11-23', '08:00'), policy, at('2026-11-24', '00:30')).kind).toBe('expired');
  });

  it('follows the policy (0 minutes early: only from the slot start)', () => {
    expect(evaluateWindow(slot, { checkInEarlyMinutes: 0, checkInLateMinutes: 5 }, at('2026-12-07', '09:59')).kind).toBe('early');
    expect(evaluateWindow(slot, { checkInEarlyMinutes: 0, checkInLateMinutes: 5 }, at('2026-12-07', '10:06')).kind).toBe('late');
  });
});

describe('isNoShow', () => {
  it('is true once the window has closed', () => {
    const slot = at('2026-12-07', '10:00');
    expect(isNoShow(slot, policy, at('2026-12-07', '10:15'))).toBe(false);
    expect(isNoShow(slot, policy, at('2026-12-07', '10:15', 1))).toBe(true);
  });
});
