/**
 * A supervisor in someone else's call (issue 18, decision 0037): listening in (hidden, hearing
 * and seeing the call), coaching (speaking to the operator alone), joined (seen and heard by the
 * resident), and taking over (the supervisor becomes the call's operator; the operator leaves).
 * One supervisor at a time per call. What a call's supervision is now is read from its session
 * events (the record), so every node agrees; this module decides each step. Pure.
 */

export const supervisionModes = ['listening', 'coaching', 'joined'] as const;
export type SupervisionMode = (typeof supervisionModes)[number];

/** What a supervisor asks for. */
export const supervisionActions = ['listen', 'coach', 'join', 'take-over', 'leave'] as const;
export type SupervisionAction = (typeof supervisionActions)[number];

/** The session events of supervision, one per change (session_event.type). */
export const supervisionEvents = {
  listen: 'supervisor-listening',
  coach: 'supervisor-coaching',
  join: 'supervisor-joined',
  'take-over': 'supervisor-took-over',
  leave: 'supervisor-left',
} as const satisfies Record<SupervisionAction, string>;
export type SupervisionEventType = (typeof supervisionEvents)[SupervisionAction];

const modeOf: Record<'listen' | 'coach' | 'join', SupervisionMode> = { listen: 'listening', coach: 'coaching', join: 'joined' };
const eventTypes = new Set<string>(Object.values(supervisionEvents));
const modeOfEvent = new Map<string, SupervisionMode>([
  [supervisionEvents.listen, 'listening'],
  [supervisionEvents.coach, 'coaching'],
  [supervisionEvents.join, 'joined'],
]);
export const isSupervisionEvent = (type: string): type is SupervisionEventType => eventTypes.has(type);

/** Who supervises the call now, and how; null when nobody does. */
export type Supervision = { supervisorId: string; mode: SupervisionMode } | null;

/** The supervision a call's record leaves, its events in the order they were recorded. */
export function supervisionFrom(events: readonly { type: string; actorId: string | null }[]): Supervision {
  let state: Supervision = null;
  for (const e of events) {
    if (!isSupervisionEvent(e.type) || !e.actorId) continue;
    const mode = modeOfEvent.get(e.type);
    state = mode ? { supervisorId: e.actorId, mode } : null;
  }
  return state;
}

export type SupervisionRefusal =
  /** The municipality does not allow listening in (its setting, off by default). */
  | 'not-allowed'
  /** The call is not in progress (waiting, or over). */
  | 'not-live'
  /** The supervisor is the call's operator already. */
  | 'own-call'
  /** Another supervisor is in the call. */
  | 'someone-else'
  /** Leaving a call one is not supervising. */
  | 'not-supervising';

export interface SupervisedCall {
  status: 'waiting' | 'active' | 'ended';
  operatorId: string | null;
  listenInAllowed: boolean;
  supervision: Supervision;
}

export type SupervisionStep =
  | {
      ok: true;
      /** The supervision after the step (null: left, or took over). */
      next: Supervision;
      /** The event to record; null when nothing changes (the same mode asked again: a reconnect). */
      event: SupervisionEventType | null;
      /** Take over: the operator who leaves the call. */
      replaces?: string;
    }
  | { ok: false; refusal: SupervisionRefusal };

/**
 * Whether `supervisorId` may take `action` in this call, and what follows. Any mode may follow any
 * other (listen → coach → join and back); taking over ends the supervision: the supervisor is the
 * operator from then on.
 */
export function superviseStep(call: SupervisedCall, supervisorId: string, action: SupervisionAction): SupervisionStep {
  const current = call.supervision;
  if (action === 'leave') {
    if (current?.supervisorId !== supervisorId) return { ok: false, refusal: 'not-supervising' };
    return { ok: true, next: null, event: supervisionEvents.leave };
  }
  if (!call.listenInAllowed) return { ok: false, refusal: 'not-allowed' };
  if (call.status !== 'active' || call.operatorId === null) return { ok: false, refusal: 'not-live' };
  if (call.operatorId === supervisorId) return { ok: false, refusal: 'own-call' };
  if (current && current.supervisorId !== supervisorId) return { ok: false, refusal: 'someone-else' };
  if (action === 'take-over') return { ok: true, next: null, event: supervisionEvents['take-over'], replaces: call.operatorId };
  const mode = modeOf[action];
  if (current?.mode === mode) return { ok: true, next: current, event: null };
  return { ok: true, next: { supervisorId, mode }, event: supervisionEvents[action] };
}
