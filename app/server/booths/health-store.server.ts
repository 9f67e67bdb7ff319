/**
 * Booth health state in Redis, for several app nodes (decision 0030). Keys (prefix `mdg:` unless told):
 *   <p>booth:<id>        hash: v (version), s (the state as JSON), cmd ('1' = commands pending),
 *                         mnt ('1'/'0' maintenance)
 *   <p>booth:<id>:lock   a status change of the booth is being written to the database (expires in 5 s)
 *   <p>booth:beating     sorted set: booths not offline, scored by their last beat (the sweep's index)
 *   <p>booth:offline     set: booths offline (outage alerts, the dashboard banner)
 *   <p>booth:dirty       set: booths whose snapshot the sweep should write to booth_health
 *   <p>booth:restored    present once the state was rebuilt from the database (gone = Redis lost it)
 * No personal data: ids, statuses, times, device codes and figures only.
 *
 * Every node updates a booth by read → decide in TypeScript (domain nextStatus) → compare-and-set
 * on the version (one Lua step that also moves the indexes). A status change also takes the
 * booth's lock until its interval rows are written, so the changes of one booth reach the
 * database in the order they were decided, whichever node decided them.
 */

import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { BoothState } from './health-state';
import { yieldTurn } from './health-writes.server';

export interface SharedHealth {
  redis: Redis;
  /** Key prefix (default 'mdg:'). */
  prefix?: string;
}

/** The part of a booth's state kept in `s` (commands and maintenance have their own fields; `alerting` is the sweeper's). */
type Stored = Omit<BoothState, 'maintenance' | 'hasPendingCommands' | 'alerting' | 'beatPersistedAt' | 'dirty'>;

/** A booth as read from Redis: its state (null = unknown) and the version to write against. */
export interface Versioned {
  version: string;
  state: BoothState | null;
  /** Commands pending (set by a staff request on any node). */
  commands: boolean;
  /** The maintenance flag, if a node has put it here yet. */
  maintenance: boolean | null;
}

export interface Write {
  /** What the beat or the sweep decided. */
  state: BoothState;
  /** A status change: take the lock (refused while another change of the booth is being written). */
  change: boolean;
  /** The snapshot should reach booth_health at the next sweep. */
  dirty: boolean;
  /** The commands flag is cleared: this beat hands the pending commands out. */
  takeCommands: boolean;
  /** The maintenance flag and commands flag to set if the booth has none yet (a booth read from the database). */
  initial?: { maintenance: boolean; commands: boolean };
}

/**
 * 1 written, 0 the version moved (read again), -1 another change of the booth is being written (wait).
 * The lock is a key of its own that expires in Redis's time (a node that dies mid-write, or whose
 * clock is off, cannot hold it longer).
 */
const CAS = `
local h = KEYS[1]
if (redis.call('HGET', h, 'v') or '0') ~= ARGV[1] then return 0 end
if ARGV[3] ~= '' then
  if redis.call('EXISTS', KEYS[5]) == 1 then return -1 end
  redis.call('SET', KEYS[5], ARGV[3], 'PX', ARGV[2])
end
redis.call('HSET', h, 'v', tonumber(ARGV[1]) + 1, 's', ARGV[4])
if ARGV[5] == '1' then redis.call('HSET', h, 'cmd', '0') end
if ARGV[9] ~= '' then
  redis.call('HSETNX', h, 'mnt', ARGV[9])
  redis.call('HSETNX', h, 'cmd', ARGV[10])
end
if ARGV[6] == 'offline' then
  redis.call('ZREM', KEYS[2], ARGV[8])
  redis.call('SADD', KEYS[3], ARGV[8])
else
  redis.call('ZADD', KEYS[2], ARGV[7], ARGV[8])
  redis.call('SREM', KEYS[3], ARGV[8])
end
if ARGV[11] == '1' then redis.call('SADD', KEYS[4], ARGV[8]) end
return 1`;

/** Releases the lock if it is still the one this writer took. */
const UNLOCK = `
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 1`;

/** A staff request: commands pending, and the maintenance flag if it changed. */
const REQUESTED = `
redis.call('HSET', KEYS[1], 'cmd', '1')
if ARGV[1] ~= '' then redis.call('HSET', KEYS[1], 'mnt', ARGV[1]) end
return 1`;

/** Booths read per pipeline by readMany. */
const READ_SLICE = 250;

/** How long a change's lock holds if its node dies before writing the interval (it is released as soon as written). */
export const CHANGE_LOCK_MS = 5_000;

type WithCommands = Redis & {
  healthCas(...args: (string | number)[]): Promise<number>;
  healthUnlock(key: string, token: string): Promise<number>;
  healthRequested(key: string, maintenance: string): Promise<number>;
};

export function createHealthStore({ redis, prefix = 'mdg:' }: SharedHealth) {
  const r = redis as WithCommands;
  // defineCommand sends EVALSHA (the script once per connection): one round trip, no script text per beat.
  if (typeof r.healthCas !== 'function') {
    redis.defineCommand('healthCas', { numberOfKeys: 5, lua: CAS });
    redis.defineCommand('healthUnlock', { numberOfKeys: 1, lua: UNLOCK });
    redis.defineCommand('healthRequested', { numberOfKeys: 1, lua: REQUESTED });
  }
  const keyOf = (boothId: string) => `${prefix}booth:${boothId}`;
  const lockOf = (boothId: string) => `${prefix}booth:${boothId}:lock`;
  const beating = `${prefix}booth:beating`;
  const offline = `${prefix}booth:offline`;
  const dirty = `${prefix}booth:dirty`;
  const restored = `${prefix}booth:restored`;

  const decode = (boothId: string, [v, s, cmd, mnt]: (string | null)[]): Versioned => {
    const stored = s ? (JSON.parse(s) as Stored) : null;
    const maintenance = mnt === null || mnt === undefined ? null : mnt === '1';
    const commands = cmd === '1';
    return {
      version: v ?? '0',
      commands,
      maintenance,
      state: stored
        ? {
            ...stored,
            boothId,
            maintenance: maintenance ?? false,
            hasPendingCommands: commands,
            alerting: false,
            dirty: false,
            beatPersistedAt: 0,
          }
        : null,
    };
  };

  const FIELDS = ['v', 's', 'cmd', 'mnt'] as const;

  return {
    async read(boothId: string): Promise<Versioned> {
      return decode(boothId, await redis.hmget(keyOf(boothId), ...FIELDS));
    },

    /**
     * Many booths (staff pages, the sweep), a pipeline of READ_SLICE at a time with a turn of the
     * event loop between them, so thousands of states never hold the beats behind one long parse.
     * Unknown booths are left out.
     */
    async readMany(boothIds: readonly string[]): Promise<Map<string, Versioned & { state: BoothState }>> {
      const out = new Map<string, Versioned & { state: BoothState }>();
      for (let i = 0; i < boothIds.length; i += READ_SLICE) {
        if (i > 0) await yieldTurn();
        const ids = boothIds.slice(i, i + READ_SLICE);
        const pipeline = redis.pipeline();
        for (const id of ids) pipeline.hmget(keyOf(id), ...FIELDS);
        const answers = (await pipeline.exec()) ?? [];
        ids.forEach((id, j) => {
          const [err, fields] = answers[j] ?? [null, null];
          if (err) throw err;
          const read = decode(id, fields as (string | null)[]);
          if (read.state) out.set(id, read as Versioned & { state: BoothState });
        });
      }
      return out;
    },

    /** Compare-and-set on the version; the lock token when a change took the lock. */
    async write(expected: string, w: Write): Promise<{ result: 1 | 0 | -1; lock: string | null }> {
      const s = w.state;
      const stored: Stored = {
        boothId: s.boothId,
        municipalityId: s.municipalityId,
        status: s.status,
        streak: s.streak,
        since: s.since,
        lastBeatAt: s.lastBeatAt,
        appVersion: s.appVersion,
        snapshot: s.snapshot,
        alertedAt: s.alertedAt,
        persistedAt: s.persistedAt,
        graceUntil: s.graceUntil,
      };
      const lock = w.change ? randomUUID() : '';
      const result = (await r.healthCas(
        keyOf(s.boothId),
        beating,
        offline,
        dirty,
        lockOf(s.boothId),
        expected,
        CHANGE_LOCK_MS,
        lock,
        JSON.stringify(stored),
        w.takeCommands ? '1' : '0',
        s.status,
        s.lastBeatAt,
        s.boothId,
        w.initial ? (w.initial.maintenance ? '1' : '0') : '',
        w.initial ? (w.initial.commands ? '1' : '0') : '',
        w.dirty ? '1' : '0',
      )) as 1 | 0 | -1;
      return { result, lock: result === 1 && w.change ? lock : null };
    },

    async unlock(boothId: string, token: string) {
      await r.healthUnlock(lockOf(boothId), token);
    },

    /** A staff request on any node: the next beat, wherever it arrives, collects the commands. */
    async requested(boothId: string, maintenance: boolean | null) {
      await r.healthRequested(keyOf(boothId), maintenance === null ? '' : maintenance ? '1' : '0');
    },

    /** Booths not offline whose last beat is at or before `before`. */
    silentSince: (before: number) => redis.zrangebyscore(beating, '-inf', before),
    /** Every booth not offline. */
    beatingBooths: () => redis.zrange(beating, 0, -1),
    /** Booths not offline that beat after `after`, with their last beats. */
    async beatsAfter(after: number): Promise<Map<string, number>> {
      const flat = await redis.zrangebyscore(beating, `(${after}`, '+inf', 'WITHSCORES');
      const out = new Map<string, number>();
      for (let i = 0; i + 1 < flat.length; i += 2) out.set(flat[i]!, Number(flat[i + 1]));
      return out;
    },
    offlineBooths: () => redis.smembers(offline),
    /** Takes the booths whose snapshot is due (a beat marking one again after this puts it back). */
    takeDirty: () => redis.spop(dirty, 100_000),

    isRestored: async () => (await redis.exists(restored)) === 1,
    markRestored: () => redis.set(restored, '1'),
  };
}

export type HealthStore = ReturnType<typeof createHealthStore>;
