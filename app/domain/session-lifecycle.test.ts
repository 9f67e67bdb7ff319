import { describe, expect, it } from 'vitest';
import { nextStatus, sessionEventTypeForLiveKit } from './session-lifecycle';

describe('nextStatus', () => {
  it.each([
    ['waiting', 'answer', 'active'],
    ['waiting', 'end', 'ended'],
    ['active', 'end', 'ended'],
    ['active', 'answer', null],
    ['ended', 'answer', null],
    ['ended', 'end', null],
  ] as const)('%s + %s → %s', (status, action, expected) => {
    expect(nextStatus(status, action)).toBe(expected);
  });
});

describe('sessionEventTypeForLiveKit', () => {
  it('keeps participant and room lifecycle events, namespaced', () => {
    expect(sessionEventTypeForLiveKit('participant_joined')).toBe('livekit.participant_joined');
    expect(sessionEventTypeForLiveKit('room_finished')).toBe('livekit.room_finished');
  });
  it('drops events that say nothing about the session', () => {
    expect(sessionEventTypeForLiveKit('egress_started')).toBeNull();
    expect(sessionEventTypeForLiveKit('')).toBeNull();
  });
});
