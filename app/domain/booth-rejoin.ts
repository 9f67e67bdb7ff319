/**
 * How long a live call waits for its booth to come back, decided from the session's record alone,
 * so that any node can decide it and the dispatcher's node can take it over from one that died
 * (decision 0029). A booth out of its room (LiveKit dropped it after a cut link, or the room itself
 * was lost with a LiveKit node) keeps its session for the rejoin grace, counted from when the
 * record first says it was out; the booth seen back in its room ends the wait.
 * Pure: the session service reads the record and the room, and carries out the decision.
 */
import { boothIdentity } from '@madoguchi/db/call-contract';
import type { RecordedLiveKitEvent } from './livekit-reconcile';

/** The app created a live call's room again after LiveKit lost it (a system event on the session). */
export const ROOM_RECREATED = 'room-recreated';

export type AbsenceReason = 'booth-left' | 'room-gone';

export interface BoothAbsence {
  /** When the record first says the booth was out of its room (server clock, ms). */
  since: number;
  /** `room-gone` once the room was re-created while the booth was out: losing it again ends the call. */
  reason: AbsenceReason;
}

/**
 * Whether, and since when, the record says the booth is out of its room. Events in the order they
 * were recorded (the order the app learned them; LiveKit's webhooks are dated to the second): a
 * leave (or an aborted connection) starts an absence, a join or a published track ends it, and a
 * re-created room starts one (everyone was out of the lost room) or marks the one under way. Null
 * when the booth is in its room by the record, or never joined it (a booth still connecting).
 */
export function boothAbsence(recorded: readonly RecordedLiveKitEvent[], boothId: string): BoothAbsence | null {
  const booth = boothIdentity(boothId);
  let absence = null as BoothAbsence | null;
  for (const e of recorded) {
    if (e.type === ROOM_RECREATED) {
      absence = { since: absence?.since ?? e.at, reason: 'room-gone' };
      continue;
    }
    if (e.participant !== booth) continue;
    switch (e.type) {
      case 'livekit.participant_joined':
      case 'livekit.track_published':
        absence = null;
        break;
      case 'livekit.participant_left':
      case 'livekit.participant_connection_aborted':
        absence ??= { since: e.at, reason: 'booth-left' };
        break;
    }
  }
  return absence;
}

export type RejoinDecision =
  /** Nothing to wait for: the booth is in its room, or the record has it never out. */
  | { kind: 'none' }
  /** Still within the grace: look again at `until`. */
  | { kind: 'wait'; until: number; reason: AbsenceReason }
  /** Out for the whole grace: the call ends (a waiting one is abandoned) for `reason`. */
  | { kind: 'gone'; reason: AbsenceReason };

/**
 * What to do about a live call whose room exists. `boothInRoom`: LiveKit lists the booth in the
 * room now (null when LiveKit could not be asked: then it cannot be in it either).
 */
export function rejoinDecision(absence: BoothAbsence | null, boothInRoom: boolean, now: number, graceMs: number): RejoinDecision {
  if (boothInRoom || !absence) return { kind: 'none' };
  const until = absence.since + Math.max(0, graceMs);
  return now >= until ? { kind: 'gone', reason: absence.reason } : { kind: 'wait', until, reason: absence.reason };
}

/**
 * A live call's room is gone from LiveKit (a restart, or its node died). It is created again, once
 * per absence of the booth: a room lost again before the booth came back, or no grace at all,
 * ends the call (`room-gone`).
 */
export function lostRoomDecision(absence: BoothAbsence | null, graceMs: number): 'recreate' | 'end' {
  if (graceMs <= 0) return 'end';
  return absence?.reason === 'room-gone' ? 'end' : 'recreate';
}

/**
 * Whether a room no live session claims may be deleted: not while it is younger than `graceMs`,
 * because a call's room is created before its session row is written, possibly by another node
 * (the sweep could list the room and read the sessions in between).
 */
export function oldEnoughToDelete(createdAt: number, now: number, graceMs: number): boolean {
  return now - createdAt >= graceMs;
}
