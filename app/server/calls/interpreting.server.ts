import { randomUUID } from 'node:crypto';
import { type Db, type Language, type OperatorStatus, schema } from '@madoguchi/db';
import { and, asc, eq, inArray, like, type SQL } from 'drizzle-orm';
import {
  canRequest,
  type InterpreterRequestStatus,
  type InterpreterRequestView,
  interpreterRoutingConfig,
  interpreterSkills,
  interpreterWaitMs,
  isNotFound,
  restoredRequests,
  routedRequest,
} from '../../domain/interpreting';
import { reachOf } from '../../domain/permissions';
import { type Decision, type Operator, Router, refusalOf } from '../../domain/routing';
import type { AccountPrincipal } from '../auth/login.server';
import { Problem, problems } from '../platform/problems';
import { recordOperatorStatus } from '../staffing/operator-status.server';
import type { PushChannel } from './push.server';
import type { SessionService } from './sessions.server';

/** The interpreter's console listens here (GET /api/v1/interpreting/stream). */
export const interpreterTopic = (accountId: string) => `interpreter:${accountId}`;

/** The interpreter's live state, as pushed to their console. */
export interface InterpreterState {
  status: OperatorStatus;
  since: string;
  offer: null | {
    requestId: string;
    expiresAt: string;
    language: Language;
    municipalityName: string;
    boothName: string;
  };
  /** The call they are in, once they accepted. */
  call: null | { requestId: string; sessionId: string; language: Language };
}

interface LiveRequest {
  requestId: string;
  sessionId: string;
  operatorId: string;
  municipalityId: string;
  municipalityName: string;
  boothName: string;
  language: Language;
  requestedAt: number;
  /** The request time, or when the operator last chose to keep waiting. */
  since: number;
  /** Nobody accepted within this long: the operator is told (the municipality's wait, or the default). */
  waitMs: number;
  status: InterpreterRequestStatus;
  notFound: boolean;
  interpreterId: string | null;
  interpreterName: string | null;
  joinedAt: number | null;
}

const refusal = (code: string, ja: string, en: string) => new Problem(409, code, { ja, en });

/**
 * The interpreters' desk (issue 18, decision 0036): a second `Router` of the routing domain whose
 * operators are interpreter accounts and whose calls are the operators' requests. It lives in the
 * queue service and runs in the queue's batches (`serially`, fenced like every decision), so in
 * the multi-node mode it runs on the dispatcher's node and its commands travel the queue's RPC.
 *
 * Requests are held in memory, and rebuilt from the session events after a restart or a failover
 * (`restoredRequests`): one still looking for someone rings again, one joined keeps its
 * interpreter on that call. Other interpreters come back in their stored status, except that one
 * ringing or on a call comes back available.
 */
export function createInterpreterDesk(deps: {
  db: Db;
  sessions: Pick<SessionService, 'recordEvent'>;
  push: PushChannel;
  offerTimeoutMs: number;
  /** Nobody accepted within this long: the operator is told (INTERPRETER_WAIT_MS), unless the municipality sets its own. */
  waitMs: number;
  /** Runs a command in the queue's order (and fence); `fence` is asked before anything is written. */
  serially: <T>(work: () => Promise<T>) => Promise<T>;
  fence: () => Promise<void>;
  now: () => number;
}) {
  const { db, sessions, push, now } = deps;
  const router = new Router(interpreterRoutingConfig(deps.offerTimeoutMs));
  const requests = new Map<string, LiveRequest>();
  /** session → its latest request. */
  const bySession = new Map<string, LiveRequest>();
  const names = new Map<string, string>();

  function stateOf(accountId: string): InterpreterState {
    const interpreter = router.operator(accountId);
    const offer = router.ringingFor(accountId);
    const offered = offer ? requests.get(offer.sessionId) : undefined;
    const onCall = interpreter?.status === 'on_call' ? requests.get(interpreter.sessionId ?? '') : undefined;
    return {
      status: interpreter?.status ?? 'offline',
      since: new Date(interpreter?.since ?? now()).toISOString(),
      offer:
        offer && offered
          ? {
              requestId: offered.requestId,
              expiresAt: new Date(offer.expiresAt).toISOString(),
              language: offered.language,
              municipalityName: offered.municipalityName,
              boothName: offered.boothName,
            }
          : null,
      call: onCall ? { requestId: onCall.requestId, sessionId: onCall.sessionId, language: onCall.language } : null,
    };
  }

  function viewOf(request: LiveRequest): InterpreterRequestView {
    return {
      requestId: request.requestId,
      language: request.language,
      status: request.status,
      requestedAt: request.requestedAt,
      notFound: request.notFound,
      interpreterName: request.interpreterName,
    };
  }

  const event = (request: LiveRequest, type: string, detail: Record<string, string | number | boolean> = {}, actor?: string) =>
    sessions.recordEvent(request.sessionId, type, actor ? 'operator' : 'system', actor ?? null, {
      requestId: request.requestId,
      language: request.language,
      ...detail,
    });

  async function apply(decisions: Decision[]) {
    if (decisions.length > 0) await deps.fence();
    const touched = new Set<string>();
    for (const d of decisions) {
      if (d.kind === 'offer') {
        const request = requests.get(d.offer.sessionId);
        if (request) {
          request.status = 'ringing';
          await event(request, 'interpreter-rung', { interpreterId: d.offer.operatorId });
        }
        touched.add(d.offer.operatorId);
      } else if (d.kind === 'offer-withdrawn') {
        const request = requests.get(d.sessionId);
        if (request && request.status === 'ringing') request.status = 'waiting';
        touched.add(d.operatorId);
      } else if (d.kind === 'operator-status') {
        await recordOperatorStatus(db, d.operatorId, d.status, new Date(d.since));
        touched.add(d.operatorId);
      }
    }
    for (const id of touched) push.publish(interpreterTopic(id), 'state', stateOf(id));
  }

  /** Applies the interpreter's own step, then answers with their state, or the Router's refusal. */
  async function settle(accountId: string, decisions: Decision[]): Promise<InterpreterState> {
    await apply(decisions);
    const refused = refusalOf(decisions);
    if (refused) throw new Problem(409, refused.code.replace(/-/g, '_'), refused.message);
    return stateOf(accountId);
  }

  async function allMunicipalityIds() {
    return (await db.select({ id: schema.municipality.id }).from(schema.municipality)).map((r) => r.id);
  }

  /** The interpreter accounts among `where`'s (their work names noted for the operator), with their skills. */
  async function interpreterAccounts(where: SQL | undefined) {
    const rows = await db.query.account.findMany({ where, with: { municipalities: true } });
    const interpreters = rows.filter((a) => reachOf({ role: a.role, municipalityIds: [] }, 'interpret:session') !== null);
    const all = interpreters.length > 0 ? await allMunicipalityIds() : [];
    return interpreters.map((a) => {
      names.set(a.id, a.displayName);
      const municipalityIds = a.municipalities.map((m) => m.municipalityId);
      return { id: a.id, skills: interpreterSkills({ languages: a.languages, municipalityIds }, all) };
    });
  }

  async function skillsOf(accountId: string) {
    const [interpreter] = await interpreterAccounts(eq(schema.account.id, accountId));
    if (!interpreter) throw problems.forbidden();
    return interpreter.skills;
  }

  /** The request of this operator's call, or 404 (another operator's call is not theirs to see). */
  function requestOf(account: AccountPrincipal, sessionId: string): LiveRequest | null {
    const request = bySession.get(sessionId);
    if (request && request.operatorId !== account.accountId) throw problems.sessionNotFound();
    return request ?? null;
  }

  /** The request is over for the router: its interpreter (if any) is free at once. */
  async function release(request: LiveRequest, reason: string) {
    const at = now();
    const joined = request.status === 'joined';
    const decisions = router.sessionEnded(request.requestId, at);
    if (joined && request.interpreterId) decisions.push(...router.callEnded(request.interpreterId, at, request.requestId));
    if (joined) {
      request.status = 'left';
      await event(request, 'interpreter-left', {
        reason,
        interpreterId: request.interpreterId ?? '',
        durationMs: at - (request.joinedAt ?? at),
      });
    } else if (request.status === 'waiting' || request.status === 'ringing') {
      request.status = 'cancelled';
      await event(request, 'interpreter-cancelled', { reason, waitedMs: at - request.requestedAt });
    }
    requests.delete(request.requestId);
    await apply(decisions);
    if (request.interpreterId) push.publish(interpreterTopic(request.interpreterId), 'state', stateOf(request.interpreterId));
  }

  /** Requests that have waited past the wait: the operator is told once (until they choose to keep waiting). */
  async function checkWaits() {
    const at = now();
    for (const request of requests.values()) {
      if (request.notFound || !isNotFound(request, at, request.waitMs)) continue;
      request.notFound = true;
      await deps.fence();
      await event(request, 'interpreter-not-found', { waitedMs: at - request.requestedAt });
    }
  }

  /** The requests live in calls still on, from their session events (restoredRequests), with what the operator and interpreter are shown. */
  async function liveRequests(): Promise<LiveRequest[]> {
    const { sessionEvent, session, booth, municipality } = schema;
    const events = await db
      .select({ sessionId: sessionEvent.sessionId, type: sessionEvent.type, at: sessionEvent.at, detail: sessionEvent.detail })
      .from(sessionEvent)
      .innerJoin(session, eq(session.id, sessionEvent.sessionId))
      .where(and(eq(session.status, 'active'), like(sessionEvent.type, 'interpreter-%')))
      .orderBy(asc(sessionEvent.id));
    if (events.length === 0) return [];
    const calls = new Map(
      (
        await db
          .select({
            id: session.id,
            operatorId: session.operatorId,
            municipalityId: session.municipalityId,
            municipalityName: municipality.name,
            boothName: booth.name,
            interpreterWaitSeconds: municipality.interpreterWaitSeconds,
          })
          .from(session)
          .innerJoin(booth, eq(booth.id, session.boothId))
          .innerJoin(municipality, eq(municipality.id, session.municipalityId))
          .where(and(eq(session.status, 'active'), inArray(session.id, [...new Set(events.map((e) => e.sessionId))])))
      ).map((c) => [c.id, c]),
    );
    const restored = restoredRequests(
      events.map((e) => ({ sessionId: e.sessionId, type: e.type, at: e.at.getTime(), detail: e.detail ?? null })),
      (sessionId) => calls.get(sessionId)?.municipalityId,
    );
    return restored.flatMap((r) => {
      const call = calls.get(r.sessionId);
      if (!call?.operatorId) return [];
      return [
        {
          ...r,
          operatorId: call.operatorId,
          municipalityName: call.municipalityName,
          boothName: call.boothName,
          since: r.requestedAt,
          waitMs: interpreterWaitMs(call.interpreterWaitSeconds, deps.waitMs),
          interpreterName: r.interpreterId ? (names.get(r.interpreterId) ?? null) : null,
        },
      ];
    });
  }

  return {
    /**
     * Every interpreter account, in its stored status (ringing or on a call: available again),
     * except one on a call a live request says they joined; and the live requests, the ones still
     * looking for someone ringing again (Router.restore).
     */
    async start(presence: Map<string, { status: OperatorStatus; since: Date }>) {
      const accounts = await interpreterAccounts(eq(schema.account.disabled, false));
      const live = await liveRequests();
      const onCall = new Map(live.flatMap((r) => (r.status === 'joined' && r.interpreterId ? [[r.interpreterId, r]] : [])));
      const operators: Operator[] = [];
      for (const { id, skills } of accounts) {
        const stored = presence.get(id);
        const since = stored?.since.getTime() ?? now();
        const joined = onCall.get(id);
        if (joined) {
          operators.push({
            id,
            ...skills,
            status: 'on_call',
            since: joined.joinedAt ?? since,
            idleSince: null,
            until: null,
            sessionId: joined.requestId,
          });
          continue;
        }
        const status: OperatorStatus = !stored
          ? 'offline'
          : ['offered', 'on_call', 'wrap_up'].includes(stored.status)
            ? 'available'
            : stored.status;
        operators.push({
          id,
          ...skills,
          status,
          since,
          idleSince: status === 'available' ? since : null,
          until: null,
          sessionId: null,
        });
      }
      for (const request of live) {
        requests.set(request.requestId, request);
        bySession.set(request.sessionId, request);
      }
      const waiting = live.filter((r) => r.status === 'waiting').map(routedRequest);
      await apply(router.restore({ operators, waiting }, now()));
    },

    /** Timers: rings that ran out, waits that passed. Run with the queue's tick. */
    async tick() {
      await apply(router.tick(now()));
      await checkWaits();
    },

    /** The session ended (any path): its request is given up, its interpreter freed. */
    async sessionEnded(sessionId: string) {
      const request = bySession.get(sessionId);
      bySession.delete(sessionId);
      if (request && requests.has(request.requestId)) await release(request, 'session-ended');
    },

    /** The interpreter accounts the router knows, with their status (the overview, tests). */
    interpreters: () => router.snapshot().operators,

    commands: {
      interpreterState: async (accountId: string) => stateOf(accountId),

      interpreterSetStatus: (account: AccountPrincipal, status: 'available' | 'break' | 'offline') =>
        deps.serially(async () => {
          return settle(account.accountId, router.setStatus(account.accountId, status, now(), await skillsOf(account.accountId)));
        }),

      interpreterAccept: (account: AccountPrincipal, requestId: string) =>
        deps.serially(async () => {
          const decisions = router.offerAccepted(requestId, account.accountId, now());
          const request = requests.get(requestId);
          if (!refusalOf(decisions) && request && request.status !== 'joined') {
            request.status = 'joined';
            request.interpreterId = account.accountId;
            request.interpreterName = names.get(account.accountId) ?? account.displayName;
            request.joinedAt = now();
            await deps.fence();
            await event(request, 'interpreter-joined', { interpreterId: account.accountId, waitedMs: now() - request.requestedAt });
          }
          return settle(account.accountId, decisions);
        }),

      interpreterDecline: (account: AccountPrincipal, requestId: string) =>
        deps.serially(async () => {
          return settle(account.accountId, router.offerDeclined(requestId, account.accountId, now()));
        }),

      /** The interpreter left the call (their button, or LiveKit saw them go): the call goes on. */
      interpreterLeave: (account: AccountPrincipal) =>
        deps.serially(async () => {
          const interpreter = router.operator(account.accountId);
          const request = interpreter?.status === 'on_call' ? requests.get(interpreter.sessionId ?? '') : undefined;
          if (request) await release(request, 'left');
          return stateOf(account.accountId);
        }),

      /**
       * LiveKit saw the interpreter leave the room (a drop, or a closed tab): their part ends as if
       * they had left. A departure from before they joined this request (an earlier one's, delivered
       * late; LiveKit dates to the second) changes nothing.
       */
      interpreterDropped: (sessionId: string, interpreterId: string, at: number) =>
        deps.serially(async () => {
          const request = bySession.get(sessionId);
          if (!request || request.status !== 'joined' || request.interpreterId !== interpreterId) return;
          if (at + 1_000 < (request.joinedAt ?? 0)) return;
          await release(request, 'dropped');
        }),

      /** The operator asks for an interpreter in `language` for the call they are on. */
      requestInterpreter: (account: AccountPrincipal, sessionId: string, language: Language) =>
        deps.serially(async () => {
          const [row] = await db
            .select({
              status: schema.session.status,
              operatorId: schema.session.operatorId,
              municipalityId: schema.session.municipalityId,
              municipalityName: schema.municipality.name,
              boothName: schema.booth.name,
              interpreterWaitSeconds: schema.municipality.interpreterWaitSeconds,
            })
            .from(schema.session)
            .innerJoin(schema.booth, eq(schema.booth.id, schema.session.boothId))
            .innerJoin(schema.municipality, eq(schema.municipality.id, schema.session.municipalityId))
            .where(and(eq(schema.session.id, sessionId), inArray(schema.session.status, ['waiting', 'active', 'ended'])));
          if (!row || row.operatorId !== account.accountId) throw problems.sessionNotFound();
          if (row.status !== 'active') throw problems.sessionConflict(row.status);
          const current = bySession.get(sessionId) ?? null;
          if (!canRequest(current))
            throw refusal(
              'interpreter_already_requested',
              'この通話では通訳者をすでに依頼しています。',
              'An interpreter is already asked for in this call.',
            );
          const at = now();
          const request: LiveRequest = {
            requestId: randomUUID(),
            sessionId,
            operatorId: account.accountId,
            municipalityId: row.municipalityId,
            municipalityName: row.municipalityName,
            boothName: row.boothName,
            language,
            requestedAt: at,
            since: at,
            waitMs: interpreterWaitMs(row.interpreterWaitSeconds, deps.waitMs),
            status: 'waiting',
            notFound: false,
            interpreterId: null,
            interpreterName: null,
            joinedAt: null,
          };
          requests.set(request.requestId, request);
          bySession.set(sessionId, request);
          await deps.fence();
          await event(request, 'interpreter-requested', {}, account.accountId);
          await apply(router.callRequested(routedRequest(request), at));
          return viewOf(request);
        }),

      /** Where this call's request stands (the operator's call view asks every second). */
      interpreterRequest: async (account: AccountPrincipal, sessionId: string) => {
        const request = requestOf(account, sessionId);
        return request ? viewOf(request) : null;
      },

      /** Nobody found yet: keep looking for another wait. */
      keepWaitingForInterpreter: (account: AccountPrincipal, sessionId: string) =>
        deps.serially(async () => {
          const request = requestOf(account, sessionId);
          if (!request || (request.status !== 'waiting' && request.status !== 'ringing')) throw problems.sessionNotFound();
          request.since = now();
          request.notFound = false;
          return viewOf(request);
        }),

      /** The operator gives up the request (or sends the interpreter away): the call goes on. */
      cancelInterpreter: (account: AccountPrincipal, sessionId: string) =>
        deps.serially(async () => {
          const request = requestOf(account, sessionId);
          if (request && requests.has(request.requestId)) await release(request, 'operator');
          return request ? viewOf(request) : null;
        }),
    },
  };
}

export type InterpreterDesk = ReturnType<typeof createInterpreterDesk>;
