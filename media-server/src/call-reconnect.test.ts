import { DefaultReconnectPolicy } from 'livekit-client';
import { describe, expect, it } from 'vitest';
import { CALL_LINK_LIMITS } from './call-link';
import {
  CALL_RECONNECT,
  CALL_REJOIN,
  callIsOver,
  callReconnectPolicy,
  livekitHttpUrlOf,
  MEDIA_SERVER_WATCH,
  mediaServerSilent,
  type PublisherSample,
  rejoinDelayMs,
  rejoins,
  retryDelayMs,
} from './call-reconnect';
import { LIVEKIT_RELAY_TRY_MS } from './cluster';

/**
 * When the first signalling attempt on a link restored at `restoreAt` (ms after the link was lost)
 * starts, given the policy's delays and attempts that, while the link is cut, each fail only at
 * their timeout (a TCP connect on a dead link). An attempt in flight at the restore may still get
 * through on its next SYN; counted conservatively here as failing at its timeout.
 */
function firstAttemptAfter(restoreAt: number, delay: (c: { retryCount: number; elapsedMs: number }) => number | null, attemptMs: number) {
  let t = 0;
  for (let retryCount = 0; ; retryCount++) {
    const d = delay({ retryCount, elapsedMs: t });
    if (d === null) return null;
    const start = t + d;
    if (start >= restoreAt) return start;
    t = start + attemptMs;
  }
}

describe('the call reconnect policy', () => {
  it('retries at once, then after 0.3 s, then every second', () => {
    expect([0, 1, 2, 3, 9].map((retryCount) => retryDelayMs({ retryCount, elapsedMs: 5_000 }))).toEqual([0, 300, 1_000, 1_000, 1_000]);
  });

  it('after a first attempt refused in about 3 s (relayed to a LiveKit node that died), retries only once LiveKit can place the room', () => {
    // Until LiveKit counts the node dead (at most 5 s after the kill) a resume relayed to it is
    // refused after LIVEKIT_RELAY_TRY_MS; one sent 0.3 s after that would hang 3 s more.
    const refusedAt = LIVEKIT_RELAY_TRY_MS + 50;
    expect(retryDelayMs({ retryCount: 1, elapsedMs: refusedAt })).toBe(CALL_RECONNECT.placeableMs - refusedAt);
    expect(refusedAt + retryDelayMs({ retryCount: 1, elapsedMs: refusedAt })!).toBeGreaterThan(5_000);
    // A quick refusal (a restarting server), this side's own limit (a cut line), later retries: as before.
    expect(retryDelayMs({ retryCount: 1, elapsedMs: 40 })).toBe(300);
    expect(retryDelayMs({ retryCount: 1, elapsedMs: CALL_RECONNECT.websocketTimeoutMs })).toBe(300);
    expect(retryDelayMs({ retryCount: 2, elapsedMs: 3_500 })).toBe(1_000);
  });

  it('keeps retrying for as long as the call survives (the booth gives up at lostMs), then stops', () => {
    expect(retryDelayMs({ retryCount: 40, elapsedMs: CALL_LINK_LIMITS.lostMs })).toBe(1_000);
    expect(retryDelayMs({ retryCount: 41, elapsedMs: CALL_RECONNECT.giveUpMs })).toBeNull();
  });

  it.each([10_000, 30_000, 45_000, 59_000])(
    'after a cut of %i ms the first attempt on the restored link starts within one attempt limit and one retry (5 s; livekit default: over 15 s)',
    (cut) => {
      const worst = (policy: (c: { retryCount: number; elapsedMs: number }) => number | null, attemptMs: number) => {
        let worstWait = 0;
        // Every restore moment across the cut's last 30 s, 100 ms apart.
        for (let restoreAt = Math.max(100, cut - 30_000); restoreAt <= cut; restoreAt += 100) {
          worstWait = Math.max(worstWait, firstAttemptAfter(restoreAt, policy, attemptMs)! - restoreAt);
        }
        return worstWait;
      };
      const ours = worst(callReconnectPolicy.nextRetryDelayInMs, CALL_RECONNECT.websocketTimeoutMs);
      expect(ours).toBeLessThanOrEqual(CALL_RECONNECT.websocketTimeoutMs + CALL_RECONNECT.retryMs);
      // The library's default without jitter, and its 15 s signalling timeout: what the issue measured.
      const defaults = new DefaultReconnectPolicy();
      const unjittered = (c: { retryCount: number; elapsedMs: number }) =>
        defaults.nextRetryDelayInMs({ ...c, retryCount: c.retryCount }) === null
          ? null
          : [0, 300, 1_200, 2_700, 4_800, 7_000, 7_000, 7_000, 7_000, 7_000][c.retryCount]!;
      if (cut >= 30_000) expect(worst(unjittered, 15_000)).toBeGreaterThan(15_000);
    },
  );
});

describe('joining again after livekit-client gave up', () => {
  const at = 1_000_000;

  it('joins again after a reason that may pass (none, a refused or failed join, a closed signal, a server shutdown)', () => {
    for (const reason of [
      undefined,
      'UNKNOWN_REASON',
      'USER_REJECTED',
      'JOIN_FAILURE',
      'SIGNAL_CLOSE',
      'SERVER_SHUTDOWN',
      'STATE_MISMATCH',
      'CONNECTION_TIMEOUT',
      'MEDIA_FAILURE',
    ]) {
      expect(rejoins(reason), String(reason)).toBe(true);
      expect(rejoinDelayMs({ reason, disconnectedAt: at, attempt: 0, now: at }), String(reason)).toBe(0);
    }
  });

  it('never after a final reason: left, room deleted or closed, removed, the same identity joined elsewhere', () => {
    for (const reason of ['CLIENT_INITIATED', 'ROOM_DELETED', 'ROOM_CLOSED', 'PARTICIPANT_REMOVED', 'DUPLICATE_IDENTITY']) {
      expect(rejoins(reason), reason).toBe(false);
      expect(rejoinDelayMs({ reason, disconnectedAt: at, attempt: 0, now: at }), reason).toBeNull();
    }
  });

  it('the first attempt at once, then about one a second', () => {
    expect(
      [0, 1, 2, 30].map((attempt) => rejoinDelayMs({ reason: 'USER_REJECTED', disconnectedAt: at, attempt, now: at + attempt * 1_100 })),
    ).toEqual([0, 1_000, 1_000, 1_000]);
  });

  it('for lostMs from the disconnect, the time the booth gives an interrupted call, and not after', () => {
    expect(CALL_REJOIN.limitMs).toBe(CALL_LINK_LIMITS.lostMs);
    expect(rejoinDelayMs({ reason: undefined, disconnectedAt: at, attempt: 50, now: at + 59_000 })).toBe(1_000);
    // No wait runs past the limit.
    expect(rejoinDelayMs({ reason: undefined, disconnectedAt: at, attempt: 50, now: at + 59_600 })).toBe(400);
    expect(rejoinDelayMs({ reason: undefined, disconnectedAt: at, attempt: 51, now: at + 60_000 })).toBeNull();
    expect(rejoinDelayMs({ reason: undefined, disconnectedAt: at, attempt: 0, now: at + 61_000 })).toBeNull();
  });
});

describe('a call that is over, not cut', () => {
  it('the room closed or this side removed: over, and never joined again; a lost link or a refused join: neither', () => {
    for (const reason of ['ROOM_DELETED', 'ROOM_CLOSED', 'PARTICIPANT_REMOVED']) {
      expect(callIsOver(reason)).toBe(true);
      expect(rejoins(reason)).toBe(false);
    }
    for (const reason of [undefined, 'SIGNAL_CLOSE', 'USER_REJECTED', 'JOIN_FAILURE', 'CLIENT_INITIATED', 'DUPLICATE_IDENTITY'])
      expect(callIsOver(reason)).toBe(false);
  });
});

describe('the media server watch', () => {
  const { sampleMs, silentMs } = MEDIA_SERVER_WATCH;
  /** One sample every sampleMs from 0 to `untilMs`: sent grows steadily, received as `received(at)` says. */
  const series = (untilMs: number, received: (at: number) => number, sent = (at: number) => at * 20): PublisherSample[] => {
    const out: PublisherSample[] = [];
    for (let at = 0; at <= untilMs; at += sampleMs) out.push({ at, sentBytes: sent(at), receivedBytes: received(at) });
    return out;
  };
  const diesAt = (deathMs: number) => (at: number) => Math.min(at, deathMs) * 3;

  it('finds the SFU gone once media was sent and nothing came back for silentMs, not a sample earlier', () => {
    expect(mediaServerSilent(series(5_000 + silentMs + 2_000, diesAt(5_000)))).toBe(true);
    expect(mediaServerSilent(series(5_000 + silentMs, diesAt(5_000)))).toBe(true);
    expect(mediaServerSilent(series(5_000 + silentMs - sampleMs, diesAt(5_000)))).toBe(false);
  });

  it('a link that answers, however little (one byte in the window), is not silent', () => {
    expect(mediaServerSilent(series(20_000, (at) => at * 3))).toBe(false);
    expect(mediaServerSilent(series(20_000, (at) => (at >= 20_000 - sampleMs ? 1 : 0)))).toBe(false);
  });

  it('a side that sends nothing (nothing published, or muted) expects nothing back: never silent', () => {
    expect(
      mediaServerSilent(
        series(
          20_000,
          () => 0,
          () => 500,
        ),
      ),
    ).toBe(false);
  });

  it('too few samples (a connection just made) say nothing', () => {
    expect(mediaServerSilent([])).toBe(false);
    expect(mediaServerSilent(series(silentMs - sampleMs, () => 0))).toBe(false);
    expect(mediaServerSilent(series(silentMs, () => 0))).toBe(true);
  });

  it('counters that went down (a new peer connection) are not read as silence', () => {
    const samples = series(2 * silentMs, diesAt(1_000)).map((s) => (s.at >= silentMs ? { ...s, sentBytes: 10, receivedBytes: 0 } : s));
    expect(mediaServerSilent(samples)).toBe(false);
  });
});

describe('the LiveKit URL checked when the media server is silent', () => {
  it('is the signalling URL over HTTP(S)', () => {
    expect(livekitHttpUrlOf('ws://10.77.0.1:7880')).toBe('http://10.77.0.1:7880');
    expect(livekitHttpUrlOf('wss://media.example.jp')).toBe('https://media.example.jp');
    expect(livekitHttpUrlOf('https://media.example.jp/')).toBe('https://media.example.jp/');
  });
});
