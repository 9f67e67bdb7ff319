import { createHmac } from 'node:crypto';
import { type Db, schema } from '@madoguchi/db';
import { and, eq, isNull, lt, or } from 'drizzle-orm';
import {
  ATTEMPT_WINDOW_MS,
  afterFailure,
  answerAfterFailure,
  current,
  FIRST_LOCK_MS,
  FORGET_AFTER_MS,
  freshThrottle,
  isLocked,
  normaliseLoginId,
  retryAfterMs,
  type ThrottleState,
} from '../../domain/login-throttle';
import { addressPrefix } from '../../domain/rate-limit';
import { createAddressBudget, type SharedBudget } from '../platform/address-budget.server';
import { derivedKey } from '../platform/secrets';

export type Refusal = { kind: 'throttled' } | { kind: 'locked'; retryAfterMs: number };

/** One attempt that passed the throttle: it must end in `failed` or `succeeded`. */
export interface Attempt {
  /** Counts the failure; the answer depends only on the pair's state, never on the account. */
  failed(accountId: string | null): Promise<{ kind: 'invalid' } | { kind: 'locked'; retryAfterMs: number }>;
  /** Clears the pair (its failures and back-off). */
  succeeded(): Promise<void>;
}

const SWEEP_EVERY_MS = 60 * 60 * 1000;

/**
 * The stored side of app/domain/login-throttle.ts. The per-pair state (login id as typed ×
 * address prefix) lives in `login_throttle`, so a restart or another node does not lift a lock;
 * its key is an HMAC (key derived from the session secret) of the normalised id and the prefix,
 * so the table never holds what was typed. The per-prefix attempt budget is an address budget
 * (platform/address-budget.server.ts: in memory on one node, in Redis with `shared`); while Redis
 * cannot be reached the per-pair locks, in the database, still hold.
 */
export function createLoginThrottle(
  db: Db,
  sessionSecret: string,
  now: () => Date,
  { attemptsPerPrefix, shared }: { attemptsPerPrefix: number; shared?: SharedBudget | undefined },
) {
  const { loginThrottle } = schema;
  const hmacKey = derivedKey(sessionSecret, 'login-throttle key');
  const budget = createAddressBudget({
    name: 'login:budget',
    limit: attemptsPerPrefix,
    windowMs: ATTEMPT_WINDOW_MS,
    maxKeys: 50_000,
    hmacKey,
    shared,
  });
  let lastSweep = 0;
  const admit = async (clientAddress: string) => (await budget.take(addressPrefix(clientAddress), now().getTime())) === 0;

  const keyOf = (loginId: string, prefix: string) =>
    createHmac('sha256', hmacKey)
      .update(`${normaliseLoginId(loginId)}\n${prefix}`)
      .digest('base64url');

  async function read(key: string) {
    const row = await db.query.loginThrottle.findFirst({ where: eq(loginThrottle.key, key) });
    return row
      ? {
          state: { failures: row.failures, locks: row.locks, lockedUntil: row.lockedUntil, lastFailureAt: row.lastFailureAt },
          version: row.version,
        }
      : null;
  }

  /**
   * One more failure by the domain's rule, written with a compare-and-swap on `version`, so
   * parallel guesses cannot all write the same count.
   */
  async function recordFailure(key: string, accountId: string | null): Promise<ThrottleState> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const stored = await read(key);
      const next = afterFailure(stored?.state ?? freshThrottle, now());
      const written = stored
        ? await db
            .update(loginThrottle)
            .set({ ...next, accountId, version: stored.version + 1 })
            .where(and(eq(loginThrottle.key, key), eq(loginThrottle.version, stored.version)))
            .returning({ key: loginThrottle.key })
        : await db
            .insert(loginThrottle)
            .values({ key, accountId, ...next, version: 1 })
            .onConflictDoNothing()
            .returning({ key: loginThrottle.key });
      if (written.length === 1) return next;
    }
    // Only under a flood of parallel guesses at one pair: answer as if locked.
    return { ...freshThrottle, lockedUntil: new Date(now().getTime() + FIRST_LOCK_MS) };
  }

  /** Deletes pairs quiet for a day, at most once an hour (no timer to stop). */
  async function sweep() {
    const at = now().getTime();
    if (at - lastSweep < SWEEP_EVERY_MS) return;
    lastSweep = at;
    const before = new Date(at - FORGET_AFTER_MS);
    await db
      .delete(loginThrottle)
      .where(
        and(
          or(isNull(loginThrottle.lastFailureAt), lt(loginThrottle.lastFailureAt, before)),
          or(isNull(loginThrottle.lockedUntil), lt(loginThrottle.lockedUntil, before)),
        ),
      );
  }

  return {
    /** Counts one attempt from `clientAddress`'s prefix: false once the prefix is over its budget. */
    admit,

    /**
     * Before checking a password or code typed for `loginId` from `clientAddress`: a refusal
     * (the prefix is over its budget, or the pair is locked), or the attempt to report on.
     */
    async begin(loginId: string, clientAddress: string): Promise<Refusal | Attempt> {
      if (!(await admit(clientAddress))) return { kind: 'throttled' };
      const key = keyOf(loginId, addressPrefix(clientAddress));
      const stored = await read(key);
      const state = current(stored?.state ?? freshThrottle, now());
      if (isLocked(state, now())) return { kind: 'locked', retryAfterMs: retryAfterMs(state, now()) };
      return {
        async failed(accountId) {
          const next = await recordFailure(key, accountId);
          await sweep();
          return answerAfterFailure(next, now());
        },
        async succeeded() {
          await db.delete(loginThrottle).where(eq(loginThrottle.key, key));
        },
      };
    },
  };
}

export const isRefusal = (value: Refusal | Attempt): value is Refusal => 'kind' in value;
