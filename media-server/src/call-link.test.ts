import { describe, expect, it } from 'vitest';
import { CALL_LINK_LIMITS, initialLink, type LinkEvent, type LinkState, linkView, onLinkEvent } from './call-link';

const { stallMs, connectMs, lostMs } = CALL_LINK_LIMITS;

/** Events in order from a fresh start at 0. */
const run = (events: LinkEvent[], from: LinkState = initialLink(0)) => events.reduce(onLinkEvent, from);

/** Joined at 100 ms, the other side present, media flowing from 300 ms (one sample a second after). */
const flowing = (until = 10_000): LinkState => {
  const events: LinkEvent[] = [
    { type: 'connected', at: 100 },
    { type: 'peer-joined', at: 100 },
    { type: 'quality', self: false, quality: 'excellent', at: 200 },
    { type: 'quality', self: true, quality: 'good', at: 200 },
  ];
  for (let at = 300, bytes = 1000; at <= until; at += 1000, bytes += 1000) events.push({ type: 'inbound', bytes, tracks: 2, at });
  return run(events);
};

describe('call link: connecting', () => {
  it('is connecting until media from the other side arrives, with nothing known about quality', () => {
    const s = run([
      { type: 'connected', at: 100 },
      { type: 'peer-joined', at: 100 },
      { type: 'quality', self: false, quality: 'excellent', at: 150 },
    ]);
    expect(linkView(s, 500)).toMatchObject({
      status: 'connecting',
      cause: null,
      peerQuality: 'unknown',
      callQuality: 'unknown',
      degraded: false,
    });
    // A sample with no bytes yet is not media.
    expect(linkView(run([{ type: 'inbound', bytes: 0, tracks: 2, at: 600 }], s), 700).status).toBe('connecting');
    expect(linkView(run([{ type: 'inbound', bytes: 1, tracks: 2, at: 600 }], s), 700)).toMatchObject({
      status: 'connected',
      peerQuality: 'excellent',
    });
  });

  it('fails when media never comes within the limit — our own link when the room never connected', () => {
    const s = initialLink(0);
    expect(linkView(s, connectMs - 1).status).toBe('connecting');
    expect(linkView(s, connectMs)).toMatchObject({
      status: 'failed',
      cause: 'self',
      since: 0,
      seconds: connectMs / 1000,
      callQuality: 'lost',
    });
  });

  it("fails on the other side's account when our room is connected but nothing arrives from them", () => {
    const s = run([{ type: 'connected', at: 100 }]);
    expect(linkView(s, connectMs)).toMatchObject({ status: 'failed', cause: 'peer', peerQuality: 'lost' });
  });

  it('gives up (ends as dropped) when media has not come the whole lost limit after the start', () => {
    const s = run([{ type: 'connect-failed', at: 15_200 }]);
    expect(linkView(s, lostMs - 1).giveUp).toBe(false);
    expect(linkView(s, lostMs)).toMatchObject({ status: 'failed', giveUp: true });
    expect(linkView(initialLink(0), lostMs).giveUp).toBe(true);
  });

  it('a room that is gone before it ever connected could not connect: failed, not lost', () => {
    const s = run([{ type: 'disconnected', ended: false, at: 14_000 }]);
    expect(linkView(s, 14_001)).toMatchObject({ status: 'failed', cause: 'self', giveUp: false });
    expect(
      linkView(
        run([
          { type: 'connect-failed', at: 14_000 },
          { type: 'disconnected', ended: false, at: 14_001 },
        ]),
        14_002,
      ).status,
    ).toBe('failed');
  });

  it('fails at once when the room cannot connect, and a retry starts the count again', () => {
    const failed = run([{ type: 'connect-failed', at: 15_200 }]);
    expect(linkView(failed, 15_300)).toMatchObject({ status: 'failed', cause: 'self', since: 15_200 });
    const retry = run([{ type: 'connecting', at: 20_000 }], failed);
    expect(linkView(retry, 20_000 + connectMs - 1).status).toBe('connecting');
    expect(linkView(retry, 20_000 + connectMs).status).toBe('failed');
  });
});

describe('call link: interruptions', () => {
  it('is connected while media keeps arriving', () => {
    expect(linkView(flowing(), 10_500)).toMatchObject({
      status: 'connected',
      cause: null,
      peerQuality: 'excellent',
      selfQuality: 'good',
      callQuality: 'good',
    });
  });

  it('says reconnecting once inbound media has been silent for the stall time, with the time since it stopped', () => {
    const s = flowing(10_300); // last change at 10 300
    expect(linkView(s, 10_300 + stallMs - 1).status).toBe('connected');
    const cut = linkView(s, 10_300 + stallMs);
    expect(cut).toMatchObject({
      status: 'reconnecting',
      cause: 'peer',
      since: 10_300,
      seconds: 2,
      peerQuality: 'lost',
      callQuality: 'lost',
    });
    // Our own link is fine: its quality is still shown as it is.
    expect(cut.selfQuality).toBe('good');
    expect(linkView(s, 10_300 + 12_400).seconds).toBe(12);
  });

  it('never shows the other side as good while it is interrupted, whatever LiveKit last said', () => {
    const s = run([{ type: 'quality', self: false, quality: 'excellent', at: 11_000 }], flowing(10_300));
    expect(linkView(s, 14_000)).toMatchObject({ status: 'reconnecting', peerQuality: 'lost' });
  });

  it('is connected again as soon as media moves, and the interruption is forgotten', () => {
    const s = run([{ type: 'inbound', bytes: 999_999, tracks: 2, at: 40_000 }], flowing(10_300));
    expect(linkView(s, 40_100)).toMatchObject({ status: 'connected', cause: null, peerQuality: 'excellent' });
    expect(linkView(s, 40_000 + stallMs)).toMatchObject({ status: 'reconnecting', since: 40_000 });
  });

  it("counts LiveKit's `lost` quality as an interruption even while bytes still trickle in", () => {
    const s = run([{ type: 'quality', self: false, quality: 'lost', at: 5_000 }], flowing(10_000));
    expect(linkView(s, 5_500)).toMatchObject({ status: 'reconnecting', cause: 'peer', since: 5_000 });
    const back = run([{ type: 'quality', self: false, quality: 'good', at: 9_000 }], s);
    expect(linkView(back, 10_100)).toMatchObject({ status: 'connected', peerQuality: 'good' });
  });

  it('takes the earliest sign as the start: media stopped before LiveKit scored the link lost', () => {
    const s = run([{ type: 'quality', self: false, quality: 'lost', at: 15_000 }], flowing(10_300));
    expect(linkView(s, 15_100)).toMatchObject({ status: 'reconnecting', since: 10_300 });
  });

  it('a participant who leaves is reconnecting until they are back, then lost after the limit', () => {
    // Gone from the room: its tracks go too, so the next sample has none.
    const left = run(
      [
        { type: 'peer-left', at: 11_000 },
        { type: 'inbound', bytes: 0, tracks: 0, at: 11_300 },
      ],
      flowing(10_300),
    );
    expect(linkView(left, 11_000)).toMatchObject({ status: 'reconnecting', cause: 'peer', since: 11_000 });
    expect(linkView(left, 11_000 + lostMs - 1)).toMatchObject({ status: 'reconnecting', giveUp: false });
    expect(linkView(left, 11_000 + lostMs)).toMatchObject({ status: 'lost', cause: 'peer', peerQuality: 'lost', giveUp: true });
    // Back, with a fresh subscription whose counter starts again.
    const back = run(
      [
        { type: 'peer-joined', at: 20_000 },
        { type: 'inbound', bytes: 500, tracks: 2, at: 20_500 },
      ],
      left,
    );
    expect(linkView(back, 20_600)).toMatchObject({ status: 'connected', peerQuality: 'unknown' });
  });

  it('our own reconnection is ours, and wins over the silence it causes', () => {
    const s = run([{ type: 'reconnecting', at: 12_000 }], flowing(10_300));
    expect(linkView(s, 14_000)).toMatchObject({
      status: 'reconnecting',
      cause: 'self',
      since: 12_000,
      selfQuality: 'lost',
      peerQuality: 'excellent',
      callQuality: 'lost',
    });
    const back = run(
      [
        { type: 'connected', at: 13_000 },
        { type: 'inbound', bytes: 1, tracks: 2, at: 13_500 },
      ],
      s,
    );
    expect(linkView(back, 14_000).status).toBe('connected');
  });

  it('expects nothing while the other side publishes no track (e.g. a booth with its camera off and no microphone)', () => {
    const s = run([{ type: 'inbound', bytes: 10_300, tracks: 0, at: 11_000 }], flowing(10_300));
    expect(linkView(s, 30_000).status).toBe('connected');
    // A track again: its media is expected again, from then on.
    const again = run([{ type: 'inbound', bytes: 10_300, tracks: 1, at: 31_000 }], s);
    expect(linkView(again, 31_000 + stallMs - 1).status).toBe('connected');
    expect(linkView(again, 31_000 + stallMs).status).toBe('reconnecting');
  });

  it('lost when our room gives up, ended when the room is closed', () => {
    const lost = run([{ type: 'disconnected', ended: false, at: 50_000 }], flowing());
    expect(linkView(lost, 50_001)).toMatchObject({ status: 'lost', cause: 'self', giveUp: false });
    // Our own link: a retry may still bring it back, so the call is given up only after the limit.
    expect(linkView(lost, 50_000 + lostMs).giveUp).toBe(true);
    const ended = run([{ type: 'disconnected', ended: true, at: 50_000 }], flowing());
    expect(linkView(ended, 50_001)).toMatchObject({ status: 'ended', cause: null });
    // Nothing after the end changes it.
    expect(
      linkView(
        run(
          [
            { type: 'connected', at: 50_100 },
            { type: 'reconnecting', at: 50_200 },
          ],
          ended,
        ),
        50_300,
      ).status,
    ).toBe('ended');
  });
});

describe('call link: the fallback notice', () => {
  it('follows the booth both ways, and gives way to an interruption', () => {
    const on = run([{ type: 'degraded', degraded: true, at: 10_000 }], flowing(10_000));
    expect(linkView(on, 10_100).degraded).toBe(true);
    expect(linkView(on, 10_000 + stallMs).degraded).toBe(false); // reconnecting says more
    const off = run([{ type: 'degraded', degraded: false, at: 10_500 }], on);
    expect(linkView(off, 10_600).degraded).toBe(false);
  });

  it('is kept across a retry: the booth tells it once', () => {
    const on = run([{ type: 'degraded', degraded: true, at: 10_000 }], flowing(10_000));
    expect(run([{ type: 'connecting', at: 11_000 }], on).degraded).toBe(true);
  });

  it('a paused video (our bandwidth) is shown only while connected', () => {
    const paused = run([{ type: 'video-paused', paused: true, at: 10_000 }], flowing(10_300));
    expect(linkView(paused, 10_400).videoPaused).toBe(true);
    expect(linkView(paused, 10_300 + stallMs).videoPaused).toBe(false);
  });
});

describe('call link: events', () => {
  it('returns the same state when an event changes nothing', () => {
    const s = flowing();
    for (const e of [
      { type: 'tick', at: 1 },
      { type: 'connected', at: 1 },
      { type: 'peer-joined', at: 1 },
      { type: 'quality', self: false, quality: 'excellent', at: 1 },
      { type: 'video-paused', paused: false, at: 1 },
      { type: 'degraded', degraded: false, at: 1 },
    ] satisfies LinkEvent[]) {
      expect(onLinkEvent(s, e)).toBe(s);
    }
  });
});
