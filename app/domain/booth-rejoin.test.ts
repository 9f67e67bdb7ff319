import { describe, expect, it } from 'vitest';
import { boothAbsence, lostRoomDecision, oldEnoughToDelete, ROOM_RECREATED, rejoinDecision } from './booth-rejoin';
import type { RecordedLiveKitEvent } from './livekit-reconcile';

const booth = 'booth:b1';
const operator = 'operator:o1';
const ev = (type: string, participant: string | null, at: number): RecordedLiveKitEvent => ({
  type: `livekit.${type}`,
  participant,
  trackSource: null,
  at,
});
const joined = (p: string, at: number) => ev('participant_joined', p, at);
const left = (p: string, at: number) => ev('participant_left', p, at);
const recreated = (at: number): RecordedLiveKitEvent => ({ type: ROOM_RECREATED, participant: null, trackSource: null, at });

describe('boothAbsence', () => {
  it('none while the record has the booth in its room, or never in it (still connecting)', () => {
    expect(boothAbsence([], 'b1')).toBeNull();
    expect(boothAbsence([ev('room_started', null, 1)], 'b1')).toBeNull();
    expect(boothAbsence([joined(booth, 1), joined(operator, 2)], 'b1')).toBeNull();
    expect(boothAbsence([joined(booth, 1), left(booth, 2), joined(booth, 3)], 'b1')).toBeNull();
    // A track published says it is there even when its join was lost.
    expect(boothAbsence([joined(booth, 1), left(booth, 2), ev('track_published', booth, 3)], 'b1')).toBeNull();
  });

  it('since its first leave, however many follow; the operator leaving is not the booth', () => {
    expect(boothAbsence([joined(booth, 1), left(booth, 5)], 'b1')).toEqual({ since: 5, reason: 'booth-left' });
    expect(boothAbsence([joined(booth, 1), left(booth, 5), left(booth, 9)], 'b1')).toEqual({ since: 5, reason: 'booth-left' });
    expect(boothAbsence([joined(booth, 1), ev('participant_connection_aborted', booth, 4)], 'b1')).toEqual({
      since: 4,
      reason: 'booth-left',
    });
    expect(boothAbsence([joined(booth, 1), joined(operator, 2), left(operator, 3)], 'b1')).toBeNull();
    expect(boothAbsence([joined(booth, 1), left('booth:b2', 3)], 'b1')).toBeNull();
  });

  it('a re-created room starts an absence, or marks the one under way, as room-gone; the booth back ends it', () => {
    expect(boothAbsence([joined(booth, 1), recreated(10)], 'b1')).toEqual({ since: 10, reason: 'room-gone' });
    // The service records everyone's leave from the lost room first, then the re-creation.
    expect(boothAbsence([joined(booth, 1), left(booth, 10), recreated(10)], 'b1')).toEqual({ since: 10, reason: 'room-gone' });
    // Out since 4, then the room lost: the grace still counts from 4.
    expect(boothAbsence([joined(booth, 1), left(booth, 4), recreated(10)], 'b1')).toEqual({ since: 4, reason: 'room-gone' });
    expect(boothAbsence([joined(booth, 1), recreated(10), joined(booth, 12)], 'b1')).toBeNull();
  });

  it('takes the order events were recorded in, not their dates (webhooks are dated to the second)', () => {
    // Re-created at 10.3 s; the booth's join, delivered after it, is dated 10.0 s.
    expect(boothAbsence([joined(booth, 1_000), recreated(10_300), joined(booth, 10_000)], 'b1')).toBeNull();
  });
});

describe('rejoinDecision', () => {
  const out = { since: 1_000, reason: 'booth-left' as const };
  it('nothing to do when the booth is in its room, whatever the record says, or the record has it in', () => {
    expect(rejoinDecision(out, true, 999_999, 60_000)).toEqual({ kind: 'none' });
    expect(rejoinDecision(null, false, 999_999, 60_000)).toEqual({ kind: 'none' });
  });

  it('waits until the grace after the absence began, then ends for the absence reason', () => {
    expect(rejoinDecision(out, false, 1_000, 60_000)).toEqual({ kind: 'wait', until: 61_000, reason: 'booth-left' });
    expect(rejoinDecision(out, false, 60_999, 60_000)).toEqual({ kind: 'wait', until: 61_000, reason: 'booth-left' });
    expect(rejoinDecision(out, false, 61_000, 60_000)).toEqual({ kind: 'gone', reason: 'booth-left' });
    expect(rejoinDecision({ since: 1_000, reason: 'room-gone' }, false, 90_000, 60_000)).toEqual({ kind: 'gone', reason: 'room-gone' });
  });

  it('no grace: ends at once', () => {
    expect(rejoinDecision(out, false, 1_000, 0)).toEqual({ kind: 'gone', reason: 'booth-left' });
    expect(rejoinDecision(out, false, 1_000, -5)).toEqual({ kind: 'gone', reason: 'booth-left' });
  });
});

describe('lostRoomDecision', () => {
  it('re-creates a lost room once per absence of the booth; no grace, or lost again before the booth came back, ends', () => {
    expect(lostRoomDecision(null, 60_000)).toBe('recreate');
    expect(lostRoomDecision({ since: 5, reason: 'booth-left' }, 60_000)).toBe('recreate');
    expect(lostRoomDecision({ since: 5, reason: 'room-gone' }, 60_000)).toBe('end');
    expect(lostRoomDecision(null, 0)).toBe('end');
    const back = boothAbsence([joined(booth, 1), recreated(10), joined(booth, 12)], 'b1');
    expect(lostRoomDecision(back, 60_000)).toBe('recreate');
  });
});

describe('oldEnoughToDelete', () => {
  it('leaves a room no session claims alone while it is younger than the grace (its row may not be written yet)', () => {
    expect(oldEnoughToDelete(10_000, 19_999, 10_000)).toBe(false);
    expect(oldEnoughToDelete(10_000, 20_000, 10_000)).toBe(true);
    expect(oldEnoughToDelete(10_000, 10_000, 0)).toBe(true);
    // A LiveKit clock ahead of ours: not deleted until it is old on ours too.
    expect(oldEnoughToDelete(30_000, 20_000, 10_000)).toBe(false);
  });
});
