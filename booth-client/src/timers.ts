/** React hooks around the journey's pure timing rules (journey/idle.ts). */
import { useEffect, useRef, useState } from 'react';
import { IDLE_MS, idlePhase, secondsLeft, WARN_MS, type IdlePhase, type IdleTiming } from './journey/idle';

const ACTIVITY_EVENTS = ['pointerdown', 'touchstart', 'keydown', 'wheel'] as const;

/**
 * The idle timeout while `enabled`: any touch starts the count over; after `timing.idleMs`
 * (IDLE_MS) a warning with a countdown, after `timing.warnMs` (WARN_MS) more `onExpire`.
 * `resetKey` changing (a new screen) also starts over.
 */
export function useIdleTimeout(
  enabled: boolean,
  resetKey: unknown,
  onExpire: () => void,
  timing: IdleTiming = { idleMs: IDLE_MS, warnMs: WARN_MS },
): { phase: IdlePhase; keepAlive: () => void } {
  const { idleMs, warnMs } = timing;
  const lastActivity = useRef(Date.now());
  const [phase, setPhase] = useState<IdlePhase>({ phase: 'active' });
  const expire = useRef(onExpire);
  expire.current = onExpire;

  useEffect(() => {
    lastActivity.current = Date.now();
    setPhase({ phase: 'active' });
  }, [resetKey]);

  useEffect(() => {
    if (!enabled) {
      setPhase({ phase: 'active' });
      return;
    }
    lastActivity.current = Date.now();
    const touched = () => {
      lastActivity.current = Date.now();
    };
    for (const e of ACTIVITY_EVENTS) window.addEventListener(e, touched, { capture: true, passive: true });
    const timer = setInterval(() => {
      const next = idlePhase(Date.now(), lastActivity.current, { idleMs, warnMs });
      if (next.phase === 'expired') {
        clearInterval(timer);
        expire.current();
        return;
      }
      setPhase((prev) =>
        prev.phase === next.phase && (prev.phase !== 'warning' || next.phase !== 'warning' || prev.secondsLeft === next.secondsLeft) ? prev : next,
      );
    }, 250);
    return () => {
      clearInterval(timer);
      for (const e of ACTIVITY_EVENTS) window.removeEventListener(e, touched, { capture: true });
    };
  }, [enabled, idleMs, warnMs]);

  return {
    phase,
    keepAlive: () => {
      lastActivity.current = Date.now();
      setPhase({ phase: 'active' });
    },
  };
}

/** Seconds left before `onDone` runs by itself (`durationMs` null: no countdown). Restarts when `resetKey` changes. */
export function useAutoReturn(durationMs: number | null, resetKey: unknown, onDone: () => void): number {
  const done = useRef(onDone);
  done.current = onDone;
  const [left, setLeft] = useState(durationMs === null ? 0 : Math.ceil(durationMs / 1000));
  useEffect(() => {
    if (durationMs === null) return;
    const since = Date.now();
    setLeft(secondsLeft(since, since, durationMs));
    const tick = setInterval(() => setLeft(secondsLeft(Date.now(), since, durationMs)), 250);
    const timeout = setTimeout(() => done.current(), durationMs);
    return () => {
      clearInterval(tick);
      clearTimeout(timeout);
    };
  }, [durationMs, resetKey]);
  return left;
}

/** Run `task` every `ms` while `enabled`. */
export function useInterval(enabled: boolean, ms: number, task: () => void) {
  const run = useRef(task);
  run.current = task;
  useEffect(() => {
    if (!enabled) return;
    const timer = setInterval(() => run.current(), ms);
    return () => clearInterval(timer);
  }, [enabled, ms]);
}
