import { describe, expect, it } from 'vitest';
import { BREACH_CLEAR_AFTER_MS, checkStaffing, type Episode, type Need, onDutyBy, requirementOf } from './breach';

const need = (over: Partial<Need> = {}): Need => ({ municipalityId: 'm1', open: true, minimum: 2, forecast: null, ...over });
const op = (status: Parameters<typeof onDutyBy>[0][number]['status'], municipalityIds = ['m1']) => ({ status, municipalityIds });
const none = new Map<string, Episode>();

describe('on duty', () => {
  it('available, ringing, on a call and in after-call work count; break, away and offline do not', () => {
    const counts = onDutyBy([op('available'), op('offered'), op('on_call'), op('wrap_up'), op('break'), op('away'), op('offline')]);
    expect(counts.get('m1')).toBe(4);
  });
  it('an operator serving two municipalities counts in each', () => {
    const counts = onDutyBy([op('available', ['m1', 'm2'])]);
    expect([counts.get('m1'), counts.get('m2')]).toEqual([1, 1]);
  });
});

describe('the requirement', () => {
  it('the higher of the minimum and the forecast; the minimum wins a tie', () => {
    expect(requirementOf(need({ minimum: 2, forecast: 3 }))).toEqual({ required: 3, basis: 'forecast' });
    expect(requirementOf(need({ minimum: 3, forecast: 3 }))).toEqual({ required: 3, basis: 'minimum' });
    expect(requirementOf(need({ minimum: 4, forecast: null }))).toEqual({ required: 4, basis: 'minimum' });
  });
});

describe('episodes', () => {
  const t0 = 1_800_000_000_000;
  it('one operator going on break below the minimum starts an episode at once', () => {
    const { lines, changes } = checkStaffing([need()], [op('available'), op('break')], none, t0);
    expect(lines).toEqual([{ municipalityId: 'm1', open: true, required: 2, basis: 'minimum', onDuty: 1, short: true }]);
    expect(changes).toEqual([
      { kind: 'started', episode: { municipalityId: 'm1', basis: 'minimum', required: 2, lowest: 1, startedAt: t0, okSince: null } },
    ]);
  });

  it('no breach while closed, or when enough are on duty', () => {
    expect(checkStaffing([need({ open: false })], [], none, t0).changes).toEqual([]);
    expect(checkStaffing([need()], [op('available'), op('on_call')], none, t0).changes).toEqual([]);
  });

  it('keeps the lowest count; ends only after the count has been back for the clear time, at when it came back', () => {
    const open = new Map<string, Episode>();
    const apply = (changes: ReturnType<typeof checkStaffing>['changes']) => {
      for (const c of changes) {
        if (c.kind === 'ended') open.delete(c.episode.municipalityId);
        else open.set(c.episode.municipalityId, c.episode);
      }
      return changes;
    };
    apply(checkStaffing([need()], [op('available')], open, t0).changes);
    expect(apply(checkStaffing([need()], [], open, t0 + 1000).changes)).toMatchObject([{ kind: 'updated', episode: { lowest: 0 } }]);
    // Nothing new: no change written.
    expect(checkStaffing([need()], [], open, t0 + 2000).changes).toEqual([]);
    // Back to two: the episode notes when, but stays open.
    expect(apply(checkStaffing([need()], [op('available'), op('available')], open, t0 + 10_000).changes)).toMatchObject([
      { kind: 'updated', episode: { okSince: t0 + 10_000 } },
    ]);
    // Short again before the clear time: the same episode, no new alert.
    expect(apply(checkStaffing([need()], [op('available')], open, t0 + 20_000).changes)).toMatchObject([
      { kind: 'updated', episode: { okSince: null, startedAt: t0 } },
    ]);
    apply(checkStaffing([need()], [op('available'), op('available')], open, t0 + 30_000).changes);
    expect(checkStaffing([need()], [op('available'), op('available')], open, t0 + 30_000 + BREACH_CLEAR_AFTER_MS - 1).changes).toEqual([]);
    expect(checkStaffing([need()], [op('available'), op('available')], open, t0 + 30_000 + BREACH_CLEAR_AFTER_MS).changes).toMatchObject([
      { kind: 'ended', endedAt: t0 + 30_000 },
    ]);
  });

  it('closing ends the episode at once; a municipality that no longer requires anything ends it too', () => {
    const episode: Episode = { municipalityId: 'm1', basis: 'minimum', required: 2, lowest: 0, startedAt: t0, okSince: null };
    const open = new Map([['m1', episode]]);
    expect(checkStaffing([need({ open: false })], [], open, t0 + 5).changes).toEqual([{ kind: 'ended', episode, endedAt: t0 + 5 }]);
    expect(checkStaffing([], [], open, t0 + 6).changes).toEqual([{ kind: 'ended', episode, endedAt: t0 + 6 }]);
  });
});
