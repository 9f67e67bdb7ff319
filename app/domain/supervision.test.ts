import { describe, expect, it } from 'vitest';
import { type SupervisedCall, superviseStep, supervisionEvents, supervisionFrom } from './supervision';

const call = (over: Partial<SupervisedCall> = {}): SupervisedCall => ({
  status: 'active',
  operatorId: 'op',
  listenInAllowed: true,
  supervision: null,
  ...over,
});

describe('supervision', () => {
  it('goes listen → coach → join → take over, one event each, and the record replays to the same state', () => {
    let state = call();
    const events: { type: string; actorId: string }[] = [];
    for (const [action, mode] of [
      ['listen', 'listening'],
      ['coach', 'coaching'],
      ['join', 'joined'],
    ] as const) {
      const step = superviseStep(state, 'sv', action);
      expect(step).toEqual({ ok: true, next: { supervisorId: 'sv', mode }, event: supervisionEvents[action] });
      if (!step.ok) throw new Error('refused');
      events.push({ type: step.event!, actorId: 'sv' });
      expect(supervisionFrom(events)).toEqual(step.next);
      state = { ...state, supervision: step.next };
    }
    const over = superviseStep(state, 'sv', 'take-over');
    expect(over).toEqual({ ok: true, next: null, event: 'supervisor-took-over', replaces: 'op' });
    events.push({ type: 'supervisor-took-over', actorId: 'sv' });
    expect(supervisionFrom(events)).toBeNull();
  });

  it('goes back from coaching to listening, and takes over straight from listening or from nothing', () => {
    const coaching = call({ supervision: { supervisorId: 'sv', mode: 'coaching' } });
    expect(superviseStep(coaching, 'sv', 'listen')).toMatchObject({ ok: true, event: 'supervisor-listening' });
    expect(superviseStep(call({ supervision: { supervisorId: 'sv', mode: 'listening' } }), 'sv', 'take-over')).toMatchObject({
      ok: true,
      replaces: 'op',
    });
    expect(superviseStep(call(), 'sv', 'take-over')).toMatchObject({ ok: true, replaces: 'op' });
  });

  it('records nothing for the same mode asked again (a reconnect gets a new token, not a new event)', () => {
    const listening = call({ supervision: { supervisorId: 'sv', mode: 'listening' } });
    expect(superviseStep(listening, 'sv', 'listen')).toEqual({ ok: true, next: listening.supervision, event: null });
  });

  it('refuses when the municipality does not allow it, whatever the step', () => {
    for (const action of ['listen', 'coach', 'join', 'take-over'] as const) {
      expect(superviseStep(call({ listenInAllowed: false }), 'sv', action)).toEqual({ ok: false, refusal: 'not-allowed' });
    }
  });

  it('refuses calls that are not in progress, one’s own call, and a second supervisor', () => {
    expect(superviseStep(call({ status: 'waiting', operatorId: null }), 'sv', 'listen')).toEqual({ ok: false, refusal: 'not-live' });
    expect(superviseStep(call({ status: 'ended' }), 'sv', 'listen')).toEqual({ ok: false, refusal: 'not-live' });
    expect(superviseStep(call(), 'op', 'listen')).toEqual({ ok: false, refusal: 'own-call' });
    const taken = call({ supervision: { supervisorId: 'other', mode: 'listening' } });
    for (const action of ['listen', 'coach', 'join', 'take-over'] as const) {
      expect(superviseStep(taken, 'sv', action)).toEqual({ ok: false, refusal: 'someone-else' });
    }
  });

  it('lets only the supervisor in the call leave it, even once the setting is off or the call is over', () => {
    const listening = { supervisorId: 'sv', mode: 'listening' } as const;
    expect(superviseStep(call({ supervision: listening, listenInAllowed: false, status: 'ended' }), 'sv', 'leave')).toEqual({
      ok: true,
      next: null,
      event: 'supervisor-left',
    });
    expect(superviseStep(call({ supervision: listening }), 'other', 'leave')).toEqual({ ok: false, refusal: 'not-supervising' });
    expect(superviseStep(call(), 'sv', 'leave')).toEqual({ ok: false, refusal: 'not-supervising' });
  });

  it('reads the record: other event types and events without an actor do not count; leaving ends it', () => {
    expect(
      supervisionFrom([
        { type: 'accepted', actorId: 'op' },
        { type: 'supervisor-listening', actorId: null },
        { type: 'supervisor-coaching', actorId: 'sv' },
        { type: 'livekit.participant_joined', actorId: 'supervisor:sv' },
      ]),
    ).toEqual({ supervisorId: 'sv', mode: 'coaching' });
    expect(
      supervisionFrom([
        { type: 'supervisor-joined', actorId: 'sv' },
        { type: 'supervisor-left', actorId: 'sv' },
      ]),
    ).toBeNull();
  });
});
