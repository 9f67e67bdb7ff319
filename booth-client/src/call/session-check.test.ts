import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { QueueState } from '../api';
import { BoothCall, endOfRoom, endOfSession, QUEUE_POLL_MS, rejoinPublishes, SESSION_CHECK_MS, sessionPollMs } from './BoothCall';

describe('sessionPollMs', () => {
  const operator = { identity: 'operator:1', name: 'A' };
  it('asks in the call only with the room open and the operator missing from it', () => {
    expect(sessionPollMs({ connection: 'connected', operator, operatorPresent: false })).toBe(SESSION_CHECK_MS);
    expect(sessionPollMs({ connection: 'reconnecting', operator, operatorPresent: false })).toBe(SESSION_CHECK_MS);
    expect(sessionPollMs({ connection: 'connected', operator, operatorPresent: true })).toBeNull();
    expect(sessionPollMs({ connection: 'ended', operator, operatorPresent: false })).toBeNull();
  });

  it('asks every 2 s while waiting (the place in the queue), not once the call is over', () => {
    expect(sessionPollMs({ connection: 'connected', operator: null, operatorPresent: false })).toBe(QUEUE_POLL_MS);
    expect(sessionPollMs({ connection: 'connecting', operator: null, operatorPresent: false })).toBe(QUEUE_POLL_MS);
    expect(sessionPollMs({ connection: 'ended', operator: null, operatorPresent: false })).toBeNull();
  });
});

describe('endOfRoom', () => {
  const link = (status: string) => ({ link: { status } as never });
  it("is the operator's end unless nobody answered or the operator's media never connected", () => {
    expect(endOfRoom({ link: null })).toBe('lost');
    expect(endOfRoom(link('failed'))).toBe('lost');
    // Answered and ended at once (the operator's choice), before their picture arrived.
    expect(endOfRoom(link('connecting'))).toBe('ended');
    expect(endOfRoom(link('connected'))).toBe('ended');
    expect(endOfRoom(link('reconnecting'))).toBe('ended');
  });
});

describe('BoothCall following the session', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const waiting = (position: number): QueueState => ({
    status: 'waiting',
    position,
    estimatedWaitSeconds: 60 * position,
    operatorName: null,
    noOperator: null,
  });
  const ended: QueueState = { status: 'ended', position: null, estimatedWaitSeconds: null, operatorName: null, noOperator: null };

  const call = (answers: QueueState[], endedWith: string[]) => {
    let asked = 0;
    const c = new BoothCall({
      connection: { serverUrl: 'ws://127.0.0.1:9', participantToken: 'x', participantName: 'booth', roomName: 'r' } as never,
      record: () => undefined,
      onEnded: (how) => endedWith.push(how),
      session: async () => answers[Math.min(asked++, answers.length - 1)]!,
    });
    return { c, asked: () => asked };
  };

  it('shows the place in the queue every 2 s, and a session the server ended while waiting ends as a lost link, once', async () => {
    const endedWith: string[] = [];
    const { c, asked } = call([waiting(3), waiting(2), ended], endedWith);
    c.followSession();
    await vi.advanceTimersByTimeAsync(0);
    expect(c.getSnapshot().queue?.position).toBe(3);
    await vi.advanceTimersByTimeAsync(QUEUE_POLL_MS);
    expect(c.getSnapshot().queue?.position).toBe(2);
    await vi.advanceTimersByTimeAsync(QUEUE_POLL_MS);
    expect(endedWith).toEqual(['lost']);
    expect(c.getSnapshot().connection).toBe('ended');
    // Nothing is asked after the end.
    const after = asked();
    await vi.advanceTimersByTimeAsync(10 * QUEUE_POLL_MS);
    expect(asked()).toBe(after);
  });

  it('ends the call once; after an operator came, as the operator ending it would', () => {
    const endedWith: string[] = [];
    const { c } = call([ended], endedWith);
    c.sessionEnded();
    c.sessionEnded();
    expect(endedWith).toEqual(['lost']);
    expect(c.getSnapshot().connection).toBe('ended');
    expect(endOfSession({ operator: { identity: 'operator:1', name: 'A' } })).toBe('ended');
    expect(endOfSession({ operator: null })).toBe('lost');
  });

  it('does nothing, and asks nothing more, once the booth has left the call', async () => {
    const endedWith: string[] = [];
    const { c, asked } = call([waiting(1)], endedWith);
    c.followSession();
    await vi.advanceTimersByTimeAsync(0);
    await c.stop();
    const after = asked();
    c.sessionEnded();
    await vi.advanceTimersByTimeAsync(10 * QUEUE_POLL_MS);
    expect(endedWith).toEqual([]);
    expect(asked()).toBe(after);
  });
});

describe('rejoinPublishes', () => {
  it('publishes the microphone and the camera again after a rejoin, but never the camera during the PIN step', () => {
    expect(rejoinPublishes({ pinPrivacy: false })).toEqual(['microphone', 'camera']);
    expect(rejoinPublishes({ pinPrivacy: true })).toEqual(['microphone']);
  });
});
