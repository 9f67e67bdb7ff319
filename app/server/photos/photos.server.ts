/**
 * The face photo's life: upload and processing, the operator's approve / retake, one download,
 * deletion at session end plus grace (and by the sweep after a crash). Every creation, view,
 * download and deletion is written to the personal-data ledger in the same batch as the change
 * (read back by ledger/ledger.server.ts).
 */
import { randomUUID } from 'node:crypto';
import { type ActorKind, cardApplicationProcedures, type Db, type LedgerAction, schema } from '@madoguchi/db';
import { and, asc, eq, inArray, isNotNull, isNull, lt, lte, or, sql } from 'drizzle-orm';
import { localDate } from '../../domain/japan-time';
import { FACE_PHOTO } from '../../domain/ledger';
import { type ApprovalRequest, decideApproval } from '../../domain/photo/approval';
import { type PhotoCheck, type PhotoCheckId, type PhotoCheckLevel, worstLevel } from '../../domain/photo/checks';
import type { AccountPrincipal } from '../auth/login.server';
import type { BoothPrincipal } from '../booths/booth-auth.server';
import { loadSession, sessionForBooth } from '../calls/session-access.server';
import { during } from '../platform/loop-monitor';
import { problems } from '../platform/problems';
import { photoProblems } from './problems';
import type { PhotoStore } from './store.server';

const { photo, personalDataLedger, session, sessionEvent } = schema;

/** A 'processing' row older than this was left by a crash (processing takes seconds). */
const STUCK_PROCESSING_MS = 10 * 60_000;
/** A temporary file older than this is a failed write. */
const STALE_TEMP_MS = 60_000;

type Level = PhotoCheckLevel;
/** What the service needs of the photo pipeline (app/server/photos/pipeline.server.ts). */
export interface PhotoProcessor {
  process(
    input: Buffer,
  ): Promise<{ jpeg: Buffer; width: number; height: number; bytes: number; checks: readonly PhotoCheck[]; level: Level }>;
  warmUp?(): Promise<void>;
  close?(): Promise<void>;
  /** Admission by memory (admission.server.ts): bytes held by the photos running, and how many wait. */
  readonly budget?: { readonly inUse: number; readonly running: number; readonly waiting: number };
}

type PhotoRow = typeof photo.$inferSelect;
type SessionRow = typeof session.$inferSelect;
type Actor = { kind: ActorKind; id: string | null };

export interface PhotoServiceDeps {
  db: Db;
  store: PhotoStore;
  pipeline: PhotoProcessor;
  graceMs: number;
  sweepMs: number;
  /** Any photo older than this is deleted whatever its session's state (default 4 h). */
  maxAgeMs?: number;
  onError?: (error: unknown, message: string) => void;
  now?: () => Date;
}

/** A check the pipeline did not judge, for a refusal that names it. */
const notJudged = (id: PhotoCheckId): PhotoCheck => ({ id, level: 'fail', reason: { ja: '判定されていません。', en: 'Not judged.' } });

/** The photo's overall level, by the domain's one rule (the worst check). */
export const levelOf = (checks: readonly PhotoCheck[] | null | undefined): Level | null => (checks ? worstLevel(checks) : null);

export function createPhotoService({
  db,
  store,
  pipeline,
  graceMs,
  sweepMs,
  maxAgeMs = 4 * 3_600_000,
  onError,
  now = () => new Date(),
}: PhotoServiceDeps) {
  let timer: ReturnType<typeof setInterval> | null = null;
  let sweeping: Promise<SweepResult> | null = null;

  const ledger = (row: Pick<PhotoRow, 'id' | 'sessionId' | 'municipalityId'>, action: LedgerAction, actor: Actor, at: Date) =>
    db.insert(personalDataLedger).values({
      at,
      actorKind: actor.kind,
      actorId: actor.id,
      action,
      dataKind: FACE_PHOTO,
      itemId: row.id,
      sessionId: row.sessionId,
      municipalityId: row.municipalityId,
    });
  const event = (sessionId: string, type: string, actor: Actor, at: Date, detail: Record<string, string | number | boolean>) =>
    db.insert(sessionEvent).values({ sessionId, type, actorKind: actor.kind, actorId: actor.id, at, occurredAt: at, detail });

  /** Only the operator on the call: anyone else (admins too) is told there is no such session. */
  async function sessionForOperator(actor: AccountPrincipal, sessionId: string) {
    const row = await loadSession(db, sessionId);
    if (row.operatorId !== actor.accountId) throw problems.sessionNotFound();
    return row;
  }
  async function loadPhoto(sessionId: string, photoId: string) {
    const row = await db.query.photo.findFirst({ where: and(eq(photo.id, photoId), eq(photo.sessionId, sessionId)) });
    if (!row) throw photoProblems.notFound();
    return row;
  }
  const capturable = (s: SessionRow) =>
    s.status === 'active' && s.operatorId !== null && s.procedure !== null && cardApplicationProcedures.includes(s.procedure);

  /**
   * Removes photos' files and marks the rows; a deletion entry for each photo that had a file
   * (candidate or approved). The file goes first: a crash in between leaves a live row without a
   * file, which the sweep closes, never a file without a record.
   */
  async function destroy(rows: PhotoRow[], status: 'retaken' | 'deleted', actor: Actor) {
    const at = now();
    for (const row of rows) {
      await store.remove(row.id);
      // Recorded only by whoever marks it first (a retake and the sweep may meet on one photo).
      await db.batch([
        db.run(sql`
          INSERT INTO personal_data_ledger (at, actor_kind, actor_id, action, data_kind, item_id, session_id, municipality_id)
          SELECT ${at.getTime()}, ${actor.kind}, ${actor.id}, 'deleted', ${FACE_PHOTO}, id, session_id, municipality_id
          FROM photo WHERE id = ${row.id} AND deleted_at IS NULL`),
        db
          .update(photo)
          .set({ status, deletedAt: at })
          .where(and(eq(photo.id, row.id), isNull(photo.deletedAt))),
      ]);
    }
  }

  interface SweepResult {
    deleted: number;
    stuck: number;
    orphans: number;
    /** Live rows whose file was missing. */
    lost: number;
  }

  async function sweepOnce(startup: boolean): Promise<SweepResult> {
    const at = now();
    const system: Actor = { kind: 'system', id: null };
    // Due: the hook set delete_after, or the session ended without the hook (a crash) and its
    // grace is over, or the photo is older than the absolute cap (a session that never ends).
    const due = await db
      .select({ photo })
      .from(photo)
      .innerJoin(session, eq(session.id, photo.sessionId))
      .where(
        and(
          isNull(photo.deletedAt),
          inArray(photo.status, ['candidate', 'approved']),
          or(
            lte(photo.deleteAfter, at),
            and(isNotNull(session.endedAt), lte(session.endedAt, new Date(at.getTime() - graceMs))),
            lte(photo.createdAt, new Date(at.getTime() - maxAgeMs)),
          ),
        ),
      );
    await destroy(
      due.map((r) => r.photo),
      'deleted',
      system,
    );

    // Processing rows left by a crash (at start: all of them — nothing is processing yet).
    const stuck = await db.query.photo.findMany({
      where: and(eq(photo.status, 'processing'), startup ? undefined : lt(photo.createdAt, new Date(at.getTime() - STUCK_PROCESSING_MS))),
    });
    for (const row of stuck) {
      if (await store.remove(row.id)) {
        await db.batch([
          db.update(photo).set({ status: 'deleted', deletedAt: at }).where(eq(photo.id, row.id)),
          ledger(row, 'deleted', system, at),
        ]);
      } else {
        await db.delete(photo).where(and(eq(photo.id, row.id), eq(photo.status, 'processing')));
      }
    }

    // Live rows are read before the folder is listed: a photo becomes a candidate only after its
    // file is written, so a live row missing from the listing really has lost its file.
    const live = await db.query.photo.findMany({ where: and(inArray(photo.status, ['candidate', 'approved']), isNull(photo.deletedAt)) });
    const { ids, temps } = await store.list();
    const present = new Set(ids);
    const lost = live.filter((row) => !present.has(row.id));
    // Recorded as deleted (the file is gone), so no one is shown a photo that cannot be read.
    await destroy(lost, 'deleted', system);

    // Files without a live row: removed; recorded when a row says whose they were.
    let orphans = 0;
    if (ids.length > 0) {
      const rows = await db.query.photo.findMany({ where: inArray(photo.id, ids) });
      const byId = new Map(rows.map((r) => [r.id, r]));
      for (const id of ids) {
        const row = byId.get(id);
        const live = row && row.deletedAt === null && ['processing', 'candidate', 'approved'].includes(row.status);
        if (live) continue;
        if (!(await store.remove(id))) continue;
        orphans++;
        if (row) await ledger(row, 'deleted', system, at);
        else onError?.(new Error('photo file without a row'), `removed a photo file without a record (${id})`);
      }
    }
    for (const temp of temps) if (startup || temp.ageMs > STALE_TEMP_MS) await store.removeTemp(temp.name);
    return { deleted: due.length, stuck: stuck.length, orphans, lost: lost.length };
  }

  return {
    graceMs,
    store,
    pipeline,

    /** Before the body is read: the session is this booth's, in a card-application call. */
    async checkUpload(principal: BoothPrincipal, sessionId: string) {
      const s = await sessionForBooth(db, principal, sessionId);
      if (!capturable(s)) throw photoProblems.notAllowed();
      // Refused before the body is read (upload's claim still decides a race).
      const processing = await db.query.photo.findFirst({
        where: and(eq(photo.sessionId, s.id), eq(photo.status, 'processing')),
        columns: { id: true },
      });
      if (processing) throw photoProblems.busy();
    },

    /** The booth's still: processed at once; the row is 'processing' meanwhile (one at a time). */
    async upload(principal: BoothPrincipal, sessionId: string, input: Buffer) {
      const s = await sessionForBooth(db, principal, sessionId);
      if (!capturable(s)) throw photoProblems.notAllowed();
      const id = randomUUID();
      const createdAt = now();
      // One statement claims the session's processing slot and numbers the attempt.
      const claimed = await db.run(sql`
        INSERT INTO photo (id, session_id, booth_id, municipality_id, attempt, status, created_at)
        SELECT ${id}, ${s.id}, ${s.boothId}, ${s.municipalityId},
               coalesce((SELECT max(attempt) FROM photo WHERE session_id = ${s.id}), 0) + 1, 'processing', ${createdAt.getTime()}
        WHERE NOT EXISTS (SELECT 1 FROM photo WHERE session_id = ${s.id} AND status = 'processing')`);
      if (claimed.rowsAffected !== 1) throw photoProblems.busy();
      const discard = async () => {
        await store.remove(id).catch((error: unknown) => onError?.(error, 'could not remove a discarded photo'));
        await db.delete(photo).where(eq(photo.id, id));
      };
      try {
        const processed = await pipeline.process(input);
        // The call may have ended while the photo was processed: then it is not kept at all.
        const current = await loadSession(db, s.id);
        if (!capturable(current)) throw photoProblems.notAllowed();
        const { attempt } = (await db.query.photo.findFirst({ where: eq(photo.id, id), columns: { attempt: true } }))!;
        await store.put(id, processed.jpeg);
        const at = now();
        const level = processed.level;
        await db.batch([
          db
            .update(photo)
            .set({
              status: 'candidate',
              checks: [...processed.checks],
              width: processed.width,
              height: processed.height,
              bytes: processed.bytes,
            })
            .where(eq(photo.id, id)),
          ledger({ id, sessionId: s.id, municipalityId: s.municipalityId }, 'created', { kind: 'booth', id: principal.boothId }, at),
          event(s.id, 'photo_captured', { kind: 'booth', id: principal.boothId }, at, { attempt, level }),
        ]);
        return { photoId: id, attempt, level };
      } catch (error) {
        await discard();
        throw error;
      }
    },

    /** The approved photo, shown to the resident on the booth while the call lasts. */
    async boothImage(principal: BoothPrincipal, sessionId: string, photoId: string) {
      const s = await sessionForBooth(db, principal, sessionId);
      if (s.status !== 'active') throw photoProblems.notFound();
      const row = await loadPhoto(sessionId, photoId);
      if (row.status !== 'approved' || row.deletedAt) throw photoProblems.notFound();
      const jpeg = await store.get(row.id);
      await ledger(row, 'viewed', { kind: 'booth', id: principal.boothId }, now());
      return jpeg;
    },

    async list(actor: AccountPrincipal, sessionId: string) {
      await sessionForOperator(actor, sessionId);
      const rows = await db.query.photo.findMany({ where: eq(photo.sessionId, sessionId), orderBy: [asc(photo.attempt)] });
      const attempts = rows.reduce((max, r) => Math.max(max, r.attempt), 0);
      return {
        photos: rows.map((r) => ({
          photoId: r.id,
          attempt: r.attempt,
          status: r.status,
          level: levelOf(r.checks as PhotoCheck[] | null),
          checks: r.checks ?? [],
          width: r.width,
          height: r.height,
          bytes: r.bytes,
          createdAt: r.createdAt,
          approvedAt: r.approvedAt,
          downloadedAt: r.downloadedAt,
        })),
        retakes: Math.max(0, attempts - 1),
      };
    },

    /** The processed photo beside its checks on the console. */
    async operatorImage(actor: AccountPrincipal, sessionId: string, photoId: string) {
      await sessionForOperator(actor, sessionId);
      const row = await loadPhoto(sessionId, photoId);
      if (!['candidate', 'approved'].includes(row.status) || row.deletedAt) throw photoProblems.notFound();
      // Download once: after the download the console cannot fetch it again either.
      if (row.downloadedAt) throw photoProblems.alreadyDownloaded();
      const jpeg = await store.get(row.id);
      await ledger(row, 'viewed', { kind: 'operator', id: actor.accountId }, now());
      return jpeg;
    },

    /**
     * One approved photo per session: every other kept photo of the session is deleted. Only a
     * photo that passes its checks (domain/photo/approval.ts): the warnings confirmed, a failing
     * check overridden only where it can misfire, with a reason from the fixed list. The approval,
     * what was confirmed and every override are recorded in the same transaction as the change
     * (session events, and the audit log for each override).
     */
    async approve(actor: AccountPrincipal, sessionId: string, photoId: string, request: ApprovalRequest = {}, requestId?: string) {
      await sessionForOperator(actor, sessionId);
      const row = await loadPhoto(sessionId, photoId);
      if (row.status !== 'candidate') throw photoProblems.state(row.status);
      const checks = (row.checks ?? []) as PhotoCheck[];
      const decision = decideApproval(checks, request);
      if (!decision.ok) {
        const named = decision.checks.map((id) => checks.find((c) => c.id === id) ?? notJudged(id));
        throw photoProblems.approval(decision.refusal, named);
      }
      const at = now();
      const by = actor.accountId;
      // Written only if this request's update took (the photo approved at this instant by this account).
      const tookEffect = sql`EXISTS (SELECT 1 FROM photo WHERE id = ${photoId} AND status = 'approved' AND approved_at = ${at.getTime()} AND approved_by = ${by})`;
      const eventIf = (type: string, detail: Record<string, string | number | boolean>) =>
        db.run(sql`
        INSERT INTO session_event (session_id, type, actor_kind, actor_id, at, occurred_at, detail)
        SELECT ${sessionId}, ${type}, 'operator', ${by}, ${at.getTime()}, ${at.getTime()}, ${JSON.stringify(detail)} WHERE ${tookEffect}`);
      const auditIf = (detail: Record<string, string | number>) =>
        db.run(sql`
        INSERT INTO audit_log (at, actor_kind, actor_id, action, target_type, target_id, municipality_id, request_id, detail)
        SELECT ${at.getTime()}, 'account', ${by}, 'photo.check_overridden', 'photo', ${photoId}, ${row.municipalityId}, ${requestId ?? null}, ${JSON.stringify(detail)}
        WHERE ${tookEffect}`);
      const [approved] = await db.batch([
        db
          .update(photo)
          .set({ status: 'approved', approvedBy: by, approvedAt: at })
          .where(
            and(
              eq(photo.id, photoId),
              eq(photo.status, 'candidate'),
              isNull(photo.deletedAt),
              // Two approves at once: the second finds the first's approved photo and loses (409),
              // so the session never ends up with both deleted by each other.
              sql`NOT EXISTS (SELECT 1 FROM photo other WHERE other.session_id = ${sessionId} AND other.status = 'approved' AND other.deleted_at IS NULL AND other.id <> ${photoId})`,
            ),
          )
          .returning({ id: photo.id }),
        // Codes only: which warned checks were confirmed and which failing ones overridden.
        eventIf('photo_approved', {
          attempt: row.attempt,
          level: worstLevel(checks),
          ...(decision.acknowledged.length > 0 ? { acknowledged: decision.acknowledged.join(',') } : {}),
          ...(decision.overrides.length > 0 ? { overridden: decision.overrides.map((o) => o.check).join(',') } : {}),
        }),
        ...decision.overrides.flatMap((o) => [
          eventIf('photo_check_overridden', { attempt: row.attempt, check: o.check, reason: o.reason }),
          auditIf({ sessionId, attempt: row.attempt, check: o.check, reason: o.reason }),
        ]),
      ]);
      if (approved.length === 0) throw photoProblems.state('changed');
      const others = await db.query.photo.findMany({
        where: and(
          eq(photo.sessionId, sessionId),
          inArray(photo.status, ['candidate', 'approved']),
          isNull(photo.deletedAt),
          sql`${photo.id} <> ${photoId}`,
        ),
      });
      await destroy(others, 'deleted', { kind: 'operator', id: by });
      return { photoId, status: 'approved' as const, approvedAt: at, acknowledged: decision.acknowledged, overrides: decision.overrides };
    },

    /** Not good enough: the file is deleted now and the retake counted. */
    async retake(actor: AccountPrincipal, sessionId: string, photoId: string) {
      await sessionForOperator(actor, sessionId);
      const row = await loadPhoto(sessionId, photoId);
      if (!['candidate', 'approved'].includes(row.status) || row.deletedAt) throw photoProblems.state(row.status);
      const operator: Actor = { kind: 'operator', id: actor.accountId };
      await destroy([row], 'retaken', operator);
      await event(sessionId, 'photo_retake', operator, now(), { attempt: row.attempt });
      return { photoId, status: 'retaken' as const };
    },

    /** The approved photo, once, to the operator who took it (for the resident's online application). */
    async download(actor: AccountPrincipal, sessionId: string, photoId: string) {
      await sessionForOperator(actor, sessionId);
      const row = await loadPhoto(sessionId, photoId);
      if (row.downloadedAt) throw photoProblems.alreadyDownloaded();
      if (row.status !== 'approved' || row.deletedAt) throw photoProblems.state(row.status);
      const jpeg = await store.get(row.id);
      const at = now();
      // The claim and its ledger entry in one transaction: the entry is written only if this
      // request's claim took (downloaded_at is this request's time and account).
      const [claimed] = await db.batch([
        db
          .update(photo)
          .set({ downloadedBy: actor.accountId, downloadedAt: at })
          .where(and(eq(photo.id, photoId), eq(photo.status, 'approved'), isNull(photo.downloadedAt), isNull(photo.deletedAt)))
          .returning({ id: photo.id }),
        db.run(sql`
          INSERT INTO personal_data_ledger (at, actor_kind, actor_id, action, data_kind, item_id, session_id, municipality_id)
          SELECT ${at.getTime()}, 'operator', ${actor.accountId}, 'downloaded', ${FACE_PHOTO}, id, session_id, municipality_id
          FROM photo WHERE changes() = 1 AND id = ${photoId} AND downloaded_at = ${at.getTime()} AND downloaded_by = ${actor.accountId}`),
      ]);
      // A concurrent download won: this one gets nothing.
      if (claimed.length === 0) throw photoProblems.alreadyDownloaded();
      return { jpeg, fileName: `photo-${localDate(at).replaceAll('-', '')}.jpg` };
    },

    /** Called when a session ends by any path: its photos go after the grace period. */
    async scheduleDeletion(sessionId: string, endedAt: Date) {
      await db
        .update(photo)
        .set({ deleteAfter: new Date(endedAt.getTime() + graceMs) })
        .where(and(eq(photo.sessionId, sessionId), isNull(photo.deletedAt), isNull(photo.deleteAfter)));
    },

    /** Deletes what is due, and what a crash left behind. One sweep at a time. */
    async sweep(options: { startup?: boolean } = {}): Promise<SweepResult> {
      if (sweeping) return sweeping;
      sweeping = sweepOnce(options.startup === true).finally(() => {
        sweeping = null;
      });
      return sweeping;
    },

    /**
     * A sweep at once, then one every PHOTO_SWEEP_MS. `alone`: this process is the only one
     * (one node, just started), so every photo still `processing` was left by a crash. With
     * several nodes another may be processing one right now: only those older than the stuck
     * limit count as left behind, as in every periodic sweep. One node runs the sweeps at a time.
     */
    async start({ alone = true }: { alone?: boolean } = {}) {
      await this.sweep({ startup: alone }).catch((error: unknown) => onError?.(error, 'photo sweep failed'));
      timer ??= setInterval(() => {
        void during('photo-sweep', () => this.sweep()).catch((error: unknown) => onError?.(error, 'photo sweep failed'));
      }, sweepMs);
      timer.unref();
    },

    /** Stops the periodic sweep (this node no longer runs it); photos are still taken here. */
    async stopSweeps() {
      if (timer) clearInterval(timer);
      timer = null;
      await sweeping?.catch(() => undefined);
    },

    async stop() {
      await this.stopSweeps();
      await pipeline.close?.();
    },
  };
}

export type PhotoService = ReturnType<typeof createPhotoService>;
