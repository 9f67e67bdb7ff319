/**
 * A budget of requests per client network (address prefix) and window, for the login throttle
 * (decision 0008) and the public reservation routes (decision 0034). On one node it lives in memory
 * (domain/rate-limit.ts: fixed windows, bounded). With several nodes (`shared`), in Redis — else N
 * nodes would allow N× the budget — as a sliding window under an HMAC of the prefix, so Redis holds
 * no address. If Redis cannot be reached the node falls back to its own budget: requests keep
 * being served, and the budget is at worst per node again.
 */
import { createHmac, randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { WindowLimiter } from '../../domain/rate-limit';

/** Several nodes: the budget in Redis, shared by all of them. */
export interface SharedBudget {
  redis: Redis;
  /** Key prefix (default 'mdg:'). */
  prefix?: string;
}

export interface AddressBudget {
  /** Counts one request from `prefix` at `at` (ms): 0 when allowed, else the ms to wait (not counted). */
  take(prefix: string, at: number): Promise<number>;
}

/**
 * The shared budget as a sliding window in one atomic step: drop the requests older than the
 * window; at the limit answer the wait until the oldest one leaves it; else count this one. The
 * key expires with its window.
 */
const WINDOW_SCRIPT = `
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return math.max(1, tonumber(oldest[2]) + window - now)
end
redis.call('ZADD', KEYS[1], now, ARGV[4])
redis.call('PEXPIRE', KEYS[1], window)
return 0`;

export function createAddressBudget(options: {
  /** Names the budget in Redis keys and in the HMAC ('login:budget', 'reserve:booking'…). */
  name: string;
  limit: number;
  windowMs: number;
  /** Keys the in-memory budget keeps at most (domain/rate-limit.ts). */
  maxKeys?: number;
  /** Key of the HMAC that hides the prefix in Redis. */
  hmacKey: Buffer;
  shared?: SharedBudget | undefined;
}): AddressBudget {
  const { name, limit, windowMs, hmacKey, shared } = options;
  const local = new WindowLimiter(limit, windowMs, options.maxKeys);
  const takeLocally = (prefix: string, at: number) => (local.take(prefix, at) ? 0 : Math.max(1, local.retryAfterMs(prefix, at)));
  const keyOf = (prefix: string) =>
    `${shared?.prefix ?? 'mdg:'}${name}:${createHmac('sha256', hmacKey).update(`${name}\n${prefix}`).digest('base64url')}`;
  return {
    async take(prefix, at) {
      if (!shared) return takeLocally(prefix, at);
      try {
        return Number(await shared.redis.eval(WINDOW_SCRIPT, 1, keyOf(prefix), at, windowMs, limit, `${at}:${randomUUID()}`));
      } catch {
        return takeLocally(prefix, at);
      }
    },
  };
}
