/**
 * React hooks for the journey's clock on screen. The timers that decide something are effects of
 * the journey (journey/visit.ts) held by its runner; these only feed touches in and show countdowns.
 */
import { useEffect, useState } from 'react';
import { secondsLeft } from './journey/idle';

const ACTIVITY_EVENTS = ['pointerdown', 'touchstart', 'keydown', 'wheel'] as const;

/** `onTouch` on any touch, key or wheel anywhere while `enabled` (the idle timeout starts over). */
export function useTouches(enabled: boolean, onTouch: () => void): void {
  useEffect(() => {
    if (!enabled) return;
    for (const e of ACTIVITY_EVENTS) window.addEventListener(e, onTouch, { capture: true, passive: true });
    return () => {
      for (const e of ACTIVITY_EVENTS) window.removeEventListener(e, onTouch, { capture: true });
    };
  }, [enabled, onTouch]);
}

/** Whole seconds left until `endsAt` (ms), shown four times a second; 0 without a deadline. */
export function useSecondsLeft(endsAt: number | null): number {
  const [, setTick] = useState(0);
  useEffect(() => {
    if (endsAt === null) return;
    const tick = setInterval(() => setTick((n) => n + 1), 250);
    return () => clearInterval(tick);
  }, [endsAt]);
  return endsAt === null ? 0 : secondsLeft(Date.now(), endsAt, 0);
}
