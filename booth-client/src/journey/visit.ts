/**
 * One resident's visit: the journey's screens (machine.ts) in time. The idle timeout (and "are you
 * still there?" while waiting), the screens that return to the start by themselves, opening hours
 * checked while the attract and closed screens show, and forgetting the resident at the end.
 *
 * Pure like the screens: the time is a parameter (`now`), a timer is an effect (`start-timer`,
 * `cancel-timer`) that the runner (runner.ts) holds, and one that runs out comes back as
 * TIMER_FIRED. Forgetting is an effect too (`forget`: the app mounts a fresh journey); a visit that
 * is over does nothing more, except give up a session that a late answer opened.
 */
import { IDLE_MS, idlePhase, WARN_MS } from './idle';
import {
  holdsResident,
  initialState,
  type JourneyConfig,
  type JourneyEffect,
  type JourneyEvent,
  type JourneyState,
  policyFor,
  sessionToClose,
  transition,
} from './machine';

/** How often the attract and closed screens ask /me again whether the booth is open. */
export const OPENING_RECHECK_MS = 60_000;
/** setTimeout cannot wait longer than this. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

export type TimerId =
  /** No touch for a while: the warning, then forgetting (on the waiting screen: "are you still there?"). */
  | 'idle'
  /** The screen returns to the start by itself. */
  | 'auto-return'
  /** /me again every minute on the attract and closed screens. */
  | 'opening-check'
  /** /me again a second after the next opening. */
  | 'next-opening';

export type ForgetReason = 'idle' | 'cancel' | 'done';

export type Effect =
  | JourneyEffect
  /** Start a timer; one running with the same id starts over. It comes back as TIMER_FIRED. */
  | { type: 'start-timer'; id: TimerId; ms: number }
  | { type: 'cancel-timer'; id: TimerId }
  /** A booth event for the session (through the outbox). */
  | { type: 'record'; sessionId: string; event: 'idle-timeout' }
  /** Throw this journey away: the app mounts a fresh one on the attract screen. */
  | { type: 'forget' };

export type VisitEvent =
  | JourneyEvent
  /** A touch, key or wheel anywhere, or "continue" on the warning: the idle timeout starts over. */
  | { type: 'ACTIVITY' }
  | { type: 'TIMER_FIRED'; id: TimerId }
  /** The resident goes back to the start ("done", "back to start", back from the language screen). */
  | { type: 'START_OVER' }
  /** The resident stops waiting. */
  | { type: 'CANCEL' }
  /** What /me says changed (opening hours above all); the config given with this event is the new one. */
  | { type: 'INFO_CHANGED' }
  /** The screen went away without forgetting (maintenance, a lost link): every timer stops. */
  | { type: 'LEFT' };

export interface Visit {
  state: JourneyState;
  /** The last touch (or the screen's start) where the idle timeout runs; null elsewhere. */
  touchedAt: number | null;
  /** The idle warning or "are you still there?" shows, counting down to `endsAt` (ms). */
  warning: { endsAt: number } | null;
  /** When this screen returns to the start by itself (ms), or null. */
  returnsAt: number | null;
  /** The next opening the closed screen waits for (/me again a second after it), or null. */
  awaitsOpening: string | null;
  /** Forgotten or left: nothing more happens. */
  over: boolean;
}

export interface VisitStep {
  /** The same object when nothing changed. */
  visit: Visit;
  effects: Effect[];
}

/** Where the idle timeout runs, and for how long; null where it does not. */
function idleTiming(state: JourneyState, config: JourneyConfig): { idleMs: number; warnMs: number } | null {
  const policy = policyFor(state);
  if (policy.stillThere) return { idleMs: config.waitingCheck.askAfterMs, warnMs: config.waitingCheck.answerWithinMs };
  return policy.idle ? { idleMs: IDLE_MS, warnMs: WARN_MS } : null;
}

const start = (id: TimerId, ms: number): Effect => ({ type: 'start-timer', id, ms });
const cancel = (id: TimerId): Effect => ({ type: 'cancel-timer', id });

/** The visit of a journey just mounted: the attract screen (or closed, if /me says so) and its timers. */
export function begin(config: JourneyConfig, now: number): VisitStep {
  return settle(null, initialState, [], config, now);
}

/** The next visit and its effects. */
export function advance(visit: Visit, event: VisitEvent, config: JourneyConfig, now: number): VisitStep {
  if (visit.over) return { visit, effects: lateEffects(event) };
  switch (event.type) {
    case 'ACTIVITY': {
      const idle = idleTiming(visit.state, config);
      if (!idle) return { visit, effects: [] };
      return { visit: { ...visit, touchedAt: now, warning: null }, effects: [start('idle', idle.idleMs)] };
    }
    case 'TIMER_FIRED':
      return fired(visit, event.id, config, now);
    case 'START_OVER':
      return forget(visit, visit.state, 'done', [], config);
    case 'CANCEL':
      return forget(visit, visit.state, 'cancel', [], config);
    case 'LEFT':
      return { visit: ended(visit.state), effects: stopTimers(visit, config) };
    case 'INFO_CHANGED':
      return settle(visit, visit.state, [], config, now);
    default: {
      const step = transition(visit.state, event, config);
      return settle(visit, step.state, step.effects, config, now);
    }
  }
}

/** Answers that arrive after the visit is over: a session opened for nobody is given up at once. */
function lateEffects(event: VisitEvent): Effect[] {
  if (event.type === 'SESSION_OPENED') {
    return [{ type: 'release-media' }, { type: 'close-session', sessionId: event.session.sessionId, how: 'cancel' }];
  }
  return event.type === 'REQUEST_REFUSED' ? [{ type: 'release-media' }] : [];
}

function fired(visit: Visit, id: TimerId, config: JourneyConfig, now: number): VisitStep {
  const unchanged: VisitStep = { visit, effects: [] };
  const policy = policyFor(visit.state);
  switch (id) {
    case 'idle': {
      const timing = idleTiming(visit.state, config);
      if (!timing || visit.touchedAt === null) return unchanged;
      const phase = idlePhase(now, visit.touchedAt, timing);
      const warnUntil = visit.touchedAt + timing.idleMs + timing.warnMs;
      if (phase.phase === 'expired') return forget(visit, visit.state, 'idle', [], config);
      if (phase.phase === 'active') return { visit, effects: [start('idle', visit.touchedAt + timing.idleMs - now)] };
      return { visit: { ...visit, warning: { endsAt: warnUntil } }, effects: [start('idle', warnUntil - now)] };
    }
    case 'auto-return':
      return policy.autoReturnMs === null ? unchanged : forget(visit, visit.state, 'done', [], config);
    case 'opening-check':
      return policy.pollOpening ? { visit, effects: [{ type: 'reload-info' }, start('opening-check', OPENING_RECHECK_MS)] } : unchanged;
    case 'next-opening':
      return visit.awaitsOpening === null ? unchanged : { visit, effects: [{ type: 'reload-info' }] };
  }
}

/** Over: shows `state` until the app mounts the next journey. */
function ended(state: JourneyState): Visit {
  return { state, touchedAt: null, warning: null, returnsAt: null, awaitsOpening: null, over: true };
}

/** Cancel every timer `visit` holds. */
function stopTimers(visit: Visit | null, config: JourneyConfig): Effect[] {
  if (!visit || visit.over) return [];
  const policy = policyFor(visit.state);
  return [
    ...(idleTiming(visit.state, config) ? [cancel('idle')] : []),
    ...(policy.autoReturnMs !== null ? [cancel('auto-return')] : []),
    ...(policy.pollOpening ? [cancel('opening-check')] : []),
    ...(visit.awaitsOpening !== null ? [cancel('next-opening')] : []),
  ];
}

/**
 * Forget the resident (who is on `state` now; `visit` holds the timers): give up their session —
 * cancelled while waiting, ended in a call, with an idle-timeout event when they walked away —
 * and let the app mount a fresh journey.
 */
function forget(visit: Visit | null, state: JourneyState, reason: ForgetReason, effects: Effect[], config: JourneyConfig): VisitStep {
  const open = sessionToClose(state);
  const closing: Effect[] = open
    ? [
        ...(reason === 'idle' ? [{ type: 'record', sessionId: open.sessionId, event: 'idle-timeout' } as const] : []),
        { type: 'close-session', sessionId: open.sessionId, how: open.how },
      ]
    : [];
  return { visit: ended(state), effects: [...effects, ...closing, ...stopTimers(visit, config), { type: 'forget' }] };
}

/** After the screen changed (or /me did): follow the opening hours, then set the timers of the screen now shown. */
function settle(prev: Visit | null, state: JourneyState, effects: Effect[], config: JourneyConfig, now: number): VisitStep {
  // /me says the booth closed: the attract screen says so. Opened again: the closed screen goes
  // back to the start, forgetting the resident who met it in their language.
  let shown = state;
  let effectsSoFar = effects;
  if (shown.screen === 'attract' && !config.opening.open) {
    const step = transition(shown, { type: 'CLOSED', nextOpening: config.opening.nextOpening }, config);
    shown = step.state;
    effectsSoFar = [...effectsSoFar, ...step.effects];
  } else if (shown.screen === 'closed' && config.opening.open) {
    if (holdsResident(shown)) return forget(prev, shown, 'done', effectsSoFar, config);
    const step = transition(shown, { type: 'OPENED' }, config);
    shown = step.state;
    effectsSoFar = [...effectsSoFar, ...step.effects];
  }
  return retime(prev, shown, effectsSoFar, config, now);
}

/**
 * The timers of the screen shown. A new screen starts the idle timeout and the return to the
 * start over; the minute check runs on through attract ↔ closed; the next-opening timer follows
 * the next opening.
 */
function retime(prev: Visit | null, state: JourneyState, effects: Effect[], config: JourneyConfig, now: number): VisitStep {
  const changed = prev === null || state !== prev.state;
  const was = prev ? policyFor(prev.state) : null;
  const is = policyFor(state);
  const out = [...effects];

  const idle = idleTiming(state, config);
  let touchedAt = prev?.touchedAt ?? null;
  let warning = prev?.warning ?? null;
  if (idle && changed) {
    out.push(start('idle', idle.idleMs));
    touchedAt = now;
    warning = null;
  } else if (!idle) {
    if (prev && idleTiming(prev.state, config)) out.push(cancel('idle'));
    touchedAt = null;
    warning = null;
  }

  let returnsAt = prev?.returnsAt ?? null;
  if (is.autoReturnMs !== null && changed) {
    out.push(start('auto-return', is.autoReturnMs));
    returnsAt = now + is.autoReturnMs;
  } else if (is.autoReturnMs === null) {
    if (was && was.autoReturnMs !== null) out.push(cancel('auto-return'));
    returnsAt = null;
  }

  if (is.pollOpening && !was?.pollOpening) out.push(start('opening-check', OPENING_RECHECK_MS));
  if (!is.pollOpening && was?.pollOpening) out.push(cancel('opening-check'));

  const awaited = prev?.awaitsOpening ?? null;
  const awaitsOpening = state.screen === 'closed' ? (config.opening.nextOpening ?? state.nextOpening) : null;
  if (awaitsOpening !== awaited) {
    if (awaited !== null) out.push(cancel('next-opening'));
    const wait = awaitsOpening === null ? Number.NaN : Date.parse(awaitsOpening) - now + 1000;
    if (wait > 0 && wait < MAX_TIMEOUT_MS) out.push(start('next-opening', wait));
  }

  const same =
    prev !== null &&
    !changed &&
    touchedAt === prev.touchedAt &&
    warning === prev.warning &&
    returnsAt === prev.returnsAt &&
    awaitsOpening === prev.awaitsOpening;
  return { visit: same ? prev : { state, touchedAt, warning, returnsAt, awaitsOpening, over: false }, effects: out };
}
