import { describe, expect, it } from 'vitest';
import { BoothCall, shouldCheckSession } from './BoothCall';

describe('shouldCheckSession', () => {
  it('asks only in the call, with the room open and the operator missing from it', () => {
    expect(shouldCheckSession('call', { connection: 'connected', operatorPresent: false })).toBe(true);
    expect(shouldCheckSession('call', { connection: 'reconnecting', operatorPresent: false })).toBe(true);
    expect(shouldCheckSession('call', { connection: 'connected', operatorPresent: true })).toBe(false);
    expect(shouldCheckSession('call', { connection: 'ended', operatorPresent: false })).toBe(false);
    // While waiting the queue poll already follows the session.
    expect(shouldCheckSession('waiting', { connection: 'connected', operatorPresent: false })).toBe(false);
  });
});

describe('BoothCall.sessionEnded', () => {
  const call = (ended: string[]) =>
    new BoothCall({
      connection: { serverUrl: 'ws://127.0.0.1:9', participantToken: 'x', participantName: 'booth', roomName: 'r' } as never,
      record: () => undefined,
      onEnded: (how) => ended.push(how),
    });

  it('ends the call once, as the operator ending it would', () => {
    const ended: string[] = [];
    const c = call(ended);
    c.sessionEnded();
    c.sessionEnded();
    expect(ended).toEqual(['ended']);
    expect(c.getSnapshot().connection).toBe('ended');
  });

  it('does nothing once the booth has left the call', async () => {
    const ended: string[] = [];
    const c = call(ended);
    await c.stop();
    c.sessionEnded();
    expect(ended).toEqual([]);
  });
});
