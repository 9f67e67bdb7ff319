import { and, eq, inArray } from 'drizzle-orm';
import { schema, type Db, type Language, type OperatorStatus, type Outcome, type Procedure } from '@madoguchi/db';
import { refusalOf, Router, type Decision, type Operator, type WaitingCall } from '../domain/routing';
import { reachOf } from '../domain/permissions';
import { problems, Problem } from './problems';
import { operatorTopic, SUPERVISOR_TOPIC, type PushChannel } from './push.server';
import type { AccountPrincipal } from './accounts.server';
import type { BoothPrincipal } from './booth-auth.server';
import type { SessionService } from './sessions.server';
import type { Logger } from './logger';

export interface QueueConfig {
  offerTimeoutMs: number;
  wrapUpMs: number;
  /** Used for the booth's estimated wait until real figures replace it. */
  averageHandlingMs: number;
}

interface CallInfo {
  municipalityId: string;
  municipalityName: string;
  boothName: string;
  language: Language;
  procedure: Procedure | null;
  requestedAt: number;
}

export interface ConsoleState {
  status: OperatorStatus;
  since: string;
  offer: null | {
    sessionId: string;
    expiresAt: string;
    municipalityName: string;
    boothName: string;
    language: Language;
    procedure: Procedure | null;
    waitedSeconds: number;
  };
  activeSessionId: string | null;
  waitingCount: number;
}

/** A refusal from the router becomes a 409 the console shows as it is. */
function throwIfRefused(decisions: Decision[]) {
  const refusal = refusalOf(decisions);
  if (refusal) throw new Problem(409, refusal.code.replace(/-/g, '_'), refusal.message);
}

/**
 * The live queue: the routing domain held in memory, fed by booths and consoles, with every
 * decision persisted (session events, operator presence) and pushed to the consoles concerned.
 * After a restart, start() rebuilds it from the database: waiting calls keep their place.
 */
export function createQueueService(deps: {
  db: Db;
  sessions: SessionService;
  push: PushChannel;
  config: QueueConfig;
  logger: Logger;
  now?: () => Date;
}) {
  const { db, sessions, push, config, logger } = deps;
  const now = deps.now ?? (() => new Date());
  const router = new Router({ offerTimeoutMs: config.offerTimeoutMs, wrapUpMs: config.wrapUpMs });
  const calls = new Map<string, CallInfo>();
  let timer: NodeJS.Timeout | undefined;
  let chain: Promise<unknown> = Promise.resolve();

  /** Decisions are applied one batch at a time, in order: events and pushes never interleave. */
  function serially<T>(work: () => Promise<T>): Promise<T> {
    const next = chain.then(work, work);
    chain = next.catch(() => undefined);
    return next;
  }

  async function apply(decisions: Decision[]) {
    const touched = new Set<string>();
    for (const d of decisions) {
      switch (d.kind) {
        case 'offer':
          await sessions.markOffered(d.offer.sessionId, new Date(d.offer.offeredAt));
          await sessions.recordEvent(d.offer.sessionId, 'offered', 'system', null, { operatorId: d.offer.operatorId });
          touched.add(d.offer.operatorId);
          break;
        case 'offer-withdrawn': {
          // A cancelled call's own 'abandoned' event says it all.
          if (d.reason !== 'cancelled') {
            const type = d.reason === 'timeout' ? 'timed-out' : d.reason === 'declined' ? 'declined' : 'offer-withdrawn';
            await sessions.recordEvent(d.sessionId, type, d.reason === 'declined' ? 'operator' : 'system', d.operatorId, { operatorId: d.operatorId, reason: d.reason });
          }
          touched.add(d.operatorId);
          break;
        }
        case 'operator-status':
          await db
            .insert(schema.operatorPresence)
            .values({ accountId: d.operatorId, status: d.status, since: new Date(d.since) })
            .onConflictDoUpdate({ target: schema.operatorPresence.accountId, set: { status: d.status, since: new Date(d.since) } });
          touched.add(d.operatorId);
          break;
        default:
          break;
      }
    }
    for (const operatorId of touched) push.publish(operatorTopic(operatorId), 'state', stateOf(operatorId));
    if (decisions.length > 0) push.publish(SUPERVISOR_TOPIC, 'changed', {});
  }

  function stateOf(operatorId: string): ConsoleState {
    const operator = router.operator(operatorId);
    const offer = router.ringingFor(operatorId);
    const info = offer ? calls.get(offer.sessionId) : undefined;
    const at = now().getTime();
    return {
      status: operator?.status ?? 'offline',
      since: new Date(operator?.since ?? at).toISOString(),
      offer:
        offer && info
          ? {
              sessionId: offer.sessionId,
              expiresAt: new Date(offer.expiresAt).toISOString(),
              municipalityName: info.municipalityName,
              boothName: info.boothName,
              language: info.language,
              procedure: info.procedure,
              waitedSeconds: Math.round((at - info.requestedAt) / 1000),
            }
          : null,
      activeSessionId: operator?.status === 'on_call' ? operator.sessionId : null,
      waitingCount: operator ? router.waitingCount(operator.municipalityIds) : 0,
    };
  }

  async function callInfo(sessionId: string): Promise<CallInfo | null> {
    const row = await db
      .select({
        municipalityId: schema.session.municipalityId,
        municipalityName: schema.municipality.name,
        boothName: schema.booth.name,
        language: schema.session.language,
        procedure: schema.session.procedure,
        requestedAt: schema.session.requestedAt,
      })
      .from(schema.session)
      .innerJoin(schema.booth, eq(schema.booth.id, schema.session.boothId))
      .innerJoin(schema.municipality, eq(schema.municipality.id, schema.session.municipalityId))
      .where(eq(schema.session.id, sessionId));
    const r = row[0];
    return r ? { ...r, language: r.language ?? 'ja', requestedAt: r.requestedAt.getTime() } : null;
  }

  async function enqueue(sessionId: string) {
    const info = await callInfo(sessionId);
    if (!info) return;
    calls.set(sessionId, info);
    await apply(
      router.callRequested(
        { sessionId, municipalityId: info.municipalityId, language: info.language, procedure: info.procedure, requestedAt: info.requestedAt },
        now().getTime(),
      ),
    );
  }

  /** A session ended outside the operator's end call: out of the queue, its operator freed. */
  async function release(sessionId: string) {
    calls.delete(sessionId);
    const operator = router.snapshot().operators.find((o) => o.status === 'on_call' && o.sessionId === sessionId);
    if (operator) await apply(router.callEnded(operator.id, now().getTime(), sessionId));
    // Still waiting (the booth left before anyone answered): out of the queue.
    await apply(router.callCancelled(sessionId, now().getTime()).filter((d) => d.kind !== 'refused'));
  }

  async function skillsOf(accountId: string) {
    const row = await db.query.account.findFirst({ where: eq(schema.account.id, accountId), with: { municipalities: true } });
    if (!row) throw problems.forbidden();
    return { municipalityIds: row.municipalities.map((m) => m.municipalityId), languages: row.languages, procedures: row.procedures };
  }

  return {
    /** Rebuilds the queue from the database and starts the clock for offer timeouts and wrap-ups. */
    async start() {
      const waiting: WaitingCall[] = [];
      for (const row of await sessions.waiting()) {
        const info = await callInfo(row.id);
        if (!info) continue;
        calls.set(row.id, info);
        waiting.push({ sessionId: row.id, municipalityId: info.municipalityId, language: info.language, procedure: info.procedure, requestedAt: info.requestedAt });
      }
      const present = await db.query.operatorPresence.findMany({
        where: inArray(schema.operatorPresence.status, ['available', 'offered', 'away', 'wrap_up', 'on_call']),
      });
      const operators: Operator[] = [];
      for (const p of present) {
        const account = await db.query.account.findFirst({ where: eq(schema.account.id, p.accountId) });
        if (!account || account.disabled || !reachOf({ role: account.role, municipalityIds: [] }, 'write:session')) continue;
        // A call in progress survives the restart (LiveKit carries it): the operator stays on it.
        const call = await db.query.session.findFirst({
          where: and(eq(schema.session.operatorId, p.accountId), eq(schema.session.status, 'active')),
        });
        const since = p.since.getTime();
        const skills = await skillsOf(p.accountId);
        if (call) {
          operators.push({ id: p.accountId, ...skills, status: 'on_call', since, idleSince: null, until: null, sessionId: call.id });
          continue;
        }
        // Ringing or wrapping up when the app stopped: available again, keeping their place by the
        // time they became so. Whoever had missed an offer stays away.
        const status = p.status === 'away' ? 'away' : 'available';
        operators.push({ id: p.accountId, ...skills, status, since, idleSince: status === 'available' ? since : null, until: null, sessionId: null });
      }
      // One restore: oldest call to the operator available longest, whatever the row order.
      await apply(router.restore({ operators, waiting }, now().getTime()));
      timer = setInterval(() => {
        void serially(() => apply(router.tick(now().getTime()))).catch((err: unknown) => logger.error({ err }, 'queue tick failed'));
      }, 250);
      timer.unref();
      logger.info({ waiting: waiting.length, operators: operators.length }, 'queue rebuilt');
    },

    stop() {
      if (timer) clearInterval(timer);
    },

    /** After the session row exists: route it. */
    callRequested: (sessionId: string) => serially(() => enqueue(sessionId)),

    /** The booth left its room (LiveKit gave up on it) while still waiting: abandoned. */
    boothLeft: (roomName: string) =>
      serially(async () => {
        const row = await sessions.byRoom(roomName);
        if (row?.status !== 'waiting') return;
        await sessions.abandon(null, row.id);
        await apply(router.callCancelled(row.id, now().getTime()));
        calls.delete(row.id);
      }),

    /** The resident cancelled or walked away while waiting. */
    cancel: (booth: BoothPrincipal, sessionId: string) =>
      serially(async () => {
        const { waitMs } = await sessions.abandon(booth, sessionId);
        await apply(router.callCancelled(sessionId, now().getTime()));
        calls.delete(sessionId);
        return { waitMs };
      }),

    /** The booth ended (after a call, or walked away): free its operator for after-call work. */
    boothEnded: (sessionId: string) => serially(() => release(sessionId)),

    /**
     * LiveKit closed the room (nobody came within its empty timeout, everyone left, or the app
     * deleted it): the session has ended, so it leaves the queue and frees its operator too.
     */
    roomFinished: (roomName: string) =>
      serially(async () => {
        const row = await sessions.byRoom(roomName);
        if (row?.status === 'ended') await release(row.id);
      }),

    /** What the waiting booth shows. */
    async position(booth: BoothPrincipal, sessionId: string) {
      const row = await db.query.session.findFirst({ where: eq(schema.session.id, sessionId) });
      if (!row || row.boothId !== booth.boothId) throw problems.sessionNotFound();
      const place = router.queuePosition(sessionId);
      const wait = router.estimatedWaitMs(sessionId, config.averageHandlingMs);
      let operatorName: string | null = null;
      if (row.operatorId) {
        operatorName = (await db.query.account.findFirst({ columns: { displayName: true }, where: eq(schema.account.id, row.operatorId) }))?.displayName ?? null;
      }
      return {
        status: row.status,
        position: row.status === 'waiting' ? (place?.position ?? null) : null,
        estimatedWaitSeconds: row.status === 'waiting' && wait !== null ? Math.ceil(wait / 1000) : null,
        operatorName,
      };
    },

    /** After an account edit: the router serves the operator's new towns, languages and procedures. */
    refreshOperator: (accountId: string) =>
      serially(async () => {
        const account = await db.query.account.findFirst({ columns: { disabled: true, role: true }, where: eq(schema.account.id, accountId) });
        if (!account) return;
        const at = now().getTime();
        // Disabled, or no longer an operator: out of the queue (a call under way goes on to its end).
        if (account.disabled || !reachOf({ role: account.role, municipalityIds: [] }, 'write:session')) {
          await apply(router.setStatus(accountId, 'offline', at));
          return;
        }
        await apply(router.updateSkills(accountId, await skillsOf(accountId), at));
      }),

    setStatus: (account: AccountPrincipal, status: 'available' | 'break' | 'offline') =>
      serially(async () => {
        const decisions = router.setStatus(account.accountId, status, now().getTime(), await skillsOf(account.accountId));
        await apply(decisions);
        throwIfRefused(decisions);
        return stateOf(account.accountId);
      }),

    accept: (account: AccountPrincipal, sessionId: string) =>
      serially(async () => {
        // The database first: if the answer cannot be recorded (e.g. the operator no longer serves
        // that town), the router is untouched and the offer keeps ringing or times out as usual.
        const ringing = router.ringingFor(account.accountId);
        if (ringing?.sessionId === sessionId && ringing.expiresAt > now().getTime()) {
          await sessions.answer(account, sessionId);
          calls.delete(sessionId);
        }
        const decisions = router.offerAccepted(sessionId, account.accountId, now().getTime());
        await apply(decisions);
        throwIfRefused(decisions);
        return stateOf(account.accountId);
      }),

    decline: (account: AccountPrincipal, sessionId: string) =>
      serially(async () => {
        const decisions = router.offerDeclined(sessionId, account.accountId, now().getTime());
        await apply(decisions);
        throwIfRefused(decisions);
        return stateOf(account.accountId);
      }),

    /** The operator ends the call with an outcome: the room closes, after-call work begins. */
    endCall: (account: AccountPrincipal, sessionId: string, outcome: Outcome, notesCategory: string | null) =>
      serially(async () => {
        await sessions.setOutcome(account, sessionId, outcome, notesCategory);
        await sessions.endByOperator(account, sessionId);
        await apply(router.callEnded(account.accountId, now().getTime(), sessionId));
        return stateOf(account.accountId);
      }),

    state: (accountId: string) => stateOf(accountId),

    /** Supervisor view: queues per municipality, operators and their statuses, active calls. */
    async overview() {
      const snap = router.snapshot();
      const at = now().getTime();
      const byTown = new Map<string, { municipalityName: string; waiting: number; longestWaitSeconds: number }>();
      for (const call of snap.waiting) {
        const info = calls.get(call.sessionId);
        const entry = byTown.get(call.municipalityId) ?? { municipalityName: info?.municipalityName ?? call.municipalityId, waiting: 0, longestWaitSeconds: 0 };
        entry.waiting++;
        entry.longestWaitSeconds = Math.max(entry.longestWaitSeconds, Math.round((at - call.requestedAt) / 1000));
        byTown.set(call.municipalityId, entry);
      }
      const names = new Map(
        (await db.select({ id: schema.account.id, displayName: schema.account.displayName }).from(schema.account)).map((a) => [a.id, a.displayName]),
      );
      return {
        queues: [...byTown.entries()].map(([municipalityId, q]) => ({ municipalityId, ...q })),
        operators: snap.operators.map((o) => ({ id: o.id, displayName: names.get(o.id) ?? o.id, status: o.status, since: new Date(o.since).toISOString() })),
        activeSessions: snap.operators
          .filter((o) => o.status === 'on_call' && o.sessionId)
          .map((o) => ({ sessionId: o.sessionId!, operatorId: o.id, operatorName: names.get(o.id) ?? o.id })),
      };
    },
  };
}

export type QueueService = ReturnType<typeof createQueueService>;
