import ipaddr from 'ipaddr.js';

/**
 * Per-address budgets, shared by the login throttle (decision 0008) and the public reservation
 * routes (decision 0034). The key is the client's network (`addressPrefix`).
 */

/** IPv4 addresses are grouped by /24, IPv6 by /64 (one household, office or cloud host). */
export const IPV4_PREFIX_BITS = 24;
export const IPV6_PREFIX_BITS = 64;

/**
 * The client's network: `192.0.2.0/24`, `2001:db8:1:2::/64`; an IPv4-mapped IPv6 address
 * counts as its IPv4 address. Anything unparseable (including `unknown`, when the server could
 * not tell the address) shares the single bucket `unknown`.
 */
export function addressPrefix(address: string): string {
  const raw = address.trim().replace(/^\[(.*)\]$/, '$1');
  if (!ipaddr.isValid(raw)) return 'unknown';
  const parsed = ipaddr.process(raw);
  if (parsed.kind() === 'ipv4') {
    const [a, b, c] = (parsed as ipaddr.IPv4).octets;
    return `${a}.${b}.${c}.0/${IPV4_PREFIX_BITS}`;
  }
  const parts = (parsed as ipaddr.IPv6).parts.slice(0, IPV6_PREFIX_BITS / 16);
  return `${new ipaddr.IPv6([...parts, 0, 0, 0, 0]).toString()}/${IPV6_PREFIX_BITS}`;
}

/** One key's current window: when it started and the requests counted in it. */
interface Tally {
  start: number;
  count: number;
}

/**
 * At most `limit` requests per key in each fixed window of `windowMs` (windows start at multiples
 * of `windowMs`); refused requests are not counted. Time is a parameter.
 *
 * Bounded: at most `maxKeys` keys. When a new key finds the table full, one key goes, in this
 * order: one whose window has ended; else the oldest key still under its budget (forgetting it
 * gives back less than its budget); only when every key is at its budget, the oldest of those. So
 * a flood of new keys (IPv6 /64s are cheap) cannot lift the limit of a key that reached it: that
 * would take `maxKeys` keys each spending its whole budget. Each step is O(1).
 */
export class WindowLimiter {
  // Each in the order its keys entered it, so the oldest window comes first.
  private readonly underBudget = new Map<string, Tally>();
  private readonly atBudget = new Map<string, Tally>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly maxKeys = 100_000,
  ) {}

  /** Counts one request for `key` at `now`: false (and not counted) once the key is at its budget. */
  take(key: string, now: number): boolean {
    const start = now - (now % this.windowMs);
    let tally = this.tallyOf(key);
    if (tally?.start !== start) {
      this.underBudget.delete(key);
      this.atBudget.delete(key);
      if (this.size >= this.maxKeys) this.evictOne(start);
      tally = { start, count: 0 };
      this.underBudget.set(key, tally);
    }
    if (tally.count >= this.limit) return false;
    tally.count++;
    if (tally.count >= this.limit) {
      this.underBudget.delete(key);
      this.atBudget.set(key, tally);
    }
    return true;
  }

  /** When `key` may try again (ms), or 0. */
  retryAfterMs(key: string, now: number): number {
    const tally = this.tallyOf(key);
    if (!tally || tally.count < this.limit) return 0;
    return Math.max(0, tally.start + this.windowMs - now);
  }

  get size(): number {
    return this.underBudget.size + this.atBudget.size;
  }

  private tallyOf(key: string): Tally | undefined {
    return this.atBudget.get(key) ?? this.underBudget.get(key);
  }

  private evictOne(currentStart: number): void {
    const oldest = this.atBudget.entries().next().value;
    if (oldest && (oldest[1].start !== currentStart || this.underBudget.size === 0)) this.atBudget.delete(oldest[0]);
    else this.underBudget.delete(this.underBudget.keys().next().value!);
  }
}
