import { AsyncLocalStorage } from 'node:async_hooks';
import { type Db, type Language, type OperatorStatus, type Outcome, type Procedure, schema } from '@madoguchi/db';
import type { ConsoleState } from '@madoguchi/db/call-contract';
import { and, desc, eq, inArray, isNotNull } from 'drizzle-orm';
import { AbsenceWatch } from '../../domain/console-presence';
import { reachOf } from '../../domain/permissions';
import { type Availability, type Decision, type Operator, Router, refusalOf, type Skills, type WaitingSession } from '../../domain/routing';
import type { AccountPrincipal } from '../auth/login.server';
import type { BoothPrincipal } from '../booths/booth-auth.server';
import type { Logger } from '../platform/logger';
import { during } from '../platform/loop-monitor';
import type { QueueMeter } from '../platform/metrics.server';
import { Problem, problems } from '../platform/problems';
import { recordOperatorStatus } from '../staffing/operator-status.server';
import { createInterpreterDesk } from './interpreting.server';
import { operatorTopic, type PushChannel, SUPERVISOR_TOPIC } from './push.server';
import { buildOverview, type SessionInfo } from './queue-overview.server';
import type { SessionService } from './sessions.server';

export interface QueueConfig {
  offerTimeoutMs: number;
  wrapUpMs: number;
  /** Used for the booth's estimated wait until real figures replace it. */
  averageHandlingMs: number;
  /** How often the router's live sessions are checked against the record (ms). */
  reconcileMs?: number;
  /** An operator with no console connected anywhere for this long goes offline (CONSOLE_GRACE_MS). */
  consoleGraceMs: number;
  /** How often the dispatcher looks at whose console is connected (default: a tenth of the grace, 1–5 s). */
  presenceEveryMs?: number;
  /** An interpreter request with nobody found this long: the operator is told (INTERPRETER_WAIT_MS, issue 18). */
  interpreterWaitMs?: number;
}

/** What the booth is told while it waits (GET …/queue). */
export interface QueuePlace {
  status: 'waiting' | 'active' | 'ended';
  position: number | null;
  estimatedWaitSeconds: number | null;
  operatorName: string | null;
  /** While waiting: nobody who could take the call is on duty, and why (the booth says so). */
  noOperator: 'not-served' | 'none-on-duty' | null;
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
 *
 * A session leaves the queue one way only: `sessionEnded`, which the session service calls
 * whenever a session ends, by any path (decision 0009). So no end can leave an operator "on a
 * call" that is over; a periodic check against the record (`reconcile`) backs that up.
 */
/**
 * This node found, before writing a batch of decisions, that it no longer holds the dispatcher's
 * lease (another node took over while it was paused): nothing was written or pushed, and the
 * command is to be carried out by the dispatcher that holds it now (queue-rpc.server.ts).
 */
export class NotInCharge extends Error {
  constructor() {
    super('this node no longer runs the dispatcher');
    this.name = 'NotInCharge';
  }
}

export function createQueueService(deps: {
  db: Db;
  sessions: SessionService;
  push: PushChannel;
  config: QueueConfig;
  logger: Logger;
  /** Counts offers, time-outs and answers (metrics.server.ts). */
  meter?: QueueMeter;
  /**
   * Several nodes: whether this node still holds the dispatcher's lease, asked before every batch
   * of decisions is written (a fence against a holder paused past its lease). One node: absent.
   */
  confirm?: () => Promise<boolean>;
  now?: () => Date;
}) {
  const { db, sessions, push, config, logger } = deps;
  const now = deps.now ?? (() => new Date());
  const router = new Router({ offerTimeoutMs: config.offerTimeoutMs, wrapUpMs: config.wrapUpMs });
  const calls = new Map<string, SessionInfo>();
  const timers: NodeJS.Timeout[] = [];
  const absence = new AbsenceWatch(config.consoleGraceMs);
  let chain: Promise<unknown> = Promise.resolve();
  /** Set while a batch runs, so a session ending inside it is applied there, not queued behind it. */
  const inBatch = new AsyncLocalStorage<{ confirmed: boolean }>();

  /**
   * Several nodes: nothing is answered, written or pushed by a batch unless this node holds the
   * dispatcher's lease, asked once per batch (decision 0029). Reads (`state`, `overview`) are not
   * fenced: a paused node's stale answer is corrected by the next push from the dispatcher.
   */
  async function fence(batch: { confirmed: boolean } | undefined) {
    if (!deps.confirm || batch?.confirmed) return;
    if (!(await deps.confirm())) throw new NotInCharge();
    if (batch) batch.confirmed = true;
  }

  /** Decisions are applied one batch at a time, in order: events and pushes never interleave. */
  function serially<T>(work: () => Promise<T>, command = true): Promise<T> {
    const run = () => {
      const batch = { confirmed: false };
      return inBatch.run(batch, async () => {
        // A command's answer is fenced too; a clock tick only when it has something to write.
        if (command) await fence(batch);
        return work();
      });
    };
    const next = chain.then(run, run);
    chain = next.catch(() => undefined);
    return next;
  }

  // The interpreters' Router, in the same batches and behind the same fence (decision 0036).
  const interpreting = createInterpreterDesk({
    db,
    sessions,
    push,
    offerTimeoutMs: config.offerTimeoutMs,
    waitMs: config.interpreterWaitMs ?? 60_000,
    serially: (work) => serially(work),
    fence: () => fence(inBatch.getStore()),
    now: () => now().getTime(),
  });

  async function apply(decisions: Decision[]) {
    if (decisions.length > 0) await fence(inBatch.getStore());
    const touched = new Set<string>();
    for (const d of decisions) {
      switch (d.kind) {
        case 'offer':
          deps.meter?.offered();
          await sessions.markOffered(d.offer.sessionId, new Date(d.offer.offeredAt));
          await sessions.recordEvent(d.offer.sessionId, 'offered', 'system', null, { operatorId: d.offer.operatorId });
          touched.add(d.offer.operatorId);
          break;
        case 'offer-withdrawn': {
          // A cancelled call's own 'abandoned' event says it all.
          if (d.reason === 'timeout') {
            deps.meter?.offerTimedOut();
            // The operator goes away: no one rings for this call until they are back (decision 0029, failover).
            logger.info({ sessionId: d.sessionId, operatorId: d.operatorId }, 'queue: offer rang out');
          }
          if (d.reason !== 'cancelled') {
            const type = d.reason === 'timeout' ? 'timed-out' : d.reason === 'declined' ? 'declined' : 'offer-withdrawn';
            await sessions.recordEvent(d.sessionId, type, d.reason === 'declined' ? 'operator' : 'system', d.operatorId, {
              operatorId: d.operatorId,
              reason: d.reason,
            });
          }
          touched.add(d.operatorId);
          break;
        }
        case 'operator-status':
          await recordOperatorStatus(db, d.operatorId, d.status, new Date(d.since));
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
      afterCall:
        operator?.status === 'wrap_up' && operator.sessionId
          ? { sessionId: operator.sessionId, until: operator.until === null ? null : new Date(operator.until).toISOString() }
          : null,
      waitingCount: operator ? router.waitingCount(operator.municipalityIds) : 0,
    };
  }

  async function sessionInfo(sessionId: string): Promise<SessionInfo | null> {
    const row = await db
      .select({
        municipalityId: schema.session.municipalityId,
        municipalityName: schema.municipality.name,
        boothName: schema.booth.name,
        language: schema.session.language,
        procedure: schema.session.procedure,
        requestedAt: schema.session.requestedAt,
        reservationId: schema.session.reservationId,
      })
      .from(schema.session)
      .innerJoin(schema.booth, eq(schema.booth.id, schema.session.boothId))
      .innerJoin(schema.municipality, eq(schema.municipality.id, schema.session.municipalityId))
      .where(eq(schema.session.id, sessionId));
    const r = row[0];
    if (!r) return null;
    const { reservationId, ...rest } = r;
    return { ...rest, language: r.language ?? 'ja', requestedAt: r.requestedAt.getTime(), reserved: reservationId !== null };
  }

  async function enqueue(sessionId: string) {
    const info = await sessionInfo(sessionId);
    if (!info) return;
    calls.set(sessionId, info);
    await apply(
      router.callRequested(
        {
          sessionId,
          municipalityId: info.municipalityId,
          language: info.language,
          procedure: info.procedure,
          requestedAt: info.requestedAt,
          reserved: info.reserved,
        },
        now().getTime(),
      ),
    );
  }

  /** The session ended (any path): out of the queue, its operator to after-call work. */
  async function ended(sessionId: string) {
    calls.delete(sessionId);
    await apply(router.sessionEnded(sessionId, now().getTime()));
    await interpreting.sessionEnded(sessionId);
  }

  function availabilityFor(booth: BoothPrincipal, call: { language: Language | null; procedure: Procedure | null }): Availability {
    return router.availability({ municipalityId: booth.municipalityId, language: call.language ?? 'ja', procedure: call.procedure });
  }

  /** Sessions the router holds as live but the record says ended (a failed listener, say): ended now. */
  async function reconcile() {
    const ids = router.liveSessionIds();
    if (ids.length === 0) return [];
    const over = await db
      .select({ id: schema.session.id })
      .from(schema.session)
      .where(and(inArray(schema.session.id, ids), eq(schema.session.status, 'ended')));
    for (const { id } of over) await ended(id);
    if (over.length > 0) logger.warn({ sessions: over.length }, 'queue: ended sessions found still live in the router, released');
    return over.map((r) => r.id);
  }

  /**
   * Operators whose console has been connected nowhere for the grace period go offline, so no
   * call rings into the void; one on a call stays (the call goes on) and is looked at again at
   * the next pass. Presence is asked outside the batch (on several nodes it is a Redis read);
   * the status change is a batch like any other.
   */
  async function sweepPresence() {
    const watched = router.snapshot().operators.filter((o) => o.status !== 'offline');
    const present = await Promise.all(watched.map((o) => push.present(operatorTopic(o.id)).catch(() => true)));
    const gone = absence.observe(
      watched.map((o, i) => ({ id: o.id, present: present[i] ?? true })),
      now().getTime(),
    );
    const offline: string[] = [];
    for (const accountId of gone) {
      const decisions = await serially(async () => {
        const made = router.setStatus(accountId, 'offline', now().getTime());
        await apply(made);
        return made;
      });
      if (refusalOf(decisions) === null) offline.push(accountId);
    }
    return offline;
  }

  async function skillsOf(accountId: string): Promise<Skills> {
    const row = await db.query.account.findFirst({ where: eq(schema.account.id, accountId), with: { municipalities: true } });
    if (!row) throw problems.forbidden();
    return { municipalityIds: row.municipalities.map((m) => m.municipalityId), languages: row.languages, procedures: row.procedures };
  }

  /** Every operator account that may take calls, with what they serve (the router knows them all, offline or not). */
  async function operatorAccounts() {
    const rows = await db.query.account.findMany({ where: eq(schema.account.disabled, false), with: { municipalities: true } });
    return rows
      .filter((a) => reachOf({ role: a.role, municipalityIds: [] }, 'write:session') !== null)
      .map((a) => ({
        id: a.id,
        skills: { municipalityIds: a.municipalities.map((m) => m.municipalityId), languages: a.languages, procedures: a.procedures },
      }));
  }

  /**
   * Where an operator stood when the app stopped. A call in progress survives the restart
   * (LiveKit carries it); after-call work for a call whose outcome is still missing stays open;
   * ringing or timed after-call work becomes available, keeping their place by the time they
   * became so; away and break stay as they were.
   */
  async function restoredOperator(
    id: string,
    skills: Skills,
    presence: { status: OperatorStatus; since: Date } | undefined,
  ): Promise<Operator> {
    const since = presence?.since.getTime() ?? now().getTime();
    const off = { idleSince: null, until: null, sessionId: null };
    if (!presence || presence.status === 'offline') return { id, ...skills, status: 'offline', since, ...off };
    const call = await db.query.session.findFirst({
      where: and(eq(schema.session.operatorId, id), isNotNull(schema.session.answeredAt)),
      orderBy: [desc(schema.session.answeredAt)],
    });
    if (call?.status === 'active') return { id, ...skills, status: 'on_call', since, ...off, sessionId: call.id };
    if (presence.status === 'break' || presence.status === 'away') return { id, ...skills, status: presence.status, since, ...off };
    if (call?.status === 'ended' && call.outcome === null && (presence.status === 'on_call' || presence.status === 'wrap_up')) {
      return { id, ...skills, status: 'wrap_up', since: call.endedAt?.getTime() ?? since, ...off, sessionId: call.id };
    }
    return { id, ...skills, status: 'available', since, idleSince: since, until: null, sessionId: null };
  }

  return {
    /** Rebuilds the queue from the database and starts the clock for offer timeouts and wrap-ups. */
    async start() {
      const waiting: WaitingSession[] = [];
      for (const row of await sessions.waiting()) {
        const info = await sessionInfo(row.id);
        if (!info) continue;
        calls.set(row.id, info);
        waiting.push({
          sessionId: row.id,
          municipalityId: info.municipalityId,
          language: info.language,
          procedure: info.procedure,
          requestedAt: info.requestedAt,
          reserved: info.reserved,
        });
      }
      const presence = new Map((await db.query.operatorPresence.findMany()).map((p) => [p.accountId, p]));
      const operators: Operator[] = [];
      for (const { id, skills } of await operatorAccounts()) operators.push(await restoredOperator(id, skills, presence.get(id)));
      // One restore: oldest call to the operator available longest, whatever the row order.
      const restored = router.restore({ operators, waiting }, now().getTime());
      await apply(restored);
      await interpreting.start(presence);
      const every = (ms: number, what: string, work: () => Promise<unknown>) => {
        const timer = setInterval(
          () =>
            void during(`queue-${what}`, () => serially(work, false)).catch((err: unknown) =>
              logger.error({ err }, `queue ${what} failed`),
            ),
          ms,
        );
        timer.unref();
        timers.push(timer);
      };
      every(250, 'tick', async () => {
        await apply(router.tick(now().getTime()));
        await interpreting.tick();
      });
      every(config.reconcileMs ?? 10_000, 'check against the record', reconcile);
      const presenceEvery = config.presenceEveryMs ?? Math.min(5_000, Math.max(1_000, Math.floor(config.consoleGraceMs / 10)));
      let looking = false;
      const presenceTimer = setInterval(() => {
        if (looking) return;
        looking = true;
        during('queue-presence', sweepPresence)
          .catch((err: unknown) => logger.error({ err }, 'queue console presence check failed'))
          .finally(() => {
            looking = false;
          });
      }, presenceEvery);
      presenceTimer.unref();
      timers.push(presenceTimer);
      // What the take-over decided, for a failover that rings nothing: an operator restored `away`
      // (their offer rang out before the old dispatcher died) is offered nothing, by the rule.
      const statuses: Record<string, number> = {};
      for (const o of operators) if (o.status !== 'offline') statuses[o.status] = (statuses[o.status] ?? 0) + 1;
      const offered = restored.flatMap((d) =>
        d.kind === 'offer' ? [{ sessionId: d.offer.sessionId, operatorId: d.offer.operatorId }] : [],
      );
      logger.info(
        { waiting: waiting.length, operators: operators.filter((o) => o.status !== 'offline').length, statuses, offered },
        'queue rebuilt',
      );
    },

    stop() {
      for (const timer of timers.splice(0)) clearInterval(timer);
    },

    /** After the session row exists: route it. */
    callRequested: (sessionId: string) => serially(() => enqueue(sessionId)),

    /**
     * The session service says a session ended (every path goes through here). Inside a queue
     * batch (e.g. the operator's end) it is applied at once; otherwise it waits its turn.
     */
    sessionEnded: (sessionId: string) => (inBatch.getStore() ? ended(sessionId) : serially(() => ended(sessionId))),

    /** The router's live sessions against the record (also run every `reconcileMs`). */
    reconcile: () => serially(reconcile),

    /** Who could take a call from this booth now, in this language and procedure. */
    availability: async (booth: BoothPrincipal, call: { language: Language | null; procedure: Procedure | null }) =>
      availabilityFor(booth, call),

    /** What the waiting booth shows. */
    async position(booth: BoothPrincipal, sessionId: string): Promise<QueuePlace> {
      const row = await db.query.session.findFirst({ where: eq(schema.session.id, sessionId) });
      if (!row || row.boothId !== booth.boothId) throw problems.sessionNotFound();
      let operatorName: string | null = null;
      if (row.operatorId) {
        operatorName =
          (await db.query.account.findFirst({ columns: { displayName: true }, where: eq(schema.account.id, row.operatorId) }))
            ?.displayName ?? null;
      }
      // One pass over the router: booths ask every 2 s.
      const place = row.status === 'waiting' ? router.placeOf(sessionId, config.averageHandlingMs) : null;
      const wait = place?.estimatedWaitMs ?? null;
      return {
        status: row.status,
        position: place?.position ?? null,
        estimatedWaitSeconds: wait === null ? null : Math.ceil(wait / 1000),
        operatorName,
        noOperator: place?.availability.kind === 'nobody' ? place.availability.reason : null,
      };
    },

    /** After an account edit: the router serves the operator's new towns, languages and procedures. */
    refreshOperator: (accountId: string) =>
      serially(async () => {
        const account = await db.query.account.findFirst({
          columns: { disabled: true, role: true },
          where: eq(schema.account.id, accountId),
        });
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

    /** One look at whose console is connected (also every `presenceEveryMs`): who went offline. */
    checkConsoles: sweepPresence,

    accept: (account: AccountPrincipal, sessionId: string) =>
      serially(async () => {
        // The database first: if the answer cannot be recorded (e.g. the operator no longer serves
        // that town), the router is untouched and the offer keeps ringing or times out as usual.
        const ringing = router.ringingFor(account.accountId);
        if (ringing?.sessionId === sessionId && ringing.expiresAt > now().getTime()) {
          await sessions.answer(account, sessionId);
          const info = calls.get(sessionId);
          if (info) deps.meter?.answered(now().getTime() - info.requestedAt);
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

    /**
     * The operator ends the call with an outcome (the room closes), or records the outcome of a
     * call the other side ended, in its after-call work. Either way: after-call work until
     * `wrapUpMs` after the end, then available.
     */
    endCall: (account: AccountPrincipal, sessionId: string, outcome: Outcome, notesCategory: string | null) =>
      serially(async () => {
        const operator = router.operator(account.accountId);
        const afterCall = operator?.status === 'wrap_up' && operator.sessionId === sessionId;
        const row = await db.query.session.findFirst({ columns: { status: true }, where: eq(schema.session.id, sessionId) });
        // Only the outcome of the call in their own after-call work; a past call's stays as it is.
        if (row?.status === 'ended' && !afterCall) throw problems.sessionConflict('ended');
        await sessions.setOutcome(account, sessionId, outcome, notesCategory);
        // Its end (if it was still on) releases the operator through sessionEnded, in this batch.
        await sessions.endByOperator(account, sessionId);
        await apply(router.callEnded(account.accountId, now().getTime(), sessionId));
        return stateOf(account.accountId);
      }),

    /**
     * A supervisor took the call over (issue 18): its operator leaves it as if they had ended it
     * (after-call work, then available); the call itself goes on with the supervisor, outside
     * the router, until it ends.
     */
    handOver: (sessionId: string, operatorId: string) =>
      serially(async () => {
        await apply(router.callEnded(operatorId, now().getTime(), sessionId));
        return stateOf(operatorId);
      }),

    /** Async like every command: on another node it is asked of the dispatcher (queue-rpc.server.ts). */
    state: async (accountId: string) => stateOf(accountId),

    /** The waiting calls, for the metrics (on the node that runs the dispatcher). */
    waitingCalls: () => router.snapshot().waiting,

    /** Interpreters (issue 18): their console, and the operator's request in a call. */
    ...interpreting.commands,

    /** Supervisor view: queues per municipality, operators with their skills and current call. */
    overview: () => buildOverview(db, router.snapshot(), calls, now().getTime()),
  };
}

export type QueueService = ReturnType<typeof createQueueService>;
