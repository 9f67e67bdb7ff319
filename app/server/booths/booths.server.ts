import { randomUUID } from 'node:crypto';
import { type BoothKind, type Db, schema } from '@madoguchi/db';
import { eq } from 'drizzle-orm';
import { type OpeningCalendar as Calendar, CLOSED_CALENDAR, currentOpening, nextOpening, OpeningCalendar } from '../../domain/calendar';
import { municipalityIn, readableMunicipalities, requirePermission, requireWithin } from '../auth/authorize.server';
import type { AccountPrincipal } from '../auth/login.server';
import { municipalityNotFound } from '../municipalities/municipalities.server';
import { requireFreeText } from '../platform/free-text.server';
import { matching, newestFirst } from '../platform/pagination';
import { Problem } from '../platform/problems';
import { recordAccountAudit } from '../records/audit.server';
import { newDeviceCredential } from './device-credentials.server';

const { booth, municipality } = schema;

export const boothNotFound = () => new Problem(404, 'booth_not_found', { ja: '指定されたブースは存在しません。', en: 'No such booth.' });

/** A booth the actor may act on with `need` (diagnostics, commands), or 404 as if it did not exist. */
export async function boothWithin(db: Db, actor: AccountPrincipal, need: 'read:diagnostics' | 'write:diagnostics', boothId: string) {
  const reach = requirePermission(actor, need);
  const row = await db.query.booth.findFirst({ where: eq(booth.id, boothId) });
  if (!row) throw boothNotFound();
  requireWithin(reach, row.municipalityId, boothNotFound);
  return row;
}

/** A booth without a valid calendar is treated as closed. */
export function calendarOf(row: { calendar: unknown }): Calendar {
  const parsed = OpeningCalendar.safeParse(row.calendar);
  return parsed.success ? parsed.data : CLOSED_CALENDAR;
}

/** Open now, the current opening, and the next one — what the booth shows and staff see. */
export function openingState(calendar: Calendar, at: Date) {
  const current = currentOpening(calendar, at);
  return { open: current !== null, currentUntil: current?.end ?? null, nextOpening: nextOpening(calendar, at) };
}

type OpeningState = ReturnType<typeof openingState>;
const OPENING_CACHE_MS = 60_000;
const openingCache = new Map<string, { from: number; until: number; state: OpeningState }>();

/**
 * openingState, remembered per calendar until its next boundary (the current opening's end or the
 * next opening) and at most a minute: the state cannot change in between. Booths call GET /me and
 * POST /sessions often, and a booth open around the clock makes every fresh answer walk
 * SEARCH_DAYS days of calendar.
 */
export function cachedOpeningState(calendar: Calendar, at: Date): OpeningState {
  const key = JSON.stringify(calendar);
  const t = at.getTime();
  const hit = openingCache.get(key);
  if (hit && hit.from <= t && t < hit.until) return hit.state;
  const state = openingState(calendar, at);
  const boundary = (state.open ? state.currentUntil : state.nextOpening)?.getTime() ?? Number.POSITIVE_INFINITY;
  if (openingCache.size >= 10_000) openingCache.clear();
  openingCache.set(key, { from: t, until: Math.min(boundary, t + OPENING_CACHE_MS), state });
  return state;
}

export interface BoothInput {
  municipalityId: string;
  name: string;
  kind: BoothKind;
  location: string;
  calendar?: Calendar | undefined;
}

/** `onChanged`: told after a booth's name, state or calendar changed (caches of it are dropped). */
export function createBoothService(db: Db, onCredentialChange: () => void, onChanged: (boothId: string) => void = () => undefined) {
  async function load(id: string) {
    const row = await db.query.booth.findFirst({ where: eq(booth.id, id) });
    if (!row) throw boothNotFound();
    return row;
  }

  async function loadWithin(actor: AccountPrincipal, need: Parameters<typeof requirePermission>[1], id: string) {
    const reach = requirePermission(actor, need);
    const row = await load(id);
    requireWithin(reach, row.municipalityId, boothNotFound);
    return row;
  }

  const audit = (
    actor: AccountPrincipal,
    action: string,
    row: { id: string; municipalityId: string },
    requestId?: string,
    detail?: Record<string, string>,
  ) =>
    recordAccountAudit(db, actor, {
      action,
      targetType: 'booth',
      targetId: row.id,
      municipalityId: row.municipalityId,
      requestId,
      ...(detail ? { detail } : {}),
    });

  return {
    async list(actor: AccountPrincipal, page: { limit: number; cursor?: string | undefined; municipalityId?: string | undefined }) {
      const ids = readableMunicipalities(actor, 'read:booth');
      return newestFirst(
        db,
        booth,
        'createdAt',
        page,
        municipalityIn(ids, booth.municipalityId),
        ...matching(booth, { municipalityId: page.municipalityId }),
      );
    },

    get: (actor: AccountPrincipal, id: string) => loadWithin(actor, 'read:booth', id),

    /** Creates a booth and its device credential, which is returned this once and never again. */
    async provision(actor: AccountPrincipal, input: BoothInput, requestId?: string) {
      requireWithin(requirePermission(actor, 'provision:booth'), input.municipalityId, municipalityNotFound);
      requireFreeText({ 'booth.name': input.name, 'booth.location': input.location });
      const owner = await db.query.municipality.findFirst({ where: eq(municipality.id, input.municipalityId) });
      if (!owner) throw municipalityNotFound();
      const { credential, credentialHash } = newDeviceCredential();
      const row = {
        id: randomUUID(),
        municipalityId: input.municipalityId,
        name: input.name,
        kind: input.kind,
        location: input.location,
        calendar: input.calendar ?? CLOSED_CALENDAR,
        credentialHash,
        credentialIssuedAt: new Date(),
      };
      await db.insert(booth).values(row);
      await audit(actor, 'booth.provisioned', row, requestId);
      return { booth: await load(row.id), credential };
    },

    async update(
      actor: AccountPrincipal,
      id: string,
      patch: Partial<Pick<BoothInput, 'name' | 'kind' | 'location'>> & { enabled?: boolean | undefined },
      requestId?: string,
    ) {
      const row = await loadWithin(actor, 'write:booth', id);
      requireFreeText({ 'booth.name': patch.name, 'booth.location': patch.location });
      await db.update(booth).set(patch).where(eq(booth.id, id));
      if (patch.enabled === false) onCredentialChange();
      onChanged(id);
      await audit(actor, 'booth.updated', row, requestId, { fields: Object.keys(patch).join(',') });
      return load(id);
    },

    async setCalendar(actor: AccountPrincipal, id: string, calendar: Calendar, requestId?: string) {
      const row = await loadWithin(actor, 'write:calendar', id);
      await db.update(booth).set({ calendar }).where(eq(booth.id, id));
      onChanged(id);
      await audit(actor, 'booth.calendar_changed', row, requestId);
      return load(id);
    },

    /** Issues a new credential (the old one stops working at once on this node). */
    async issueCredential(actor: AccountPrincipal, id: string, requestId?: string) {
      const row = await loadWithin(actor, 'provision:booth', id);
      const { credential, credentialHash } = newDeviceCredential();
      await db.update(booth).set({ credentialHash, credentialIssuedAt: new Date() }).where(eq(booth.id, id));
      onCredentialChange();
      await audit(actor, 'booth.credential_issued', row, requestId);
      return { booth: await load(id), credential };
    },

    async revokeCredential(actor: AccountPrincipal, id: string, requestId?: string) {
      const row = await loadWithin(actor, 'provision:booth', id);
      await db.update(booth).set({ credentialHash: null, credentialIssuedAt: null }).where(eq(booth.id, id));
      onCredentialChange();
      await audit(actor, 'booth.credential_revoked', row, requestId);
      return load(id);
    },

    async opening(actor: AccountPrincipal, id: string, at: Date) {
      const row = await loadWithin(actor, 'read:booth', id);
      return openingState(calendarOf(row), at);
    },
  };
}

export type BoothService = ReturnType<typeof createBoothService>;
