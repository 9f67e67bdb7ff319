import { describe, expect, it } from 'vitest';
import { IDLE_MS, idlePhase, secondsLeft, WARN_MS } from './idle';

describe('idle timeout', () => {
  it('is active until the idle time has passed', () => {
    expect(idlePhase(1000, 1000)).toEqual({ phase: 'active' });
    expect(idlePhase(IDLE_MS - 1, 0)).toEqual({ phase: 'active' });
  });

  it('warns with a countdown, then expires', () => {
    expect(idlePhase(IDLE_MS, 0)).toEqual({ phase: 'warning', secondsLeft: WARN_MS / 1000 });
    expect(idlePhase(IDLE_MS + 14_001, 0)).toEqual({ phase: 'warning', secondsLeft: 1 });
    expect(idlePhase(IDLE_MS + WARN_MS, 0)).toEqual({ phase: 'expired' });
    expect(idlePhase(IDLE_MS + WARN_MS + 60_000, 0)).toEqual({ phase: 'expired' });
  });

  it('a touch starts over', () => {
    expect(idlePhase(IDLE_MS + 5000, IDLE_MS + 4000)).toEqual({ phase: 'active' });
  });

  it('takes other timings and a clock that went backwards', () => {
    expect(idlePhase(2500, 0, { idleMs: 2000, warnMs: 1000 })).toEqual({ phase: 'warning', secondsLeft: 1 });
    expect(idlePhase(0, 5000)).toEqual({ phase: 'active' });
  });

  it('counts seconds down for auto-return screens', () => {
    expect(secondsLeft(0, 0, 20_000)).toBe(20);
    expect(secondsLeft(19_500, 0, 20_000)).toBe(1);
    expect(secondsLeft(25_000, 0, 20_000)).toBe(0);
  });
});
