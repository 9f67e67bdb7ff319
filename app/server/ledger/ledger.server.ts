/**
 * The personal-data ledger (個人情報取扱台帳, decision 0012) as staff read it: a page of entries for
 * the API, one municipality's period for the staff page, and the same period as a CSV for Excel.
 * Entries are written where the act happens (photos.server.ts); reading them is audited.
 */

import { type Db, schema } from '@madoguchi/db';
import { and, asc, eq, gt, gte, inArray, lt, lte, or, sql } from 'drizzle-orm';
import { isValidLocalDate, jstInstant } from '../../domain/calendar';
import { csvCell } from '../../domain/csv';
import { DAY_MS, localDateTime } from '../../domain/japan-time';
import { actorKindLabels, dataKindLabels, ledgerActionLabels, ledgerHeader } from '../../domain/ledger';
import { municipalityIn, readableMunicipalities, requirePermission, requireWithin } from '../auth/authorize.server';
import type { AccountPrincipal } from '../auth/login.server';
import { municipalityNotFound } from '../municipalities/municipalities.server';
import { newestFirst, type Page, type Period } from '../platform/pagination';
import { Problem } from '../platform/problems';
import { recordAccountAudit } from '../records/audit.server';

const { personalDataLedger, account, booth } = schema;

/** Ledger entries read per query while the CSV export streams. */
const LEDGER_EXPORT_BATCH = 2_000;
/** A ledger entry's place in (time, id) order: where the next batch starts. */
type LedgerKey = { at: Date; id: number };

export const ledgerProblems = {
  badPeriod: () =>
    new Problem(400, 'invalid_period', {
      ja: '期間が正しくありません（開始日 ≦ 終了日、366 日以内）。',
      en: 'The period is invalid (from ≤ to, at most 366 days).',
    }),
};

/** Reach and period of a ledger request: the municipality must be in reach, the period 1–366 Japan-time days. */
function ledgerPeriod(actor: AccountPrincipal, q: LedgerQuery) {
  const reach = requirePermission(actor, 'read:ledger');
  requireWithin(reach, q.municipalityId, municipalityNotFound);
  if (!isValidLocalDate(q.from) || !isValidLocalDate(q.to)) throw ledgerProblems.badPeriod();
  const start = jstInstant(q.from, '00:00');
  const end = jstInstant(q.to, '24:00');
  if (end <= start || end.getTime() - start.getTime() > 366 * DAY_MS) throw ledgerProblems.badPeriod();
  return { start, end };
}

/** A municipality and a period of Japan-time days, YYYY-MM-DD, both included. */
export interface LedgerQuery {
  municipalityId: string;
  from: string;
  to: string;
}

export interface LedgerServiceDeps {
  db: Db;
  onError?: (error: unknown, message: string) => void;
}

export function createLedgerService({ db, onError }: LedgerServiceDeps) {
  return {
    async list(actor: AccountPrincipal, q: Page & Period, requestId?: string) {
      const ids = readableMunicipalities(actor, 'read:ledger');
      const page = await newestFirst(db, personalDataLedger, 'at', q, municipalityIn(ids, personalDataLedger.municipalityId));
      // Reading the ledger is itself recorded.
      await recordAccountAudit(db, actor, {
        action: 'ledger.read',
        targetType: 'personal_data_ledger',
        targetId: null,
        municipalityId: ids?.length === 1 ? ids[0]! : null,
        requestId,
      });
      return page;
    },

    /**
     * The ledger of one municipality for a period of Japan-time days (from and to included),
     * oldest first, with who acted: an account's or booth's name, or the system. Keyset-paged:
     * `after` is the last entry of the previous batch; `upToId` leaves out entries written since.
     */
    async entries(actor: AccountPrincipal, q: LedgerQuery, limit: number, page: { after?: LedgerKey; upToId?: number } = {}) {
      const { after, upToId } = page;
      const { start, end } = ledgerPeriod(actor, q);
      const rows = await db
        .select({ entry: personalDataLedger, accountName: account.displayName, boothName: booth.name })
        .from(personalDataLedger)
        .leftJoin(account, and(inArray(personalDataLedger.actorKind, ['operator', 'account']), eq(account.id, personalDataLedger.actorId)))
        .leftJoin(booth, and(eq(personalDataLedger.actorKind, 'booth'), eq(booth.id, personalDataLedger.actorId)))
        .where(
          and(
            eq(personalDataLedger.municipalityId, q.municipalityId),
            gte(personalDataLedger.at, start),
            lt(personalDataLedger.at, end),
            after
              ? or(gt(personalDataLedger.at, after.at), and(eq(personalDataLedger.at, after.at), gt(personalDataLedger.id, after.id)))
              : undefined,
            upToId === undefined ? undefined : lte(personalDataLedger.id, upToId),
          ),
        )
        .orderBy(asc(personalDataLedger.at), asc(personalDataLedger.id))
        .limit(limit);
      return rows.map(({ entry, accountName, boothName }) => ({
        ...entry,
        actorName:
          entry.actorKind === 'system'
            ? 'システム（自動削除）'
            : `${accountName ?? boothName ?? ''}${entry.actorId ? ` (${entry.actorId})` : ''}`,
      }));
    },

    /** The entries for the staff page (at most `limit`; the CSV has them all); reading is audited. */
    async view(actor: AccountPrincipal, q: LedgerQuery, requestId?: string, limit = 500) {
      const rows = await this.entries(actor, q, limit + 1);
      await recordAccountAudit(db, actor, {
        action: 'ledger.read',
        targetType: 'personal_data_ledger',
        targetId: null,
        municipalityId: q.municipalityId,
        requestId,
      });
      return { entries: rows.slice(0, limit), more: rows.length > limit };
    },

    /**
     * The same as CSV for Excel (UTF-8 with BOM, CRLF, Japanese header), every entry of the period
     * however many: read in batches of `batchSize` and handed out piece by piece, so a year of a
     * large city's ledger never sits in memory at once. The file is the ledger as it stood when the
     * export began (entries written meanwhile are left out). Reach and period are checked, and the
     * export audited, before the first piece; its end is audited too, with the rows written and
     * whether the file was finished. A read that fails midway is reported and fails the stream (the
     * download breaks off) rather than ending a file that looks complete.
     */
    async csv(
      actor: AccountPrincipal,
      q: LedgerQuery,
      requestId?: string,
      batchSize = LEDGER_EXPORT_BATCH,
    ): Promise<AsyncIterable<string>> {
      ledgerPeriod(actor, q);
      const audit = (action: string, detail: Record<string, string | number | boolean>) =>
        recordAccountAudit(db, actor, {
          action,
          targetType: 'personal_data_ledger',
          targetId: null,
          municipalityId: q.municipalityId,
          requestId,
          detail: { from: q.from, to: q.to, ...detail },
        });
      const [last] = await db.select({ id: sql<number | null>`max(${personalDataLedger.id})` }).from(personalDataLedger);
      const upToId = last?.id ?? 0;
      await audit('ledger.export', {});
      const entries = (after?: LedgerKey) => this.entries(actor, q, batchSize, { after, upToId });
      const line = (cells: string[]) => `${cells.map(csvCell).join(',')}\r\n`;
      return (async function* csv() {
        let rows = 0;
        let finished = false;
        try {
          yield `\uFEFF${line(ledgerHeader)}`;
          let after: LedgerKey | undefined;
          for (;;) {
            const batch = await entries(after);
            if (batch.length > 0) {
              // Counted as handed to the response, even if the client goes away while it is sent.
              rows += batch.length;
              yield batch
                .map((entry) =>
                  line([
                    localDateTime(entry.at),
                    ledgerActionLabels[entry.action],
                    dataKindLabels[entry.dataKind] ?? entry.dataKind,
                    entry.itemId,
                    entry.sessionId ?? '',
                    actorKindLabels[entry.actorKind],
                    entry.actorName,
                  ]),
                )
                .join('');
            }
            if (batch.length < batchSize) break;
            const lastEntry = batch[batch.length - 1]!;
            after = { at: lastEntry.at, id: lastEntry.id };
          }
          finished = true;
        } catch (error) {
          onError?.(error, `ledger export failed after ${rows} rows${requestId ? ` (request ${requestId})` : ''}`);
          throw error;
        } finally {
          // Also when the client went away (the stream was cancelled): the file was not finished.
          await audit('ledger.export_ended', { rows, finished }).catch((error: unknown) =>
            onError?.(error, 'could not audit the end of a ledger export'),
          );
        }
      })();
    },
  };
}

export type LedgerService = ReturnType<typeof createLedgerService>;
