import { randomUUID } from 'node:crypto';
import { type Db, type Language, type Procedure, type Role, schema } from '@madoguchi/db';
import { and, desc, eq, gt, inArray, sql } from 'drizzle-orm';
import { afterCursor, decodeCursor, toPage } from '../platform/pagination';
import { Problem } from '../platform/problems';
import { recordAccountAudit } from '../records/audit.server';
import { readableMunicipalities, requirePermission } from './authorize.server';
import type { AccountPrincipal } from './login.server';
import { hashPassword } from './passwords.server';

const { account, accountMunicipality, loginThrottle, municipality } = schema;

export const accountNotFound = () =>
  new Problem(404, 'account_not_found', { ja: '指定されたアカウントは存在しません。', en: 'No such account.' });

export interface AccountInput {
  loginId: string;
  password: string;
  displayName: string;
  role: Role;
  municipalityIds: string[];
  languages: Language[];
  procedures: Procedure[];
}

export type AccountPatch = Partial<Omit<AccountInput, 'loginId'>> & { disabled?: boolean | undefined; unlock?: boolean | undefined };

/** What administrators see of an account: never the hashes or the TOTP secret. */
async function present(db: Db, id: string) {
  const row = await db.query.account.findFirst({ where: eq(account.id, id), with: { municipalities: true } });
  if (!row) throw accountNotFound();
  // Locks are per login id and address prefix (login-throttle.server.ts): the latest one that names this account.
  const [lock] = await db
    .select({ until: sql`max(${loginThrottle.lockedUntil})`.mapWith(loginThrottle.lockedUntil) })
    .from(loginThrottle)
    .where(and(eq(loginThrottle.accountId, id), gt(loginThrottle.lockedUntil, new Date())));
  return {
    id: row.id,
    loginId: row.loginId,
    displayName: row.displayName,
    role: row.role,
    municipalityIds: row.municipalities.map((m) => m.municipalityId),
    languages: row.languages,
    procedures: row.procedures,
    disabled: row.disabled,
    lockedUntil: lock?.until ?? null,
    totpEnabled: row.totpSecret !== null,
    createdAt: row.createdAt,
  };
}
export type AccountView = Awaited<ReturnType<typeof present>>;

/** `onChanged`: told after an account was edited (the live queue refreshes what the operator serves). */
export function createAccountAdminService(db: Db, onChanged: (accountId: string) => Promise<void> = async () => undefined) {
  async function requireMunicipalitiesExist(ids: string[]) {
    if (ids.length === 0) return;
    const found = await db.select({ id: municipality.id }).from(municipality).where(inArray(municipality.id, ids));
    if (found.length !== new Set(ids).size) {
      throw new Problem(400, 'unknown_municipality', {
        ja: '存在しない自治体が指定されています。',
        en: 'A municipality given does not exist.',
      });
    }
  }

  const audit = (actor: AccountPrincipal, action: string, targetId: string, requestId?: string, detail?: Record<string, string>) =>
    recordAccountAudit(db, actor, {
      action,
      targetType: 'account',
      targetId,
      municipalityId: null,
      requestId,
      ...(detail ? { detail } : {}),
    });

  return {
    async list(actor: AccountPrincipal, page: { limit: number; cursor?: string | undefined }) {
      const ids = readableMunicipalities(actor, 'read:account');
      const cursor = decodeCursor(page.cursor);
      const rows = await db
        .select({ id: account.id, createdAt: account.createdAt })
        .from(account)
        .where(
          and(
            ids
              ? inArray(
                  account.id,
                  db
                    .select({ id: accountMunicipality.accountId })
                    .from(accountMunicipality)
                    .where(inArray(accountMunicipality.municipalityId, [...ids])),
                )
              : undefined,
            afterCursor(cursor, account.createdAt, account.id),
          ),
        )
        .orderBy(desc(account.createdAt), desc(account.id))
        .limit(page.limit + 1);
      const pageOfIds = toPage(rows, page.limit, (r) => [r.createdAt, r.id]);
      return { items: await Promise.all(pageOfIds.items.map((r) => present(db, r.id))), nextCursor: pageOfIds.nextCursor };
    },

    async get(actor: AccountPrincipal, id: string) {
      requirePermission(actor, 'read:account');
      return present(db, id);
    },

    async create(actor: AccountPrincipal, input: AccountInput, requestId?: string) {
      requirePermission(actor, 'write:account');
      if (await db.query.account.findFirst({ where: eq(account.loginId, input.loginId) })) {
        throw new Problem(409, 'login_id_taken', { ja: 'そのログイン ID は既に使われています。', en: 'That login ID is taken.' });
      }
      await requireMunicipalitiesExist(input.municipalityIds);
      const id = randomUUID();
      await db.batch([
        db.insert(account).values({
          id,
          loginId: input.loginId,
          passwordHash: await hashPassword(input.password),
          displayName: input.displayName,
          role: input.role,
          languages: input.languages,
          procedures: input.procedures,
        }),
        ...input.municipalityIds.map((municipalityId) => db.insert(accountMunicipality).values({ accountId: id, municipalityId })),
      ]);
      await audit(actor, 'account.created', id, requestId, { role: input.role });
      return present(db, id);
    },

    async update(actor: AccountPrincipal, id: string, patch: AccountPatch, requestId?: string) {
      requirePermission(actor, 'write:account');
      await present(db, id);
      if (patch.municipalityIds) await requireMunicipalitiesExist(patch.municipalityIds);
      if (id === actor.accountId && (patch.disabled || (patch.role && patch.role !== 'admin'))) {
        throw new Problem(409, 'cannot_demote_self', {
          ja: '自分自身の無効化や権限の変更はできません。別の管理者に依頼してください。',
          en: 'You cannot disable or demote yourself. Ask another administrator.',
        });
      }
      const { municipalityIds, password, unlock, ...fields } = patch;
      const set = {
        ...fields,
        // A new password ends every login of that account.
        ...(password ? { passwordHash: await hashPassword(password), sessionVersion: sql`${account.sessionVersion} + 1` } : {}),
      };
      await db.batch([
        // A patch of municipalities alone has no column of the account itself to set.
        Object.keys(set).length > 0
          ? db.update(account).set(set).where(eq(account.id, id))
          : db.select({ id: account.id }).from(account).where(eq(account.id, id)),
        ...(municipalityIds
          ? [
              db.delete(accountMunicipality).where(eq(accountMunicipality.accountId, id)),
              ...municipalityIds.map((municipalityId) => db.insert(accountMunicipality).values({ accountId: id, municipalityId })),
            ]
          : []),
        ...(unlock ? [db.delete(loginThrottle).where(eq(loginThrottle.accountId, id))] : []),
      ]);
      await audit(actor, 'account.updated', id, requestId, {
        fields: Object.keys(patch)
          .filter((k) => k !== 'password')
          .concat(password ? ['password'] : [])
          .join(','),
      });
      await onChanged(id);
      return present(db, id);
    },
  };
}

export type AccountAdminService = ReturnType<typeof createAccountAdminService>;
