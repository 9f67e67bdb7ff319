import type { Redis } from 'ioredis';
import { Mutex } from 'redis-semaphore';
import type { Logger } from './logger';
import { during } from './loop-monitor';

export interface LeadershipOptions {
  /** The lease's key in Redis (one per job run by one node at a time). */
  key: string;
  /** The lease expires this long after its holder's last renewal: the failover time's main part. */
  leaseMs: number;
  /** How often a node without the lease tries to take it. */
  retryMs: number;
  /** This node now holds the lease: start the work (e.g. rebuild the queue from the database). */
  onElected(): Promise<void> | void;
  /** This node no longer holds it (a renewal failed, or it is stopping): stop the work at once. */
  onDeposed(): Promise<void> | void;
  logger: Logger;
  now?: () => number;
}

export interface Leadership {
  readonly isLeader: boolean;
  /**
   * Whether this node holds the lease now, asked of Redis (its value is still ours). Work that
   * writes asks before each write, so a holder that was paused past its lease (a stopped VM, a long pause)
   * while another node took over stops instead of writing once more. False: it has deposed itself.
   */
  confirm(): Promise<boolean>;
  /** Whether some node (this one or another) holds the lease. */
  heldAnywhere(): Promise<boolean>;
  /** Gives the lease up (another node takes it within `retryMs`) and stops contending. */
  stop(): Promise<void>;
}

/** redis-semaphore's Mutex, renewed by us: its own timer gives no sign when Redis cannot be reached. */
class Lease extends Mutex {
  /** The Redis key redis-semaphore keeps the lease under (it prefixes ours). */
  get redisKey(): string {
    return this._key;
  }
  renew(): Promise<boolean> {
    return this._refresh();
  }
}

/**
 * One node at a time runs a job, holding a Redis lease (redis-semaphore's Mutex: taken, renewed
 * and released by Lua scripts). The holder renews it every third of `leaseMs`; when a renewal is
 * refused (the lease expired and another node may hold it) or none has succeeded for two thirds
 * of `leaseMs` (Redis unreachable), it stops the work before the lease can expire and another
 * node start it. A node that dies stops renewing, and the lease expires `leaseMs` later.
 */
export function contendForLeadership(redis: Redis, options: LeadershipOptions): Leadership {
  const { key, leaseMs, retryMs, logger } = options;
  const now = options.now ?? Date.now;
  let lease: Lease | null = null;
  /** Where redis-semaphore keeps this lease (it prefixes `key`). */
  const redisKey = new Lease(redis, key).redisKey;
  let lastRenewal = 0;
  let stopped = false;
  let attemptTimer: NodeJS.Timeout | null = null;
  let renewTimer: NodeJS.Timeout | null = null;
  let transition: Promise<void> = Promise.resolve();

  const run = (what: string, work: () => Promise<void> | void) => {
    transition = transition.then(work).catch((err: unknown) => logger.error({ err, key }, `leadership: ${what} failed`));
    return transition;
  };

  const schedule = () => {
    if (!stopped && lease === null && attemptTimer === null)
      attemptTimer = setTimeout(() => void during('lease-attempt', attempt), retryMs);
  };

  /** Stops the work, then lets the lease go (if Redis still has it as ours). */
  const depose = async (why: string) => {
    const held = lease;
    if (!held) return;
    lease = null;
    if (renewTimer) clearInterval(renewTimer);
    renewTimer = null;
    logger.warn({ key, why }, 'leadership: work stopped');
    await run('stop', () => options.onDeposed());
    await held.release().catch(() => undefined);
    schedule();
  };

  const renew = async () => {
    const held = lease;
    if (!held) return;
    try {
      if (await held.renew()) lastRenewal = now();
      else await depose('lease lost');
    } catch (err) {
      if (now() - lastRenewal >= (leaseMs * 2) / 3) await depose('no renewal for two thirds of the lease');
      else logger.warn({ err, key }, 'leadership: renewal failed, trying again');
    }
  };

  const attempt = async () => {
    attemptTimer = null;
    if (stopped || lease) return;
    const candidate = new Lease(redis, key, { lockTimeout: leaseMs, refreshInterval: 0 });
    let won = false;
    try {
      won = await candidate.tryAcquire();
    } catch (err) {
      logger.warn({ err, key }, 'leadership: Redis unreachable, trying again');
    }
    if (!won || stopped) {
      if (won) await candidate.release().catch(() => undefined);
      schedule();
      return;
    }
    lease = candidate;
    lastRenewal = now();
    renewTimer = setInterval(() => void during('lease-renewal', renew), Math.max(50, Math.floor(leaseMs / 3)));
    logger.info({ key }, 'leadership: lease taken, work starting');
    await run('start', async () => {
      try {
        await options.onElected();
      } catch (err) {
        // A node that cannot start the work must not hold the lease.
        logger.error({ err, key }, 'leadership: start failed, lease given up');
        queueMicrotask(() => void depose('start failed'));
      }
    });
  };

  void during('lease-attempt', attempt);
  return {
    get isLeader() {
      return lease !== null;
    },
    async confirm() {
      const held = lease;
      if (!held) return false;
      try {
        // A read, not a renewal: renewing before every write would push the lease's expiry to a
        // full lease after the last write, and a dead holder's successor would always wait all of it.
        if ((await redis.get(redisKey)) === held.identifier) return true;
        void depose('lease lost (found before a write)');
        return false;
      } catch (err) {
        // Redis unreachable: the renewals' own rule (two thirds of the lease) decides.
        if (now() - lastRenewal < (leaseMs * 2) / 3) return true;
        logger.warn({ err, key }, 'leadership: cannot confirm the lease');
        void depose('no renewal for two thirds of the lease');
        return false;
      }
    },
    async heldAnywhere() {
      return (await redis.exists(redisKey)) === 1;
    },
    async stop() {
      stopped = true;
      if (attemptTimer) clearTimeout(attemptTimer);
      await depose('stopping');
      await transition;
    },
  };
}
