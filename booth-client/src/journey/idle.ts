/**
 * The idle timeout: after IDLE_MS without a touch the booth warns (with a countdown), and after
 * WARN_MS more it forgets the resident. Pure: the clock is a parameter.
 */

export const IDLE_MS = 90_000;
export const WARN_MS = 15_000;

export interface IdleTiming {
  idleMs: number;
  warnMs: number;
}

export type IdlePhase = { phase: 'active' } | { phase: 'warning'; secondsLeft: number } | { phase: 'expired' };

export function idlePhase(now: number, lastActivity: number, timing: IdleTiming = { idleMs: IDLE_MS, warnMs: WARN_MS }): IdlePhase {
  const idle = Math.max(0, now - lastActivity);
  if (idle < timing.idleMs) return { phase: 'active' };
  const left = timing.idleMs + timing.warnMs - idle;
  if (left <= 0) return { phase: 'expired' };
  return { phase: 'warning', secondsLeft: Math.ceil(left / 1000) };
}

/** Seconds left of a countdown that started at `since` and lasts `durationMs` (never below 0). */
export function secondsLeft(now: number, since: number, durationMs: number): number {
  return Math.max(0, Math.ceil((since + durationMs - now) / 1000));
}
