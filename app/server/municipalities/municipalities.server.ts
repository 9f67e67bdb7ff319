import { randomUUID } from 'node:crypto';
import { type ConsentKind, type Db, type EligibilityQuestion, type LocalizedText, type Procedure, schema } from '@madoguchi/db';
import { and, eq, inArray, max } from 'drizzle-orm';
import { checkWebhookUrl, webhookUrlMessages } from '../../domain/network-address';
import type { Reach } from '../../domain/permissions';
import { municipalityIn, readableMunicipalities, requirePermission, requireWithin } from '../auth/authorize.server';
import type { AccountPrincipal } from '../auth/login.server';
import { newestFirst } from '../platform/pagination';
import { Problem } from '../platform/problems';
import { recordAccountAudit } from '../records/audit.server';

const { municipality, consentDocument } = schema;

export const municipalityNotFound = () =>
  new Problem(404, 'municipality_not_found', { ja: '指定された自治体は存在しません。', en: 'No such municipality.' });

/**
 * The municipality a new record names must exist and be within the caller's reach, checked before
 * the insert: a foreign-key failure would be a 500 whose error carries the insert's values.
 * `outOfReach` is what the caller's route answers for another town (404, or 403 where it always has).
 */
export async function requireMunicipality(db: Db, reach: Reach, id: string, outOfReach: () => Problem = municipalityNotFound) {
  requireWithin(reach, id, outOfReach);
  const row = await db.query.municipality.findFirst({ columns: { id: true }, where: eq(municipality.id, id) });
  if (!row) throw municipalityNotFound();
}

export interface MunicipalityInput {
  code: string;
  name: string;
  procedures: Procedure[];
  eligibility: Partial<Record<Procedure, EligibilityQuestion[]>>;
  counterGuidance?: LocalizedText | null;
  alertWebhookUrl?: string | null;
  outageAlertMinutes?: number;
  listenInAllowed?: boolean;
  listenInNotice?: boolean;
  /** Seconds before the operator is told no interpreter was found (15–600); null: the server's default. */
  interpreterWaitSeconds?: number | null;
}

/** An alert webhook URL the server would refuse to send to is refused when it is saved. */
function requireWebhookUrl(url: string | null | undefined, httpsOnly: boolean) {
  if (url === null || url === undefined) return;
  const checked = checkWebhookUrl(url, { httpsOnly });
  if (checked.ok) return;
  const messages = webhookUrlMessages[checked.reason];
  throw new Problem(400, 'webhook_url_refused', messages, [{ path: 'alertWebhookUrl', message: `${messages.ja} / ${messages.en}` }]);
}

/** `httpsOnlyWebhooks`: PUBLIC_ORIGIN is https, so alert webhooks must be https too. */
export function createMunicipalityService(db: Db, { httpsOnlyWebhooks = false }: { httpsOnlyWebhooks?: boolean } = {}) {
  async function load(id: string) {
    const row = await db.query.municipality.findFirst({ where: eq(municipality.id, id) });
    if (!row) throw municipalityNotFound();
    return row;
  }

  async function currentConsent(municipalityId: string) {
    const rows = await db
      .select()
      .from(consentDocument)
      .where(
        and(
          eq(consentDocument.municipalityId, municipalityId),
          inArray(
            consentDocument.version,
            db
              .select({ v: max(consentDocument.version) })
              .from(consentDocument)
              .where(eq(consentDocument.municipalityId, municipalityId))
              .groupBy(consentDocument.kind),
          ),
        ),
      );
    const pick = (kind: ConsentKind) => rows.filter((r) => r.kind === kind).sort((a, b) => b.version - a.version)[0] ?? null;
    return { terms: pick('terms'), privacy: pick('privacy') };
  }

  return {
    async list(actor: AccountPrincipal, page: { limit: number; cursor?: string | undefined }) {
      const ids = readableMunicipalities(actor, 'read:municipality');
      return newestFirst(db, municipality, 'createdAt', page, municipalityIn(ids, municipality.id));
    },

    async get(actor: AccountPrincipal, id: string) {
      requireWithin(requirePermission(actor, 'read:municipality'), id, municipalityNotFound);
      return load(id);
    },

    async create(actor: AccountPrincipal, input: MunicipalityInput, requestId?: string) {
      requirePermission(actor, 'write:municipality');
      requireWebhookUrl(input.alertWebhookUrl, httpsOnlyWebhooks);
      const existing = await db.query.municipality.findFirst({ where: eq(municipality.code, input.code) });
      if (existing) {
        throw new Problem(409, 'municipality_code_taken', {
          ja: `団体コード ${input.code} の自治体は既に登録されています。`,
          en: `A municipality with code ${input.code} already exists.`,
        });
      }
      const row = { id: randomUUID(), ...input };
      await db.insert(municipality).values(row);
      await recordAccountAudit(db, actor, {
        action: 'municipality.created',
        targetType: 'municipality',
        targetId: row.id,
        municipalityId: row.id,
        requestId,
      });
      return load(row.id);
    },

    async update(actor: AccountPrincipal, id: string, patch: Partial<Omit<MunicipalityInput, 'code'>>, requestId?: string) {
      requireWithin(requirePermission(actor, 'write:municipality'), id, municipalityNotFound);
      requireWebhookUrl(patch.alertWebhookUrl, httpsOnlyWebhooks);
      await load(id);
      await db.update(municipality).set(patch).where(eq(municipality.id, id));
      await recordAccountAudit(db, actor, {
        action: 'municipality.updated',
        targetType: 'municipality',
        targetId: id,
        municipalityId: id,
        requestId,
        detail: { fields: Object.keys(patch).join(',') },
      });
      return load(id);
    },

    /** The current terms and privacy policy (for booths: before every call). */
    currentConsent,

    async consentFor(actor: AccountPrincipal, id: string) {
      requireWithin(requirePermission(actor, 'read:consent'), id, municipalityNotFound);
      await load(id);
      return currentConsent(id);
    },

    /** Publishes a new version; earlier versions stay, as sessions record which one was accepted. */
    async publishConsent(actor: AccountPrincipal, id: string, kind: ConsentKind, texts: LocalizedText, requestId?: string) {
      requireWithin(requirePermission(actor, 'write:consent'), id, municipalityNotFound);
      await load(id);
      const [latest] = await db
        .select({ v: max(consentDocument.version) })
        .from(consentDocument)
        .where(and(eq(consentDocument.municipalityId, id), eq(consentDocument.kind, kind)));
      const row: typeof consentDocument.$inferSelect = {
        id: randomUUID(),
        municipalityId: id,
        kind,
        version: (latest?.v ?? 0) + 1,
        texts,
        publishedAt: new Date(),
        publishedBy: actor.accountId,
      };
      await db.insert(consentDocument).values(row);
      await recordAccountAudit(db, actor, {
        action: 'consent.published',
        targetType: 'consent_document',
        targetId: row.id,
        municipalityId: id,
        requestId,
        detail: { kind, version: row.version },
      });
      return row;
    },
  };
}

export type MunicipalityService = ReturnType<typeof createMunicipalityService>;
