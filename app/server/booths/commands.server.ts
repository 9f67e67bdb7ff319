/**
 * Remote commands staff send a booth (self-test, reload, maintenance screen): requested and audited
 * here, handed out with the booth's next heartbeat, their results reported back; those nobody
 * collected expire (decision 0014).
 */
import { randomUUID } from 'node:crypto';
import { type BoothCommandKind, type BoothCommandStatus, type Db, schema } from '@madoguchi/db';
import { and, desc, eq, inArray, lt } from 'drizzle-orm';
import type { AccountPrincipal } from '../auth/login.server';
import { Problem } from '../platform/problems';
import { recordAccountAudit, recordAudit } from '../records/audit.server';
import type { BoothPrincipal } from './booth-auth.server';
import { boothWithin } from './booths.server';
import type { BoothState } from './health-state';

const { booth, boothCommand } = schema;

export const commandNotFound = () =>
  new Problem(404, 'command_not_found', { ja: '指定されたコマンドは存在しません。', en: 'No such command.' });

export const boothInCall = () =>
  new Problem(409, 'booth_in_call', {
    ja: 'ブースは住民の方と通話中（または順番待ち）のため実行できません。通話が終わってから、もう一度操作してください。',
    en: 'The booth is in a call with a resident (or one is waiting). Try again after the call has ended.',
  });

/** What a self-test found (codes and figures only). */
export interface SelfTestResult {
  camera: {
    result: 'pass' | 'fail' | 'skipped';
    variance?: number | undefined;
    width?: number | undefined;
    height?: number | undefined;
    error?: string | undefined;
  };
  microphone: { result: 'pass' | 'fail' | 'skipped'; rms?: number | undefined; error?: string | undefined };
  speaker: { result: 'pass' | 'fail' | 'skipped'; played: boolean; error?: string | undefined };
  livekit: { result: 'pass' | 'fail' | 'skipped'; httpStatus?: number | undefined; ms?: number | undefined; error?: string | undefined };
  network: { result: 'pass' | 'fail' | 'skipped'; rttMs?: number | undefined; samples: number; error?: string | undefined };
}

export interface CommandResult {
  status: 'completed' | 'failed';
  error?: string | undefined;
  selfTest?: SelfTestResult | undefined;
}

export interface BoothCommandDeps {
  db: Db;
  clock: () => number;
  /** Commands nobody collected (or finished) within this time become 'expired'. */
  commandTtlMs: number;
  /**
   * Tells the health state (this node's memory, or Redis for every node) that the booth has
   * commands pending, and its new maintenance flag if the command sets one.
   */
  noteRequested: (boothId: string, maintenance: boolean | null) => void | Promise<void>;
}

export function createBoothCommands({ db, clock, commandTtlMs, noteRequested }: BoothCommandDeps) {
  let lastExpiry = 0;

  async function deliverCommands(s: BoothState, at: number): Promise<{ id: string; kind: BoothCommandKind }[]> {
    s.hasPendingCommands = false;
    // One statement marks and returns: only the rows this beat moved from pending to delivered,
    // so two overlapping beats never hand out the same command twice.
    const delivered = await db
      .update(boothCommand)
      .set({ status: 'delivered', deliveredAt: new Date(at) })
      .where(and(eq(boothCommand.boothId, s.boothId), eq(boothCommand.status, 'pending')))
      .returning({ id: boothCommand.id, kind: boothCommand.kind, requestedAt: boothCommand.requestedAt });
    return delivered
      .sort((a, b) => a.requestedAt.getTime() - b.requestedAt.getTime() || a.id.localeCompare(b.id))
      .map(({ id, kind }) => ({ id, kind }));
  }

  /** Once a minute (called by the sweep): commands nobody collected or finished in time expire. */
  async function expire(at: number) {
    if (at - lastExpiry < 60_000) return;
    lastExpiry = at;
    await db
      .update(boothCommand)
      .set({ status: 'expired', completedAt: new Date(at) })
      .where(and(inArray(boothCommand.status, ['pending', 'delivered']), lt(boothCommand.requestedAt, new Date(at - commandTtlMs))));
  }

  return {
    deliverCommands,
    expire,

    async commands(actor: AccountPrincipal, boothId: string, limit = 20) {
      await boothWithin(db, actor, 'read:diagnostics', boothId);
      return db
        .select({
          id: boothCommand.id,
          kind: boothCommand.kind,
          status: boothCommand.status,
          requestedAt: boothCommand.requestedAt,
          deliveredAt: boothCommand.deliveredAt,
          completedAt: boothCommand.completedAt,
          result: boothCommand.result,
          requestedBy: schema.account.displayName,
        })
        .from(boothCommand)
        .innerJoin(schema.account, eq(schema.account.id, boothCommand.requestedBy))
        .where(eq(boothCommand.boothId, boothId))
        .orderBy(desc(boothCommand.requestedAt), desc(boothCommand.id))
        .limit(limit);
    },

    /** Staff ask a booth to do something; delivered with its next heartbeat. Audited. */
    async requestCommand(actor: AccountPrincipal, boothId: string, kind: BoothCommandKind, requestId?: string) {
      const row = await boothWithin(db, actor, 'write:diagnostics', boothId);
      // A reload, the maintenance screen or a self-test would cut a resident's call: refused while
      // the booth has a waiting or active session (the booth also holds them until it is idle).
      if (kind !== 'maintenance_off') {
        const live = await db.query.session.findFirst({
          where: and(eq(schema.session.boothId, boothId), inArray(schema.session.status, ['waiting', 'active'])),
          columns: { id: true },
        });
        if (live) throw boothInCall();
      }
      const at = new Date(clock());
      const id = randomUUID();
      const maintenance = kind === 'maintenance_on' ? true : kind === 'maintenance_off' ? false : null;
      await db.batch([
        db.insert(boothCommand).values({
          id,
          boothId,
          municipalityId: row.municipalityId,
          kind,
          status: 'pending',
          requestedBy: actor.accountId,
          requestedAt: at,
        }),
        // The server refuses calls at once; the booth shows its screen at its next beat.
        ...(maintenance === null ? [] : [db.update(booth).set({ maintenance }).where(eq(booth.id, boothId))]),
      ]);
      await noteRequested(boothId, maintenance);
      await recordAccountAudit(
        db,
        actor,
        {
          action: 'booth.command_requested',
          targetType: 'booth',
          targetId: boothId,
          municipalityId: row.municipalityId,
          requestId,
          detail: { kind, commandId: id },
        },
        at,
      );
      return (await db.query.boothCommand.findFirst({ where: eq(boothCommand.id, id) }))!;
    },

    /** The booth reports what a command did. Audited as the booth's own act. */
    async commandResult(principal: BoothPrincipal, commandId: string, result: CommandResult, requestId?: string) {
      const row = await db.query.boothCommand.findFirst({ where: eq(boothCommand.id, commandId) });
      if (!row || row.boothId !== principal.boothId) throw commandNotFound();
      const at = new Date(clock());
      const status: BoothCommandStatus = result.status;
      const updated = await db
        .update(boothCommand)
        .set({ status, completedAt: at, result: { ...result } as Record<string, unknown> })
        .where(and(eq(boothCommand.id, commandId), inArray(boothCommand.status, ['pending', 'delivered'])))
        .returning({ id: boothCommand.id });
      if (updated.length === 0) {
        throw new Problem(409, 'command_finished', {
          ja: 'このコマンドは既に完了または期限切れです。',
          en: 'This command has already finished or expired.',
        });
      }
      await recordAudit(
        db,
        {
          actorKind: 'booth',
          actorId: principal.boothId,
          action: `booth.command_${status}`,
          targetType: 'booth_command',
          targetId: commandId,
          municipalityId: row.municipalityId,
          requestId,
          detail: { kind: row.kind, ...(result.error ? { error: result.error } : {}) },
        },
        at,
      );
      return { id: commandId, status };
    },
  };
}
