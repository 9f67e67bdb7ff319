import { describe, expect, it } from 'vitest';
import { callRunning, untilIdle, waitsForIdle } from './hold';

describe('waitsForIdle', () => {
  it('holds reload, maintenance on and self-test; never maintenance off', () => {
    expect(waitsForIdle('reload')).toBe(true);
    expect(waitsForIdle('maintenance_on')).toBe(true);
    expect(waitsForIdle('self_test')).toBe(true);
    expect(waitsForIdle('maintenance_off')).toBe(false);
  });
});

describe('callRunning', () => {
  it('is true with a session or any LiveKit connection, false only when both are idle', () => {
    expect(callRunning(false, 'idle')).toBe(false);
    expect(callRunning(true, 'idle')).toBe(true);
    expect(callRunning(false, 'connected')).toBe(true);
    expect(callRunning(false, 'reconnecting')).toBe(true);
    expect(callRunning(false, 'disconnected')).toBe(true);
  });
});

describe('untilIdle', () => {
  it('runs at once when idle', async () => {
    const sleeps: number[] = [];
    expect(
      await untilIdle(
        () => false,
        () => true,
        500,
        async (ms) => void sleeps.push(ms),
      ),
    ).toBe(true);
    expect(sleeps).toEqual([]);
  });
  it('waits while the call runs, then lets the command run', async () => {
    let checks = 0;
    const sleeps: number[] = [];
    const ok = await untilIdle(
      () => ++checks <= 3,
      () => true,
      500,
      async (ms) => void sleeps.push(ms),
    );
    expect(ok).toBe(true);
    expect(sleeps).toEqual([500, 500, 500]);
  });
  it('gives up (does not run) when the booth screen goes away while waiting', async () => {
    let alive = true;
    const ok = await untilIdle(
      () => true,
      () => alive,
      500,
      async () => {
        alive = false;
      },
    );
    expect(ok).toBe(false);
  });
});
