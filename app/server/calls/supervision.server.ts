/**
 * Supervisors in someone else's call (issue 18, decision 0037): listen in, coach, join, take
 * over, leave. The step is decided by app/domain/supervision.ts from the session's record; each
 * change is a session event and an audit entry, and the call's operator is told on their console
 * (the push channel), never by seeing the supervisor in the room.
 */
import { type Db, schema } from '@madoguchi/db';
import { operatorIdentity, supervisorIdentity } from '@madoguchi/db/call-contract';
import {
  type CallRooms,
  type LiveKitCredentials,
  mintOperatorToken,
  mintSupervisorCoachToken,
  mintSupervisorJoinToken,
  mintSupervisorListenToken,
} from '@madoguchi/media-server';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { reaches } from '../../domain/permissions';
import {
  type SupervisionAction,
  type SupervisionMode,
  type SupervisionRefusal,
  superviseStep,
  supervisionEvents,
  supervisionFrom,
} from '../../domain/supervision';
import { requirePermission, requireWithin } from '../auth/authorize.server';
import type { AccountPrincipal } from '../auth/login.server';
import { Problem, problems } from '../platform/problems';
import { recordAccountAudit } from '../records/audit.server';
import { operatorTopic, type PushChannel, SUPERVISOR_TOPIC } from './push.server';
import type { ConnectionDetails } from './sessions.server';

const { session, sessionEvent, municipality, account } = schema;

/** What the operator's console hears (SSE event `supervision`): who is in their call, and how. */
export interface SupervisionNotice {
  sessionId: string;
  /** `took-over`: the call is the supervisor's now; null: the supervisor left. */
  mode: SupervisionMode | 'took-over' | null;
  supervisorName: string | null;
}
export const SUPERVISION_EVENT = 'supervision';

const refusals: Record<SupervisionRefusal, () => Problem> = {
  'not-allowed': () =>
    new Problem(403, 'listen_in_not_allowed', {
      ja: 'この自治体では、通話のモニタリング（聴取・ささやき・参加・引き継ぎ）が許可されていません。',
      en: 'This municipality does not allow supervisors to listen in on, coach in, join or take over calls.',
    }),
  'not-live': () =>
    new Problem(409, 'call_not_in_progress', {
      ja: 'この通話は応答中ではありません。',
      en: 'This call is not in progress.',
    }),
  'own-call': () =>
    new Problem(409, 'own_call', {
      ja: 'ご自身が対応中の通話です。',
      en: 'You are the operator on this call.',
    }),
  'someone-else': () =>
    new Problem(409, 'supervised_by_another', {
      ja: '別のスーパーバイザーがこの通話をモニタリング中です。',
      en: 'Another supervisor is already in this call.',
    }),
  'not-supervising': () =>
    new Problem(409, 'not_supervising', {
      ja: 'この通話をモニタリングしていません。',
      en: 'You are not in this call.',
    }),
};

export interface SupervisionDeps {
  db: Db;
  livekit: LiveKitCredentials;
  rooms: CallRooms;
  push: PushChannel;
  /** The queue releases the operator of a call taken over (queue.server.ts `handOver`). */
  handOver: (sessionId: string, operatorId: string) => Promise<unknown>;
  onError?: (error: unknown, message: string) => void;
  now?: () => Date;
}

export function createSupervisionService({ db, livekit, rooms, push, handOver, onError, now = () => new Date() }: SupervisionDeps) {
  async function callOf(sessionId: string) {
    const [row] = await db
      .select({
        id: session.id,
        status: session.status,
        operatorId: session.operatorId,
        roomName: session.roomName,
        municipalityId: session.municipalityId,
        listenInAllowed: municipality.listenInAllowed,
        procedure: session.procedure,
        language: session.language,
        municipalityName: municipality.name,
        boothName: schema.booth.name,
      })
      .from(session)
      .innerJoin(municipality, eq(municipality.id, session.municipalityId))
      .innerJoin(schema.booth, eq(schema.booth.id, session.boothId))
      .where(eq(session.id, sessionId));
    if (!row) throw problems.sessionNotFound();
    const events = await db
      .select({ type: sessionEvent.type, actorId: sessionEvent.actorId })
      .from(sessionEvent)
      .where(and(eq(sessionEvent.sessionId, sessionId), inArray(sessionEvent.type, Object.values(supervisionEvents))))
      .orderBy(asc(sessionEvent.id));
    return { ...row, supervision: supervisionFrom(events) };
  }

  const nameOf = async (accountId: string) =>
    (await db.query.account.findFirst({ columns: { displayName: true }, where: eq(account.id, accountId) }))?.displayName ?? null;

  function tell(operatorId: string, notice: SupervisionNotice) {
    push.publish(operatorTopic(operatorId), SUPERVISION_EVENT, notice);
    push.publish(SUPERVISOR_TOPIC, 'changed', {});
  }

  return {
    /**
     * One step of `actor` in the call: refused (4xx, Japanese first) unless the role may, the call
     * is in a municipality they supervise that allows listening in, and the step follows. Answers
     * the join details for the new mode (an operator's token on taking over; none on leaving).
     */
    async step(actor: AccountPrincipal, sessionId: string, action: SupervisionAction, serverUrl: string, requestId?: string) {
      const reach = requirePermission(actor, 'write:supervision');
      const call = await callOf(sessionId);
      requireWithin(reach, call.municipalityId, problems.sessionNotFound);
      const step = superviseStep(call, actor.accountId, action);
      if (!step.ok) throw refusals[step.refusal]();
      const at = now();
      if (step.event) {
        if (action === 'take-over') {
          // The operator changes only if they are still the one on the call, while it is live.
          const [moved, inserted] = await db.batch([
            db
              .update(session)
              .set({ operatorId: actor.accountId })
              .where(and(eq(session.id, sessionId), eq(session.status, 'active'), eq(session.operatorId, step.replaces!))),
            db.run(sql`
              INSERT INTO session_event (session_id, type, actor_kind, actor_id, at, occurred_at, detail)
              SELECT ${sessionId}, ${step.event}, 'account', ${actor.accountId}, ${at.getTime()}, ${at.getTime()}, ${JSON.stringify({ from: step.replaces! })}
              WHERE EXISTS (SELECT 1 FROM session WHERE id = ${sessionId} AND operator_id = ${actor.accountId} AND status = 'active')`),
          ]);
          if (moved.rowsAffected === 0 || inserted.rowsAffected === 0) throw refusals['not-live']();
        } else {
          await db.insert(sessionEvent).values({
            sessionId,
            type: step.event,
            actorKind: 'account',
            actorId: actor.accountId,
            at,
            occurredAt: at,
            ...(call.operatorId ? { detail: { operatorId: call.operatorId } } : {}),
          });
        }
        await recordAccountAudit(
          db,
          actor,
          {
            action: `supervision.${action}`,
            targetType: 'session',
            targetId: sessionId,
            municipalityId: call.municipalityId,
            requestId,
            detail: { operatorId: step.replaces ?? call.operatorId },
          },
          at,
        );
      }
      const request = { roomName: call.roomName, supervisorId: actor.accountId, workName: actor.displayName };
      if (action === 'take-over') {
        const from = step.replaces!;
        // The operator leaves: told on their console first (it stops showing the call), then out of
        // the room, and out of the call in the queue.
        tell(from, { sessionId, mode: 'took-over', supervisorName: actor.displayName });
        await rooms
          .removeParticipant(call.roomName, operatorIdentity(from))
          .catch((error: unknown) => onError?.(error, 'could not put the operator out of a call taken over'));
        await handOver(sessionId, from);
        const participantToken = await mintOperatorToken(livekit, {
          roomName: call.roomName,
          operatorId: actor.accountId,
          displayName: actor.displayName,
        });
        return {
          mode: null,
          operatorIdentity: null,
          connection: { serverUrl, roomName: call.roomName, participantToken, participantName: actor.displayName },
        };
      }
      if (action === 'leave') {
        await rooms
          .removeParticipant(call.roomName, supervisorIdentity(actor.accountId))
          .catch((error: unknown) => onError?.(error, 'could not put a supervisor who left out of the room'));
        if (call.operatorId) tell(call.operatorId, { sessionId, mode: null, supervisorName: actor.displayName });
        return { mode: null, operatorIdentity: null, connection: null };
      }
      const mint = { listen: mintSupervisorListenToken, coach: mintSupervisorCoachToken, join: mintSupervisorJoinToken }[action];
      const participantToken = await mint(livekit, request);
      const mode = step.next!.mode;
      if (step.event && call.operatorId) tell(call.operatorId, { sessionId, mode, supervisorName: actor.displayName });
      const connection: ConnectionDetails = { serverUrl, roomName: call.roomName, participantToken, participantName: actor.displayName };
      return { mode, operatorIdentity: operatorIdentity(call.operatorId!), connection };
    },

    /** The call as the supervise page shows it: refused as `step` would be for a call out of reach. */
    async view(actor: AccountPrincipal, sessionId: string) {
      const reach = requirePermission(actor, 'write:supervision');
      const call = await callOf(sessionId);
      requireWithin(reach, call.municipalityId, problems.sessionNotFound);
      return {
        status: call.status,
        listenInAllowed: call.listenInAllowed,
        operatorName: call.operatorId ? await nameOf(call.operatorId) : null,
        procedure: call.procedure,
        language: call.language,
        municipalityName: call.municipalityName,
        boothName: call.boothName,
      };
    },

    /** Who is in this call besides its operator, for the operator's console (null: nobody). */
    async current(sessionId: string): Promise<SupervisionNotice | null> {
      const call = await callOf(sessionId);
      if (!call.supervision || call.status !== 'active') return null;
      return { sessionId, mode: call.supervision.mode, supervisorName: await nameOf(call.supervision.supervisorId) };
    },

    /** Of these sessions, those `actor` may step into now (the live overview's buttons). */
    async supervisable(actor: AccountPrincipal, sessionIds: readonly string[]): Promise<string[]> {
      if (sessionIds.length === 0) return [];
      const reach = requirePermission(actor, 'write:supervision');
      const rows = await db
        .select({ id: session.id, municipalityId: session.municipalityId })
        .from(session)
        .innerJoin(municipality, eq(municipality.id, session.municipalityId))
        .where(and(inArray(session.id, [...sessionIds]), eq(session.status, 'active'), eq(municipality.listenInAllowed, true)));
      return rows.filter((r) => reaches(reach, r.municipalityId)).map((r) => r.id);
    },
  };
}

export type SupervisionService = ReturnType<typeof createSupervisionService>;
