import { describe, expect, it } from 'vitest';
import { boothEventTime, MAX_EVENT_AGE_MS } from './event-time';

const arrival = new Date('2026-12-03T02:00:00.000Z');
const at = (offsetMs: number) => new Date(arrival.getTime() + offsetMs);

describe('boothEventTime', () => {
  it('keeps the occurrence of a booth whose clock agrees with ours: the latency is recorded, not applied', () => {
    const time = boothEventTime({ occurredAt: at(-78_000), sentAt: at(-20) }, arrival);
    expect(time).toEqual({ occurredAt: at(-78_000), clockSkewMs: -20, clamped: null });
    // Two events 1 ms apart keep their order whatever each request's latency.
    const first = boothEventTime({ occurredAt: at(-5_000), sentAt: at(-400) }, arrival);
    const second = boothEventTime({ occurredAt: at(-4_999), sentAt: at(-3) }, arrival);
    expect(first.occurredAt.getTime()).toBeLessThan(second.occurredAt.getTime());
  });

  it('takes a fast booth clock off its occurrence (sent 16.7 s in, arrived 94.5 s in: dated 16.7 s in)', () => {
    // The booth is 5 minutes ahead; the event waited 77.8 s in its outbox.
    const skew = 5 * 60_000;
    const time = boothEventTime({ occurredAt: at(skew - 77_800), sentAt: at(skew) }, arrival);
    expect(time.occurredAt).toEqual(at(-77_800));
    expect(time.clockSkewMs).toBe(skew);
    expect(time.clamped).toBeNull();
  });

  it('takes a slow booth clock into account too', () => {
    const time = boothEventTime({ occurredAt: at(-3_600_000 - 5_000), sentAt: at(-3_600_000) }, arrival);
    expect(time).toEqual({ occurredAt: at(-5_000), clockSkewMs: -3_600_000, clamped: null });
  });

  it('never dates an event after its arrival, and says it moved it', () => {
    const time = boothEventTime({ occurredAt: at(60_000), sentAt: at(0) }, arrival);
    expect(time).toEqual({ occurredAt: arrival, clockSkewMs: 0, clamped: 'future' });
  });

  it('never dates an event earlier than the booth keeps events', () => {
    const time = boothEventTime({ occurredAt: at(-MAX_EVENT_AGE_MS - 1), sentAt: at(0) }, arrival);
    expect(time).toEqual({ occurredAt: at(-MAX_EVENT_AGE_MS), clockSkewMs: 0, clamped: 'past' });
    expect(boothEventTime({ occurredAt: at(-MAX_EVENT_AGE_MS), sentAt: at(0) }, arrival).clamped).toBeNull();
  });
});
