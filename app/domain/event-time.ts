/**
 * When a booth's event happened, on the server's clock (issue 13). The booth stamps each event
 * with its own clock when it happens and again when it sends it; the difference between its send
 * time and our arrival time is its clock skew (network latency included, well under a second),
 * which is taken off its occurrence when it is more than latency. The result is bounded: never after the arrival (an event
 * cannot arrive before it happens) and never older than the booth keeps events — a booth whose
 * clock or stamps make no sense cannot move an event far in the history.
 */

/**
 * A skew this small is the request's own latency, not a clock that is off: left uncorrected, so that
 * two events a few milliseconds apart keep their order whatever each request's latency was.
 */
export const SKEW_TOLERANCE_MS = 2_000;

/** The oldest occurrence accepted: the booth keeps unacknowledged events this long at most. */
export const MAX_EVENT_AGE_MS = 24 * 60 * 60 * 1000;

export interface BoothEventTime {
  /** When it happened, on the server's clock, bounded. */
  occurredAt: Date;
  /** The booth's clock minus the server's at sending (ms; positive: the booth is ahead). */
  clockSkewMs: number;
  /** Whether the bound moved it: 'future' (after arrival) or 'past' (older than the booth keeps). */
  clamped: 'future' | 'past' | null;
}

export function boothEventTime(booth: { occurredAt: Date; sentAt: Date }, receivedAt: Date): BoothEventTime {
  const clockSkewMs = booth.sentAt.getTime() - receivedAt.getTime();
  const corrected = booth.occurredAt.getTime() - (Math.abs(clockSkewMs) <= SKEW_TOLERANCE_MS ? 0 : clockSkewMs);
  const latest = receivedAt.getTime();
  const earliest = latest - MAX_EVENT_AGE_MS;
  if (corrected > latest) return { occurredAt: new Date(latest), clockSkewMs, clamped: 'future' };
  if (corrected < earliest) return { occurredAt: new Date(earliest), clockSkewMs, clamped: 'past' };
  return { occurredAt: new Date(corrected), clockSkewMs, clamped: null };
}
