import { randomUUID } from 'node:crypto';
import { type Db, type GroupCommit, type Language, type Outcome, type Procedure, schema } from '@madoguchi/db';
import { boothIdentity, isBoothIdentity, isInterpreterIdentity, participantPrefixes } from '@madoguchi/db/call-contract';
import {
  type CallRooms,
  DisconnectReason,
  isCallRoom,
  type LiveKitCredentials,
  mintBoothToken,
  mintInterpreterToken,
  mintOperatorToken,
  newRoomName,
  type WebhookEvent,
} from '@madoguchi/media-server';
import { and, asc, eq, inArray, or, sql } from 'drizzle-orm';
import {
  type AbsenceReason,
  boothAbsence,
  lostRoomDecision,
  oldEnoughToDelete,
  ROOM_RECREATED,
  rejoinDecision,
} from '../../domain/booth-rejoin';
import { boothEventTime } from '../../domain/event-time';
import { type RecordedLiveKitEvent, reconcileRoom } from '../../domain/livekit-reconcile';
import { type BoothEventType, nextStatus, sessionEventTypeForLiveKit } from '../../domain/session-lifecycle';
import type { AccountPrincipal } from '../auth/login.server';
import type { BoothPrincipal } from '../booths/booth-auth.server';
import { during } from '../platform/loop-monitor';
import { Problem, problems } from '../platform/problems';
import { loadSession, sessionForBooth } from './session-access.server';

const { session, sessionEvent, livekitEvent, booth, municipality } = schema;

const unknownQuestion = () =>
  new Problem(400, 'unknown_question', {
    ja: 'この自治体のこの手続には、その質問はありません。',
    en: 'This municipality has no such question for this procedure.',
  });

/** What a browser needs to join a call (the shape LiveKit Meet uses). */
export interface ConnectionDetails {
  serverUrl: string;
  roomName: string;
  participantToken: string;
  participantName: string;
}

export interface SessionServiceDeps {
  db: Db;
  /** High-rate durable writes (booth events) share commits through this. */
  groupCommit: GroupCommit;
  /** Signs the participants' tokens. */
  livekit: LiveKitCredentials;
  /** Each call's room exists only while its session is waiting or active (decision 0009). */
  rooms: CallRooms;
  /** How often rooms left behind (a failed delete, a crash) are deleted. */
  roomSweepMs?: number;
  /**
   * How long a booth LiveKit reports gone keeps its session: a cut link makes livekit-server drop
   * the booth after ~20 s, and the booth rejoins by itself once the link is back. 0: ends at once.
   */
  boothRejoinGraceMs?: number;
  /**
   * A call room no session knows is left alone this long after LiveKit created it: its session row
   * is written just after the room, maybe by another node, so the sweep may see the room first.
   */
  unclaimedRoomGraceMs?: number;
  /**
   * How often LiveKit is asked whether it answers (one ListRooms), so that it coming back after
   * an outage (a restart loses every room) is followed by a sweep at once rather than up to
   * `roomSweepMs` later, while the participants are still trying to rejoin. 0: not watched.
   */
  livekitWatchMs?: number;
  onError?: (error: unknown, message: string) => void;
  /** Something worth an operator's attention that is not an error (a booth's clock far off). */
  onWarning?: (fields: Record<string, unknown>, message: string) => void;
  now?: () => Date;
  /**
   * Told whenever a session ends, by any path, once (e.g. to schedule its photos' deletion, and
   * to take it out of the live queue and free its operator).
   */
  onEnded?: (sessionId: string, endedAt: Date) => Promise<void> | void;
  /** LiveKit says an interpreter left a live session's room (after its reconnection window): issue 18. */
  onInterpreterLeft?: (sessionId: string, interpreterId: string, at: Date) => Promise<void> | void;
}

export type EventDetail = Record<string, string | number | boolean>;

/** A booth's event as its request carries it (booth-events.ts). */
export interface BoothEventInput {
  type: BoothEventType;
  detail?: EventDetail | undefined;
  clientId: string;
  /** Booth clock, ISO 8601. */
  occurredAt: string;
  sentAt: string;
  dropped?: number | undefined;
}
type SessionRow = typeof session.$inferSelect;

const LIVE = ['waiting', 'active'] as const;
/** How often LiveKit is asked whether it is back while it does not answer (see `livekitWatchMs`). */
const LIVEKIT_DOWN_PROBE_MS = 100;

export function createSessionService({
  db,
  groupCommit,
  livekit,
  rooms,
  roomSweepMs = 30_000,
  boothRejoinGraceMs = 0,
  unclaimedRoomGraceMs = 10_000,
  livekitWatchMs = 0,
  onError,
  onWarning,
  now = () => new Date(),
  onEnded,
  onInterpreterLeft,
}: SessionServiceDeps) {
  let sweepTimer: NodeJS.Timeout | undefined;
  let watchTimer: NodeJS.Timeout | undefined;
  let stopped = false;

  /**
   * Deleting the room disconnects whoever is still in it, and with auto-create off no token can
   * bring it back. A failure never undoes or delays the end beyond RoomService's timeout: it is
   * logged, and the sweep deletes the room later.
   */
  async function deleteRoom(roomName: string) {
    await rooms.delete(roomName).catch((error: unknown) => onError?.(error, 'could not delete the LiveKit room; the sweep retries'));
  }

  /**
   * Both directions of "a room lives exactly as long as its session": deletes every call room
   * whose session is not waiting or active (ended, or never recorded), and ends every waiting or
   * active session whose room is gone (a room_finished webhook that never arrived, a LiveKit
   * restart) — otherwise its operator would stay "on a call" for good. The live sessions are read
   * before the rooms are listed: each one's room was created before its row was written, so a
   * room missing from the list really is gone. Every live room is also settled: its record
   * reconciled with LiveKit and the booth's rejoin deadline, read from that record, enforced — the
   * node that runs the sweeps takes over a wait whose node died (decision 0029).
   */
  let sweeping: Promise<{ deleted: string[]; ended: string[]; reconciled: string[] }> | null = null;
  /**
   * One sweep at a time: a slow RoomService (one call per live room) must not let the next tick
   * start a second one that reads the same records and appends the same reconciled events again.
   */
  function sweepRooms() {
    sweeping ??= sweepRoomsOnce().finally(() => {
      sweeping = null;
    });
    return sweeping;
  }

  async function sweepRoomsOnce(): Promise<{ deleted: string[]; ended: string[]; reconciled: string[] }> {
    const live = await db
      .select()
      .from(session)
      .where(inArray(session.status, [...LIVE]));
    const listed = (await rooms.list()).filter((room) => isCallRoom(room.name));
    const existing = new Set(listed.map((room) => room.name));
    const endedIds: string[] = [];
    const reconciled: string[] = [];
    for (const row of live) {
      if (existing.has(row.roomName)) {
        // One room's failure (LiveKit busy) leaves the others to be reconciled; the next sweep retries it.
        try {
          if (await settle(row, 'sweep')) reconciled.push(row.id);
        } catch (error) {
          onError?.(error, "could not reconcile a call's room with LiveKit; the next sweep retries");
        }
        continue;
      }
      if (await recreate(row)) continue;
      await end(row, 'system', null, 'room-gone');
      endedIds.push(row.id);
    }
    const liveNames = new Set(live.map((row) => row.roomName));
    const candidates = listed.filter((room) => !liveNames.has(room.name));
    if (candidates.length === 0) return { deleted: [], ended: endedIds, reconciled };
    // Read again after the listing: a session that started meanwhile keeps its room, and a room
    // no session knows yet is left alone while it is young (its row may be on its way).
    const known = await db
      .select({ roomName: session.roomName, status: session.status })
      .from(session)
      .where(
        inArray(
          session.roomName,
          candidates.map((room) => room.name),
        ),
      );
    const statusOf = new Map(known.map((r) => [r.roomName, r.status]));
    const at = now().getTime();
    const deleted: string[] = [];
    for (const room of candidates) {
      const status = statusOf.get(room.name);
      if (status === 'waiting' || status === 'active') continue;
      if (status === undefined && !oldEnoughToDelete(room.createdAt, at, unclaimedRoomGraceMs)) continue;
      try {
        await rooms.delete(room.name);
        deleted.push(room.name);
      } catch (error) {
        onError?.(error, 'could not delete a LiveKit room left behind; the next sweep retries');
      }
    }
    return { deleted, ended: endedIds, reconciled };
  }

  /** The record's LiveKit events and the app's room re-creations, in the order they were recorded. */
  async function roomRecord(sessionId: string): Promise<RecordedLiveKitEvent[]> {
    const recorded = await db
      .select({ type: sessionEvent.type, actorId: sessionEvent.actorId, detail: sessionEvent.detail, at: sessionEvent.at })
      .from(sessionEvent)
      .where(
        and(
          eq(sessionEvent.sessionId, sessionId),
          or(eq(sessionEvent.actorKind, 'livekit'), and(eq(sessionEvent.actorKind, 'system'), eq(sessionEvent.type, ROOM_RECREATED))),
        ),
      )
      .orderBy(asc(sessionEvent.id));
    return recorded.map((e) => ({
      type: e.type,
      participant: e.actorId,
      trackSource: typeof e.detail?.trackSource === 'string' ? e.detail.trackSource : null,
      at: e.at.getTime(),
    }));
  }

  /**
   * Appends events to a live session's record, dated `at` and marked `reconciled` (seen, not
   * delivered), only while the session is still live: an end meanwhile closes its record.
   */
  function appendSeen(sessionId: string, events: { type: string; participant: string | null; trackSource?: string }[], at: number) {
    return events.map((e) => {
      const detail: EventDetail = {
        ...(e.participant ? { participant: e.participant } : {}),
        ...(e.trackSource ? { trackSource: e.trackSource } : {}),
        reconciled: true,
      };
      const actorKind = e.type === ROOM_RECREATED ? 'system' : 'livekit';
      return db.run(sql`
        INSERT INTO session_event (session_id, type, actor_kind, actor_id, at, occurred_at, detail)
        SELECT ${sessionId}, ${e.type}, ${actorKind}, ${e.participant}, ${at}, ${at}, ${JSON.stringify(detail)}
        WHERE EXISTS (SELECT 1 FROM session WHERE id = ${sessionId} AND status IN ('waiting', 'active'))`);
    });
  }

  /**
   * A live session's room is gone from LiveKit without a room_finished: most likely livekit-server
   * restarted or a LiveKit node died (rooms live in its memory), and both sides are trying to
   * rejoin with tokens that name this room, refused while it does not exist (auto-create is off).
   * The room is created again, with the same settings, and recorded so (everyone is out of the lost
   * room, then `room-recreated`); the session then waits `boothRejoinGraceMs` for the booth, as when
   * LiveKit reports the booth gone. False when the session is to end now: no grace configured, the
   * room already re-created and lost again before the booth came back (read from the record, so
   * whichever node runs the sweep knows), or the creation refused.
   */
  async function recreate(row: SessionRow): Promise<boolean> {
    const recorded = await roomRecord(row.id);
    if (lostRoomDecision(boothAbsence(recorded, row.boothId), boothRejoinGraceMs) === 'end') return false;
    try {
      await rooms.create(row.roomName);
    } catch (error) {
      onError?.(error, "could not create a live call's lost room again; the session ends");
      return false;
    }
    const at = now().getTime();
    const { events: out } = reconcileRoom(recorded, []);
    const [first, ...rest] = appendSeen(row.id, [...out, { type: ROOM_RECREATED, participant: null }], at);
    await db.batch([first!, ...rest]);
    onWarning?.(
      { sessionId: row.id, roomName: row.roomName, graceMs: boothRejoinGraceMs },
      "a live call's room was gone from LiveKit (restarted?): created again, the session waits for the booth to rejoin",
    );
    lookAgainAt(row.roomName, at + boothRejoinGraceMs);
    return true;
  }

  /**
   * Brings a live session's record in line with its room as LiveKit shows it now (decision 0009:
   * what lost webhooks would have said, dated when seen and marked `reconciled`), then applies the
   * booth's rejoin rule to the record: the booth out of its room for `boothRejoinGraceMs` ends the
   * call (a waiting one is abandoned); within the grace, this node looks again when it runs out.
   * `from`: the sweep fails on a LiveKit error (the next sweep retries); a rejoin check takes a
   * LiveKit that cannot be asked as a booth that cannot be in its room either. True when
   * something was appended.
   */
  async function settle(row: SessionRow, from: 'sweep' | 'rejoin-check'): Promise<boolean> {
    if (row.status !== 'waiting' && row.status !== 'active') return false;
    const recorded = await roomRecord(row.id);
    const observed = await rooms.participants(row.roomName).catch((error: unknown) => {
      if (from === 'sweep') throw error;
      return null;
    });
    const at = now().getTime();
    let appended = false;
    let record = recorded;
    if (observed) {
      const { events } = reconcileRoom(recorded, observed);
      if (events.length > 0) {
        const [first, ...rest] = appendSeen(row.id, events, at);
        await db.batch([first!, ...rest]);
        record = [
          ...recorded,
          ...events.map((e) => ({ type: e.type, participant: e.participant, trackSource: e.trackSource ?? null, at })),
        ];
        appended = true;
      }
    }
    const booth = boothIdentity(row.boothId);
    const decision = rejoinDecision(
      boothAbsence(record, row.boothId),
      observed?.some((p) => p.identity === booth) ?? false,
      at,
      boothRejoinGraceMs,
    );
    if (decision.kind === 'gone') await boothGone(row.roomName, decision.reason);
    else if (decision.kind === 'wait') lookAgainAt(row.roomName, decision.until);
    return appended;
  }

  /**
   * Rejoin checks this node has scheduled, by room: the exact moment a grace runs out here. The
   * deadline itself is in the record, and the sweep enforces it too, so a node that dies with
   * a check pending leaves it to the sweep (at most `roomSweepMs` late).
   */
  const rejoining = new Map<string, { until: number; timer: NodeJS.Timeout }>();

  function lookAgainAt(roomName: string, until: number) {
    const pending = rejoining.get(roomName);
    if (pending && pending.until <= until) return;
    if (pending) clearTimeout(pending.timer);
    const timer = setTimeout(
      () => {
        rejoining.delete(roomName);
        checkRejoin(roomName).catch((error: unknown) => onError?.(error, 'could not end the session of a booth that left'));
      },
      Math.max(0, until - now().getTime()),
    );
    timer.unref();
    rejoining.set(roomName, { until, timer });
  }

  /**
   * The booth's rejoin rule for one room, now: out of its room (by the record, and not in it by
   * LiveKit) for the whole grace, its call ends — while waiting the resident gave up (abandoned);
   * in the call, the call is over (the operator goes to after-call work to record the outcome).
   */
  async function checkRejoin(roomName: string) {
    const row = await db.query.session.findFirst({ where: eq(session.roomName, roomName) });
    if (row) await settle(row, 'rejoin-check');
  }

  /** The booth is gone from the room for good: a waiting call is abandoned, an active one ends. */
  async function boothGone(roomName: string, reason: AbsenceReason) {
    const row = await db.query.session.findFirst({ where: eq(session.roomName, roomName) });
    if (row?.status === 'waiting')
      await abandon(null, row.id, reason).catch((error: unknown) => {
        // Answered at the same moment: it is a call now, and ends as one.
        if (!(Problem.is(error) && error.status === 409)) throw error;
      });
    const now = await db.query.session.findFirst({ where: eq(session.roomName, roomName) });
    if (now?.status === 'active') await end(now, 'system', null, reason);
  }

  /** Whether the session of `roomName` already has a room_started other than webhook `eventId` (a replay). */
  async function startedBefore(roomName: string, eventId: string): Promise<boolean> {
    const [earlier] = await db
      .select({ id: sessionEvent.id })
      .from(sessionEvent)
      .innerJoin(session, eq(session.id, sessionEvent.sessionId))
      .where(
        and(
          eq(session.roomName, roomName),
          eq(sessionEvent.type, 'livekit.room_started'),
          sql`${sessionEvent.sourceEventId} IS NOT ${eventId}`,
        ),
      )
      .limit(1);
    return earlier !== undefined;
  }

  /** A failing listener never undoes or fails the end of a session. */
  async function ended(sessionId: string, endedAt: Date) {
    try {
      await onEnded?.(sessionId, endedAt);
    } catch (error) {
      onError?.(error, 'a session-ended listener failed');
    }
  }

  const load = (sessionId: string) => loadSession(db, sessionId);
  const loadForBooth = (principal: BoothPrincipal, sessionId: string) => sessionForBooth(db, principal, sessionId);

  /**
   * A resident the booth sent to the counter without a call: a session ended at once with outcome
   * `referred`, no operator time, and the event that says why, in one write.
   */
  async function referredAtBooth(
    principal: BoothPrincipal,
    call: { procedure: Procedure | null; language: Language | null; consentVersion: string | null; popupEventId?: string | null },
    event: { type: 'referred' | 'no-operator'; actorKind: 'booth' | 'system'; actorId: string | null; detail: EventDetail },
  ) {
    const at = now();
    const id = randomUUID();
    await db.batch([
      db.insert(session).values({
        id,
        boothId: principal.boothId,
        municipalityId: principal.municipalityId,
        roomName: newRoomName(),
        status: 'ended',
        ...call,
        outcome: 'referred',
        requestedAt: at,
        endedAt: at,
      }),
      db.insert(sessionEvent).values({ sessionId: id, at, occurredAt: at, ...event }),
    ]);
    return { sessionId: id };
  }

  /**
   * The resident gave up while waiting: ended, no outcome, recorded with how long they waited.
   * `principal` null: the booth itself vanished (LiveKit says it left the room).
   */
  async function abandon(principal: BoothPrincipal | null, sessionId: string, reason: 'booth-left' | 'room-gone' = 'booth-left') {
    const row = principal ? await loadForBooth(principal, sessionId) : await load(sessionId);
    if (row.status !== 'waiting') throw problems.sessionConflict(row.status);
    const at = now();
    const waitMs = at.getTime() - row.requestedAt.getTime();
    const detail = principal ? { waitMs } : { waitMs, reason };
    // One transaction, as for every end: the event is recorded only while the session is still
    // waiting, then it is closed — no reader (a report, the queue's listener) sees one without the other.
    const [, closed] = await db.batch([
      db.run(sql`
        INSERT INTO session_event (session_id, type, actor_kind, actor_id, at, occurred_at, detail)
        SELECT ${sessionId}, 'abandoned', ${principal ? 'booth' : 'system'}, ${principal?.boothId ?? null}, ${at.getTime()}, ${at.getTime()}, ${JSON.stringify(detail)}
        WHERE EXISTS (SELECT 1 FROM session WHERE id = ${sessionId} AND status = 'waiting')`),
      db
        .update(session)
        .set({ status: 'ended', endedAt: at })
        .where(and(eq(session.id, sessionId), eq(session.status, 'waiting'))),
    ]);
    if (closed.rowsAffected === 0) throw problems.sessionConflict('active');
    await ended(sessionId, at);
    await deleteRoom(row.roomName);
    return { waitMs };
  }

  return {
    /**
     * Deletes the rooms whose session ended while the app was down (or whose delete failed), ends
     * the sessions whose room is gone, and reconciles the live rooms' participants and tracks with
     * their records (webhooks lost while the app was down), then keeps doing so every
     * `roomSweepMs`. LiveKit being down delays it; it never stops the app.
     */
    async start() {
      // Started again when this node takes the dispatcher's lease back (several nodes).
      stopped = false;
      const sweep = () =>
        during('room-sweep', sweepRooms).catch((error: unknown) => onError?.(error, 'the LiveKit room sweep failed; it runs again'));
      await sweep();
      sweepTimer = setInterval(() => void sweep(), roomSweepMs);
      sweepTimer.unref();
      if (livekitWatchMs > 0) {
        // LiveKit answering again after it did not: sweep now, re-creating the rooms a restart lost.
        // It races the participants' own reconnects, one a second, and livekit-client gives up for
        // good at the first "room does not exist" (measured: the booth ended its call 0.9 s after
        // livekit-server answered again), so while LiveKit is down it is asked far more often.
        let down = false;
        const probe = () => {
          rooms
            .list()
            .then(
              () => {
                if (down) void sweep();
                down = false;
              },
              () => {
                down = true;
              },
            )
            .finally(() => {
              if (!stopped) {
                watchTimer = setTimeout(probe, down ? LIVEKIT_DOWN_PROBE_MS : livekitWatchMs);
                watchTimer.unref();
              }
            });
        };
        watchTimer = setTimeout(probe, livekitWatchMs);
        watchTimer.unref();
      }
    },

    /** Stops the room sweep and the LiveKit watch (this node no longer runs them; decision 0029). */
    stopSweeps() {
      if (sweepTimer) clearInterval(sweepTimer);
      sweepTimer = undefined;
      stopped = true;
      if (watchTimer) clearTimeout(watchTimer);
    },

    stop() {
      this.stopSweeps();
      for (const { timer } of rejoining.values()) clearTimeout(timer);
      rejoining.clear();
    },

    sweepRooms,

    /** A booth asks for an operator: a new waiting session in a fresh, unguessable room. */
    async request(
      principal: BoothPrincipal,
      serverUrl: string,
      request: {
        procedure?: Procedure;
        language?: Language;
        consentVersion?: string;
        popupEventId?: string | null;
        reservationId?: string;
      } = {},
    ): Promise<{ session: SessionRow; connection: ConnectionDetails; superseded: string[] }> {
      // One booth is one device: a new request means any earlier open session was left behind
      // (the kiosk reloaded or crashed), so that one is closed first.
      const stale = await db.query.session.findMany({
        where: and(eq(session.boothId, principal.boothId), inArray(session.status, ['waiting', 'active'])),
      });
      for (const row of stale) await end(row, 'booth', principal.boothId, 'superseded');
      // The room first, so the booth can join and publish while it waits; without a room there
      // is no call, and nothing is recorded.
      // The sweep leaves it alone while young, whichever node runs it (`unclaimedRoomGraceMs`).
      const roomName = newRoomName();
      try {
        await rooms.create(roomName);
      } catch (error) {
        onError?.(error, 'could not create the LiveKit room');
        throw new Problem(503, 'call_unavailable', {
          ja: 'ただいまビデオ通話を開始できません。しばらくしてからもう一度お試しください。',
          en: 'The video call cannot be started right now. Please try again in a moment.',
        });
      }
      const at = now();
      const row: SessionRow = {
        id: randomUUID(),
        boothId: principal.boothId,
        municipalityId: principal.municipalityId,
        operatorId: null,
        roomName,
        status: 'waiting',
        procedure: request.procedure ?? null,
        language: request.language ?? null,
        consentVersion: request.consentVersion ?? null,
        outcome: null,
        requestedAt: at,
        offeredAt: null,
        answeredAt: null,
        endedAt: null,
        popupEventId: request.popupEventId ?? null,
        reservationId: request.reservationId ?? null,
      };
      try {
        await db.batch([
          db.insert(session).values(row),
          db.insert(sessionEvent).values({
            sessionId: row.id,
            type: 'requested',
            actorKind: 'booth',
            actorId: principal.boothId,
            at,
            occurredAt: at,
            ...(row.reservationId ? { detail: { reserved: true } } : {}),
          }),
          // The reservation's call (decision 0034); session.reservation_id is unique, so it has one.
          ...(row.reservationId
            ? [
                db
                  .update(schema.reservation)
                  .set({ sessionId: row.id })
                  .where(and(eq(schema.reservation.id, row.reservationId), eq(schema.reservation.state, 'checked_in'))),
              ]
            : []),
        ]);
      } catch (error) {
        await deleteRoom(roomName);
        throw error;
      }
      // The one booth token of this session, minted as it starts waiting.
      const participantToken = await mintBoothToken(livekit, {
        roomName: row.roomName,
        boothId: principal.boothId,
        name: principal.boothName,
      });
      return {
        session: row,
        connection: { serverUrl, roomName: row.roomName, participantToken, participantName: principal.boothName },
        superseded: stale.map((r) => r.id),
      };
    },

    /**
     * The booth could not help (an eligibility answer): the referral is recorded as a session that
     * ends at once with outcome `referred`, using no operator time.
     */
    async refer(
      principal: BoothPrincipal,
      request: { procedure: Procedure; language: Language; questionId: string },
      popupEventId: string | null = null,
    ) {
      // A closed field (decision 0017): one of this town's questions for a procedure it offers.
      const offered = await db.query.municipality.findFirst({ where: eq(municipality.id, principal.municipalityId) });
      const questions = offered?.procedures.includes(request.procedure) ? (offered.eligibility[request.procedure] ?? []) : [];
      if (!questions.some((q) => q.id === request.questionId)) throw unknownQuestion();
      return referredAtBooth(
        principal,
        { procedure: request.procedure, language: request.language, consentVersion: null, popupEventId },
        { type: 'referred', actorKind: 'booth', actorId: principal.boothId, detail: { questionId: request.questionId } },
      );
    },

    abandon,

    /**
     * Outcome and a non-personal notes category, set by the operator who handled the call: as it
     * ends, or in after-call work when the other side ended it first (the live queue checks that
     * it is their after-call work). A recorded outcome is never rewritten.
     */
    async setOutcome(account: AccountPrincipal, sessionId: string, outcome: Outcome, notesCategory: string | null) {
      const row = await load(sessionId);
      if (row.operatorId !== account.accountId) throw problems.sessionNotFound();
      if (row.status === 'waiting' || row.outcome !== null) throw problems.sessionConflict(row.status);
      const at = now();
      await db.batch([
        db
          .update(session)
          .set({ outcome })
          .where(and(eq(session.id, sessionId), sql`${session.outcome} IS NULL`)),
        db.insert(sessionEvent).values({
          sessionId,
          type: 'outcome',
          actorKind: 'operator',
          actorId: account.accountId,
          at,
          occurredAt: at,
          detail: { outcome, ...(notesCategory ? { notesCategory } : {}) },
        }),
      ]);
    },

    /** Any session-level event from the server side (offers, timeouts…). */
    async recordEvent(sessionId: string, type: string, actorKind: 'operator' | 'system', actorId: string | null, detail?: EventDetail) {
      const at = now();
      await db.insert(sessionEvent).values({ sessionId, type, actorKind, actorId, at, occurredAt: at, ...(detail ? { detail } : {}) });
    },

    async markOffered(sessionId: string, at: Date) {
      await db
        .update(session)
        .set({ offeredAt: at })
        .where(and(eq(session.id, sessionId), sql`${session.offeredAt} IS NULL`));
    },

    async byRoom(roomName: string) {
      return db.query.session.findFirst({ where: eq(session.roomName, roomName) });
    },

    /**
     * Nobody could take the call (no operator serves its municipality, language and procedure,
     * or none of them is on duty): recorded like a referral — a session ended at once, outcome
     * `referred` (the booth sends the resident to the counter), no room, no operator time — with
     * a `no-operator` event saying why. The reports count it among the booth's referrals.
     */
    async recordNoOperator(
      principal: BoothPrincipal,
      request: {
        procedure: Procedure | null;
        language: Language | null;
        consentVersion: string | null;
        reason: 'not-served' | 'none-on-duty';
        popupEventId?: string | null;
      },
    ) {
      return referredAtBooth(
        principal,
        {
          procedure: request.procedure,
          language: request.language,
          consentVersion: request.consentVersion,
          popupEventId: request.popupEventId ?? null,
        },
        { type: 'no-operator', actorKind: 'system', actorId: null, detail: { reason: request.reason } },
      );
    },

    async waiting() {
      return db.query.session.findMany({ where: eq(session.status, 'waiting'), orderBy: [asc(session.requestedAt)] });
    },

    /**
     * Durable append of a booth-reported event on its own session. The ownership check is part of
     * the insert (nothing is written for another booth's session), and the write joins a group
     * commit: the hot path is one statement, answered after its commit. A resend of the same
     * `clientId` on the session (the booth did not get the answer) writes nothing and gets the
     * first answer. The booth's occurrence is corrected by its clock skew and bounded (event-time.ts).
     */
    async appendBoothEvent(principal: BoothPrincipal, sessionId: string, event: BoothEventInput) {
      const at = now();
      const time = boothEventTime({ occurredAt: new Date(event.occurredAt), sentAt: new Date(event.sentAt) }, at);
      const result = await groupCommit.write({
        sql: `INSERT INTO session_event (session_id, type, actor_kind, actor_id, at, occurred_at, detail, client_id, clock_skew_ms)
              SELECT id, ?, 'booth', ?, ?, ?, ?, ?, ? FROM session WHERE id = ? AND booth_id = ?
              ON CONFLICT (session_id, client_id) DO NOTHING`,
        args: [
          event.type,
          principal.boothId,
          at.getTime(),
          time.occurredAt.getTime(),
          event.detail ? JSON.stringify(event.detail) : null,
          event.clientId,
          time.clockSkewMs,
          sessionId,
          principal.boothId,
        ],
      });
      if (result.rowsAffected === 1) {
        if (time.clamped)
          onWarning?.(
            { sessionId, clockSkewMs: time.clockSkewMs, clamped: time.clamped },
            'a booth event was dated outside its bounds: clamped',
          );
        if (event.dropped) onWarning?.({ sessionId, dropped: event.dropped }, 'the booth dropped events: its outbox was full');
        return { id: Number(result.lastInsertRowid), at, occurredAt: time.occurredAt };
      }
      // Nothing written: recorded before under this clientId (the same answer), or not this booth's
      // session — reported as missing, so ids cannot be probed.
      const [first] = await db
        .select({ id: sessionEvent.id, at: sessionEvent.at, occurredAt: sessionEvent.occurredAt })
        .from(sessionEvent)
        .innerJoin(session, eq(session.id, sessionEvent.sessionId))
        .where(
          and(eq(sessionEvent.sessionId, sessionId), eq(sessionEvent.clientId, event.clientId), eq(session.boothId, principal.boothId)),
        );
      if (!first) throw problems.sessionNotFound();
      return first;
    },

    /** `connection-lost`: the call could not go on; an answered call without an outcome is recorded as dropped. */
    async endByBooth(principal: BoothPrincipal, sessionId: string, reason?: 'connection-lost') {
      const row = await loadForBooth(principal, sessionId);
      return end(row, 'booth', principal.boothId, reason);
    },

    /** Waiting sessions in the municipalities this account serves, longest-waiting first. */
    async listWaiting(account: AccountPrincipal) {
      if (account.municipalityIds.length === 0) return [];
      return db
        .select({
          id: session.id,
          requestedAt: session.requestedAt,
          boothName: booth.name,
          municipalityName: municipality.name,
        })
        .from(session)
        .innerJoin(booth, eq(booth.id, session.boothId))
        .innerJoin(municipality, eq(municipality.id, session.municipalityId))
        .where(and(eq(session.status, 'waiting'), inArray(session.municipalityId, account.municipalityIds)))
        .orderBy(asc(session.requestedAt))
        .limit(100);
    },

    /** An operator answers: first one wins; the others get a conflict. */
    async answer(account: AccountPrincipal, sessionId: string) {
      const row = await load(sessionId);
      if (!account.municipalityIds.includes(row.municipalityId)) throw problems.sessionNotFound();
      if (nextStatus(row.status, 'answer') === null) throw problems.sessionConflict(row.status);
      const at = now();
      // The status guard in the WHERE makes the claim atomic against a concurrent answer.
      const claimed = await db
        .update(session)
        .set({ status: 'active', operatorId: account.accountId, answeredAt: at })
        .where(and(eq(session.id, sessionId), eq(session.status, 'waiting')))
        .returning({ id: session.id });
      if (claimed.length === 0) throw problems.sessionConflict('active');
      await db.insert(sessionEvent).values({
        sessionId,
        type: 'accepted',
        actorKind: 'operator',
        actorId: account.accountId,
        at,
        occurredAt: at,
      });
      return { ...row, status: 'active' as const, operatorId: account.accountId, answeredAt: at };
    },

    /** Join details for the operator who answered, and only for them, while the call is active. */
    async operatorConnection(
      account: AccountPrincipal,
      sessionId: string,
      serverUrl: string,
    ): Promise<{ session: SessionRow; connection: ConnectionDetails }> {
      const row = await load(sessionId);
      if (row.operatorId !== account.accountId) throw problems.sessionNotFound();
      if (row.status !== 'active') throw problems.sessionConflict(row.status);
      const participantToken = await mintOperatorToken(livekit, {
        roomName: row.roomName,
        operatorId: account.accountId,
        displayName: account.displayName,
      });
      return { session: row, connection: { serverUrl, roomName: row.roomName, participantToken, participantName: account.displayName } };
    },

    /**
     * The interpreter's join details for a call the interpreters' desk routed to them (the caller
     * has checked that with the desk): that room only, hear, see and speak (mintInterpreterToken).
     */
    async interpreterConnection(account: AccountPrincipal, sessionId: string, serverUrl: string): Promise<ConnectionDetails> {
      const row = await load(sessionId);
      if (row.status !== 'active') throw problems.sessionConflict(row.status);
      const participantToken = await mintInterpreterToken(livekit, {
        roomName: row.roomName,
        interpreterId: account.accountId,
        displayName: account.displayName,
      });
      return { serverUrl, roomName: row.roomName, participantToken, participantName: account.displayName };
    },

    /** A session this operator answered (any status), or 404. */
    async answeredBy(account: AccountPrincipal, sessionId: string) {
      const row = await load(sessionId);
      if (row.operatorId !== account.accountId) throw problems.sessionNotFound();
      return row;
    },

    async endByOperator(account: AccountPrincipal, sessionId: string) {
      const row = await load(sessionId);
      if (row.operatorId !== account.accountId) throw problems.sessionNotFound();
      return end(row, 'operator', account.accountId);
    },

    /**
     * Records a verified LiveKit webhook. Every statement is idempotent (keyed by LiveKit's event
     * id, and status only moves forward), so duplicates and out-of-order deliveries converge on
     * the same record.
     */
    async recordLiveKitEvent(event: WebhookEvent) {
      const roomName = event.room?.name ?? null;
      // `at` is when the app learned it (what the booth's rejoin grace counts from, booth-rejoin.ts);
      // LiveKit dates its webhooks to the second.
      const receivedAt = now();
      const occurredAt = new Date(Number(event.createdAt ?? 0n) * 1000 || receivedAt.getTime());
      const identity = event.participant?.identity ?? null;
      const statements = [
        db
          .insert(livekitEvent)
          .values({
            id: event.id,
            event: event.event,
            roomName,
            participantIdentity: identity,
            trackSource: event.track ? String(event.track.source) : null,
            occurredAt,
            receivedAt,
          })
          .onConflictDoNothing(),
      ] as const;
      const type = sessionEventTypeForLiveKit(event.event);
      if (!roomName || !type) {
        await db.batch(statements);
        return;
      }
      const detail: EventDetail = {};
      if (identity) detail.participant = identity;
      if (event.track) detail.trackSource = String(event.track.source);
      // The room started again under a live session: a LiveKit node died and the first participant
      // to rejoin had LiveKit place the room on a live node (or livekit-server restarted). Said so
      // on the session's history, next to the booth's reconnecting/reconnected.
      if (event.event === 'room_started' && (await startedBefore(roomName, event.id))) detail.restarted = true;
      const results = await db.batch([
        ...statements,
        db.run(sql`
          INSERT INTO session_event (session_id, type, actor_kind, actor_id, at, occurred_at, detail, source_event_id)
          SELECT id, ${type}, 'livekit', ${identity}, ${receivedAt.getTime()}, ${occurredAt.getTime()}, ${JSON.stringify(detail)}, ${event.id}
          FROM session WHERE room_name = ${roomName}
          ON CONFLICT (source_event_id) DO NOTHING`),
        ...(event.event === 'room_finished'
          ? [
              db
                .update(session)
                .set({ status: 'ended', endedAt: occurredAt })
                .where(and(eq(session.roomName, roomName), inArray(session.status, ['waiting', 'active']))),
            ]
          : []),
      ]);
      // Told once, when this webhook is what ended the session (not on a replay, nor after another end).
      const closed = event.event === 'room_finished' && (results.at(-1) as { rowsAffected?: number } | undefined)?.rowsAffected;
      if (closed) {
        const row = await db.query.session.findFirst({ where: eq(session.roomName, roomName) });
        if (row?.endedAt) await ended(row.id, row.endedAt);
      }
      // LiveKit sends this only after the booth's reconnection window: the resident is gone, waiting
      // or in the call, unless it comes back within the grace. A full reconnect replaces the old
      // connection under the same identity: not a departure.
      if (
        event.event === 'participant_left' &&
        identity &&
        isBoothIdentity(identity) &&
        event.participant?.disconnectReason !== DisconnectReason.DUPLICATE_IDENTITY
      ) {
        await checkRejoin(roomName);
      }
      // An interpreter gone (dropped, or left without the button): the call goes on, their part ends.
      if (
        event.event === 'participant_left' &&
        identity &&
        isInterpreterIdentity(identity) &&
        event.participant?.disconnectReason !== DisconnectReason.DUPLICATE_IDENTITY
      ) {
        const row = await db.query.session.findFirst({ columns: { id: true, status: true }, where: eq(session.roomName, roomName) });
        if (row?.status === 'active') await onInterpreterLeft?.(row.id, identity.slice(participantPrefixes.interpreter.length), occurredAt);
      }
    },
  };

  /**
   * The end of a live session. `reason` says why when it was not simply the booth's or the
   * operator's end: a newer request from the same booth (`superseded`), the booth gone from the
   * room for good (`booth-left`), the room gone (`room-gone`, found by the sweep), or the booth's
   * call that could not go on (`connection-lost`: an answered call without an outcome is dropped).
   */
  async function end(
    row: SessionRow,
    actorKind: 'booth' | 'operator' | 'system',
    actorId: string | null,
    reason?: 'superseded' | 'booth-left' | 'room-gone' | 'connection-lost',
  ) {
    if (nextStatus(row.status, 'end') === null) return row;
    const at = now();
    // Answered, then lost before anyone gave an outcome: the call was dropped (中断).
    const dropped = reason === 'connection-lost' && row.answeredAt !== null;
    // Booth and operator may end at the same moment: in one transaction, the event is recorded
    // only while the session is still open, then the session is closed.
    const [, closed] = await db.batch([
      db.run(sql`
        INSERT INTO session_event (session_id, type, actor_kind, actor_id, at, occurred_at, detail)
        SELECT ${row.id}, 'ended', ${actorKind}, ${actorId}, ${at.getTime()}, ${at.getTime()}, ${reason ? JSON.stringify({ reason }) : null}
        WHERE EXISTS (SELECT 1 FROM session WHERE id = ${row.id} AND status IN ('waiting', 'active'))`),
      db
        .update(session)
        .set({ status: 'ended', endedAt: at, ...(dropped ? { outcome: sql`coalesce(${session.outcome}, 'dropped')` } : {}) })
        .where(and(eq(session.id, row.id), inArray(session.status, ['waiting', 'active']))),
    ]);
    if (closed.rowsAffected > 0) await ended(row.id, at);
    // The record is final; deleting the room disconnects whoever is still in it.
    await deleteRoom(row.roomName);
    return { ...row, status: 'ended' as const, endedAt: at };
  }
}

export type SessionService = ReturnType<typeof createSessionService>;
