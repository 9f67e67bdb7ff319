/**
 * The authorisation matrix: every API route × every kind of caller, against the real API on a
 * real libSQL file. A caller either gets through (2xx) or is refused (401/403/404); a refused
 * write changes no table; a list never returns another municipality's records.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { weekdayCalendar } from '../domain/calendar';
import { siteKeyOf } from '../domain/reservations/sites';
import { addDays, weekStartOf } from '../domain/staffing/shifts';
import { passingChecks } from '../test/photo/fixtures';
import { bodyOf, createTestApp, type TestApp } from '../test/test-context';

type Caller = 'anonymous' | 'boothA' | 'boothB' | 'operatorA' | 'staffA' | 'staffB' | 'supervisor' | 'admin' | 'interpreter';
const callers: Caller[] = ['anonymous', 'boothA', 'boothB', 'operatorA', 'staffA', 'staffB', 'supervisor', 'admin', 'interpreter'];
const people: Caller[] = ['operatorA', 'staffA', 'staffB', 'supervisor', 'admin'];
const loginOf: Partial<Record<Caller, string>> = {
  operatorA: 'op-a',
  staffA: 'staff-a',
  staffB: 'staff-b',
  supervisor: 'supervisor',
  admin: 'admin',
  interpreter: 'int-a',
};

let t: TestApp;
const headers: Record<Caller, Record<string, string>> = {} as never;

interface Request {
  method: string;
  path: string;
  body?: unknown;
}
interface Case {
  name: string;
  /** Callers that get through; everyone else must be refused. */
  allowed: Caller[];
  /** Builds a fresh target in town A (so one caller's write cannot spoil the next case). */
  request: () => Promise<Request>;
  /** For lists: where each item says which municipality it belongs to. */
  municipalityOf?: (item: Record<string, unknown>) => string;
  /** Statuses that count as getting through (default: 2xx). */
  through?: number[];
  /** A never-ending stream (SSE): check the status, then hang up. */
  stream?: boolean;
}

async function admin() {
  return t.principal('admin');
}
async function newBoothA() {
  const { booth } = await t.ctx.booths.provision(await admin(), {
    municipalityId: t.municipalityA.municipalityId,
    name: 'matrix booth',
    kind: 'mall',
    location: '',
  });
  return booth.id;
}
async function newSessionA() {
  // Someone must be on duty for a call to be taken (an earlier case may have put op-a on a break); on a call is on duty too.
  await t.ctx.queue.setStatus(await t.principal('op-a'), 'available').catch(() => undefined);
  const response = await t.booth(t.municipalityA.boothCredential).v1.booth.sessions.$post({ json: {} });
  return (await bodyOf(response, 201)).sessionId;
}
async function newIncidentA(status: 'open' | 'escalated' = 'open') {
  const a = await admin();
  const row = await t.ctx.records.reportIncident(a, {
    municipalityId: t.municipalityA.municipalityId,
    kind: 'incident',
    severity: 'low',
    summary: 'カメラ映像が途切れた',
  });
  if (status === 'escalated') await t.ctx.records.changeIncident(a, row.id, 'escalate', { notified: '住民課 担当係長' });
  return row.id;
}

/** Reservations: a fresh slot each time (a town takes one reservation per slot by default). */
let slotCounter = 0;
const reservationDay = () => new Date(Date.now() + 9 * 3_600_000 + 86_400_000).toISOString().slice(0, 10);
async function freeSlot(code: string) {
  const n = slotCounter++;
  const day = addDays(reservationDay(), Math.floor(n / 40));
  const response = await t.api.request(`/v1/public/municipalities/${code}/reservation-slots?from=${day}&days=1`);
  const { sites } = z
    .object({ sites: z.array(z.object({ key: z.string(), days: z.array(z.object({ slots: z.array(z.object({ start: z.string() })) })) })) })
    .parse(await response.json());
  const site = sites.find((s) => s.days[0]!.slots.length > 40)!;
  return { siteKey: site.key, slotStart: site.days[0]!.slots[n % 40]!.start };
}
/** A free slot at town A's booth's site (its location is set to 1F below): what its walk-in is offered. */
async function freeSlotAtBoothA() {
  const siteKey = siteKeyOf({ id: t.municipalityA.boothId, location: '1F' });
  const n = slotCounter++;
  const day = addDays(reservationDay(), Math.floor(n / 40));
  const response = await t.api.request(`/v1/public/municipalities/243248/reservation-slots?from=${day}&days=1&site=${siteKey}`);
  const { sites } = z
    .object({ sites: z.array(z.object({ days: z.array(z.object({ slots: z.array(z.object({ start: z.string() })) })) })) })
    .parse(await response.json());
  return { siteKey, slotStart: sites[0]!.days[0]!.slots[n % 40]!.start };
}
async function newReservation(code = '243248') {
  const response = await t.api.request(`/v1/public/municipalities/${code}/reservations`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ ...(await freeSlot(code)), procedure: 'renewal', language: 'ja' }),
  });
  expect(response.status).toBe(201);
  const body = (await response.json()) as { code: string };
  const row = await t.ctx.reservations.byCode(body.code);
  return { code: body.code, id: row!.id };
}

const A = () => t.municipalityA.municipalityId;
const byMunicipalityId = (item: Record<string, unknown>) => String(item.municipalityId);

const cases: Case[] = [
  // LiveKit is not running here, so health answers 503: an answer, not a refusal.
  { name: 'GET /health', allowed: callers, request: async () => ({ method: 'GET', path: '/health' }), through: [200, 503] },
  { name: 'GET /v1/openapi.json', allowed: callers, request: async () => ({ method: 'GET', path: '/v1/openapi.json' }) },
  { name: 'GET /v1/reference', allowed: callers, request: async () => ({ method: 'GET', path: '/v1/reference' }) },
  {
    name: 'POST /livekit/webhook (unsigned)',
    allowed: [],
    request: async () => ({ method: 'POST', path: '/livekit/webhook', body: { id: 'x', event: 'room_started' } }),
  },
  { name: 'GET /v1/booth/me', allowed: ['boothA', 'boothB'], request: async () => ({ method: 'GET', path: '/v1/booth/me' }) },
  { name: 'POST /v1/booth/sessions', allowed: ['boothA', 'boothB'], request: async () => ({ method: 'POST', path: '/v1/booth/sessions' }) },
  {
    name: 'POST /v1/booth/sessions/{A}/events',
    allowed: ['boothA'],
    request: async () => ({
      method: 'POST',
      path: `/v1/booth/sessions/${await newSessionA()}/events`,
      body: { type: 'connected', clientId: crypto.randomUUID(), occurredAt: new Date().toISOString(), sentAt: new Date().toISOString() },
    }),
  },
  {
    name: 'POST /v1/booth/sessions/{A}/end',
    allowed: ['boothA'],
    request: async () => ({ method: 'POST', path: `/v1/booth/sessions/${await newSessionA()}/end` }),
  },

  {
    name: 'POST /v1/booth/referrals',
    allowed: ['boothA', 'boothB'],
    request: async () => ({
      method: 'POST',
      path: '/v1/booth/referrals',
      body: { procedure: 'renewal', language: 'ja', questionId: 'has-form' },
    }),
  },
  {
    name: 'GET /v1/booth/sessions/{A}/queue',
    allowed: ['boothA'],
    request: async () => ({ method: 'GET', path: `/v1/booth/sessions/${await newSessionA()}/queue` }),
  },
  {
    name: 'POST /v1/booth/sessions/{A}/cancel',
    allowed: ['boothA'],
    request: async () => ({ method: 'POST', path: `/v1/booth/sessions/${await newSessionA()}/cancel` }),
  },

  {
    name: 'GET /v1/console/stream',
    allowed: ['operatorA', 'supervisor', 'admin'],
    request: async () => ({ method: 'GET', path: '/v1/console/stream' }),
    stream: true,
  },
  {
    name: 'PUT /v1/console/status',
    allowed: ['operatorA', 'supervisor', 'admin'],
    request: async () => ({ method: 'PUT', path: '/v1/console/status', body: { status: 'break' } }),
  },
  // Nobody here has a call ringing: those allowed get past authorisation and meet a conflict.
  {
    name: 'POST /v1/console/offers/{A}/accept',
    allowed: ['operatorA', 'supervisor', 'admin'],
    through: [200, 409],
    request: async () => ({ method: 'POST', path: `/v1/console/offers/${await newSessionA()}/accept` }),
  },
  {
    name: 'POST /v1/console/offers/{A}/decline',
    allowed: ['operatorA', 'supervisor', 'admin'],
    through: [200, 409],
    request: async () => ({ method: 'POST', path: `/v1/console/offers/${await newSessionA()}/decline` }),
  },
  // Only the operator on that call may end it; nobody in this table is.
  {
    name: 'POST /v1/console/sessions/{A}/end',
    allowed: [],
    request: async () => ({ method: 'POST', path: `/v1/console/sessions/${await newSessionA()}/end`, body: { outcome: 'completed' } }),
  },
  // Supervisors in a call (issue 18), in a town that allows it; the call is still waiting, so
  // those allowed get past authorisation and meet a conflict.
  {
    name: 'POST /v1/console/sessions/{A}/supervision',
    allowed: ['supervisor', 'admin'],
    through: [409],
    request: async () => {
      await t.ctx.database.client.execute({ sql: 'UPDATE municipality SET listen_in_allowed = 1 WHERE id = ?', args: [A()] });
      return { method: 'POST', path: `/v1/console/sessions/${await newSessionA()}/supervision`, body: { action: 'listen' } };
    },
  },
  // Interpreters (issue 18): their console only; nothing ringing or on a call here.
  {
    name: 'GET /v1/interpreting/stream',
    allowed: ['interpreter'],
    request: async () => ({ method: 'GET', path: '/v1/interpreting/stream' }),
    stream: true,
  },
  {
    name: 'PUT /v1/interpreting/status',
    allowed: ['interpreter'],
    request: async () => ({ method: 'PUT', path: '/v1/interpreting/status', body: { status: 'break' } }),
  },
  ...(['accept', 'decline'] as const).map((action) => ({
    name: `POST /v1/interpreting/offers/{id}/${action}`,
    allowed: ['interpreter'] as Caller[],
    through: [409],
    request: async () => ({ method: 'POST', path: `/v1/interpreting/offers/${crypto.randomUUID()}/${action}` }),
  })),
  // Join details only while on a call; nobody here is.
  { name: 'GET /v1/interpreting/connection', allowed: [], request: async () => ({ method: 'GET', path: '/v1/interpreting/connection' }) },
  {
    name: 'POST /v1/interpreting/leave',
    allowed: ['interpreter'],
    request: async () => ({ method: 'POST', path: '/v1/interpreting/leave' }),
  },
  // Only the operator on that call asks for, sees or gives up its interpreter; nobody in this table is.
  {
    name: 'POST /v1/console/sessions/{A}/interpreter',
    allowed: [],
    request: async () => ({ method: 'POST', path: `/v1/console/sessions/${await newSessionA()}/interpreter`, body: { language: 'en' } }),
  },
  {
    name: 'GET /v1/console/sessions/{A}/interpreter',
    allowed: [],
    request: async () => ({ method: 'GET', path: `/v1/console/sessions/${await newSessionA()}/interpreter` }),
  },
  {
    name: 'POST /v1/console/sessions/{A}/interpreter/keep-waiting',
    allowed: [],
    request: async () => ({ method: 'POST', path: `/v1/console/sessions/${await newSessionA()}/interpreter/keep-waiting` }),
  },
  {
    name: 'DELETE /v1/console/sessions/{A}/interpreter',
    allowed: [],
    request: async () => ({ method: 'DELETE', path: `/v1/console/sessions/${await newSessionA()}/interpreter` }),
  },
  {
    name: 'GET /v1/console/overview',
    allowed: ['supervisor', 'admin'],
    request: async () => ({ method: 'GET', path: '/v1/console/overview' }),
  },

  {
    name: 'GET /v1/municipalities',
    allowed: people,
    request: async () => ({ method: 'GET', path: '/v1/municipalities' }),
    municipalityOf: (m) => String(m.id),
  },
  {
    name: 'POST /v1/municipalities',
    allowed: ['admin'],
    request: async () => ({ method: 'POST', path: '/v1/municipalities', body: { code: nextCode(), name: '新しい町' } }),
  },
  {
    name: 'GET /v1/municipalities/{A}',
    allowed: ['operatorA', 'staffA', 'supervisor', 'admin'],
    request: async () => ({ method: 'GET', path: `/v1/municipalities/${A()}` }),
  },
  {
    name: 'PATCH /v1/municipalities/{A}',
    allowed: ['admin'],
    request: async () => ({ method: 'PATCH', path: `/v1/municipalities/${A()}`, body: { procedures: ['renewal', 'health_insurance'] } }),
  },
  {
    name: 'GET /v1/municipalities/{A}/consent',
    allowed: ['operatorA', 'staffA', 'supervisor', 'admin'],
    request: async () => ({ method: 'GET', path: `/v1/municipalities/${A()}/consent` }),
  },
  {
    name: 'POST /v1/municipalities/{A}/consent',
    allowed: ['supervisor', 'admin'],
    request: async () => ({
      method: 'POST',
      path: `/v1/municipalities/${A()}/consent`,
      body: { kind: 'terms', texts: { ja: '利用規約', en: 'Terms' } },
    }),
  },

  {
    name: 'GET /v1/booths',
    allowed: people,
    request: async () => ({ method: 'GET', path: '/v1/booths' }),
    municipalityOf: byMunicipalityId,
  },
  {
    name: 'POST /v1/booths',
    allowed: ['admin'],
    request: async () => ({ method: 'POST', path: '/v1/booths', body: { municipalityId: A(), name: 'ポップアップ会場', kind: 'popup' } }),
  },
  {
    name: 'GET /v1/booths/{A}',
    allowed: ['operatorA', 'staffA', 'supervisor', 'admin'],
    request: async () => ({ method: 'GET', path: `/v1/booths/${t.municipalityA.boothId}` }),
  },
  {
    name: 'PATCH /v1/booths/{A}',
    allowed: ['supervisor', 'admin'],
    request: async () => ({ method: 'PATCH', path: `/v1/booths/${await newBoothA()}`, body: { location: '2F' } }),
  },
  {
    name: 'PUT /v1/booths/{A}/calendar',
    allowed: ['supervisor', 'admin'],
    request: async () => ({
      method: 'PUT',
      path: `/v1/booths/${await newBoothA()}/calendar`,
      body: weekdayCalendar([{ start: '08:15', end: '17:00' }]),
    }),
  },
  {
    name: 'GET /v1/booths/{A}/opening',
    allowed: ['operatorA', 'staffA', 'supervisor', 'admin'],
    request: async () => ({ method: 'GET', path: `/v1/booths/${t.municipalityA.boothId}/opening` }),
  },
  {
    name: 'POST /v1/booths/{A}/credential',
    allowed: ['admin'],
    request: async () => ({ method: 'POST', path: `/v1/booths/${await newBoothA()}/credential` }),
  },
  {
    name: 'DELETE /v1/booths/{A}/credential',
    allowed: ['admin'],
    request: async () => ({ method: 'DELETE', path: `/v1/booths/${await newBoothA()}/credential` }),
  },

  { name: 'GET /v1/accounts', allowed: ['supervisor', 'admin'], request: async () => ({ method: 'GET', path: '/v1/accounts' }) },
  {
    name: 'POST /v1/accounts',
    allowed: ['admin'],
    request: async () => ({
      method: 'POST',
      path: '/v1/accounts',
      body: {
        loginId: `new-${nextCode()}`,
        password: 'correct horse battery',
        displayName: '新人',
        role: 'operator',
        municipalityIds: [A()],
      },
    }),
  },
  {
    name: 'GET /v1/accounts/{id}',
    allowed: ['supervisor', 'admin'],
    request: async () => ({ method: 'GET', path: `/v1/accounts/${t.accountIds['op-a']}` }),
  },
  {
    name: 'PATCH /v1/accounts/{id}',
    allowed: ['admin'],
    request: async () => ({ method: 'PATCH', path: `/v1/accounts/${t.accountIds['op-b']}`, body: { languages: ['ja', 'en'] } }),
  },

  {
    name: 'GET /v1/sessions',
    allowed: people,
    request: async () => ({ method: 'GET', path: '/v1/sessions' }),
    municipalityOf: byMunicipalityId,
  },
  {
    name: 'GET /v1/sessions/{A}',
    allowed: ['operatorA', 'staffA', 'supervisor', 'admin'],
    request: async () => ({ method: 'GET', path: `/v1/sessions/${await newSessionA()}` }),
  },
  {
    name: 'GET /v1/incidents',
    allowed: people,
    request: async () => ({ method: 'GET', path: '/v1/incidents' }),
    municipalityOf: byMunicipalityId,
  },
  {
    name: 'POST /v1/incidents',
    allowed: ['operatorA', 'supervisor', 'admin'],
    request: async () => ({
      method: 'POST',
      path: '/v1/incidents',
      body: { municipalityId: A(), kind: 'complaint', severity: 'medium', summary: '待ち時間が長い' },
    }),
  },
  {
    name: 'POST /v1/incidents/{A}/actions escalate',
    allowed: ['operatorA', 'supervisor', 'admin'],
    request: async () => ({
      method: 'POST',
      path: `/v1/incidents/${await newIncidentA()}/actions`,
      body: { action: 'escalate', notified: '住民課 担当係長' },
    }),
  },
  {
    name: 'POST /v1/incidents/{A}/actions acknowledge',
    allowed: ['staffA', 'admin'],
    request: async () => ({
      method: 'POST',
      path: `/v1/incidents/${await newIncidentA('escalated')}/actions`,
      body: { action: 'acknowledge' },
    }),
  },
  {
    name: 'GET /v1/inquiries',
    allowed: people,
    request: async () => ({ method: 'GET', path: '/v1/inquiries' }),
    municipalityOf: byMunicipalityId,
  },
  {
    name: 'POST /v1/inquiries',
    allowed: ['operatorA', 'supervisor', 'admin'],
    request: async () => ({ method: 'POST', path: '/v1/inquiries', body: { municipalityId: A(), channel: 'phone', category: 'ka' } }),
  },
  {
    name: 'GET /v1/audit-log',
    allowed: ['staffA', 'staffB', 'supervisor', 'admin'],
    request: async () => ({ method: 'GET', path: '/v1/audit-log' }),
    municipalityOf: byMunicipalityId,
  },
  {
    name: 'GET /v1/ledger',
    allowed: ['staffA', 'staffB', 'supervisor', 'admin'],
    request: async () => ({ method: 'GET', path: '/v1/ledger' }),
    municipalityOf: byMunicipalityId,
  },
  // Incidents, inquiries and FAQ (decision 0016). FAQ drafts here are written by a third account,
  // so every caller allowed to approve is someone other than the author.
  { name: 'GET /v1/inquiries/counts', allowed: people, request: async () => ({ method: 'GET', path: '/v1/inquiries/counts' }) },
  {
    name: 'GET /v1/faq',
    allowed: ['operatorA', 'supervisor', 'admin'],
    request: async () => ({ method: 'GET', path: `/v1/faq?municipalityId=${A()}` }),
  },
  {
    name: 'GET /v1/faq/{entryId}/revisions',
    allowed: ['operatorA', 'supervisor', 'admin'],
    request: async () => ({ method: 'GET', path: `/v1/faq/${await newFaqDraft()}/revisions` }),
  },
  {
    name: 'POST /v1/faq',
    allowed: ['supervisor', 'admin'],
    request: async () => ({
      method: 'POST',
      path: '/v1/faq',
      body: { question: '申請書IDが見つからない', answer: '窓口で新しい申請書を', effectiveOn: '2026-01-01' },
    }),
  },
  {
    name: 'POST /v1/faq/{entryId}/revisions',
    allowed: ['supervisor', 'admin'],
    request: async () => ({
      method: 'POST',
      path: `/v1/faq/${await newFaqDraft(true)}/revisions`,
      body: { question: '改訂', answer: '改訂版', effectiveOn: '2026-01-01' },
    }),
  },
  {
    name: 'POST /v1/faq/{entryId}/revisions/{version}/approve',
    allowed: ['supervisor', 'admin'],
    request: async () => ({ method: 'POST', path: `/v1/faq/${await newFaqDraft()}/revisions/1/approve` }),
  },
  {
    name: 'POST /v1/faq/{entryId}/retire',
    allowed: ['supervisor', 'admin'],
    request: async () => ({ method: 'POST', path: `/v1/faq/${await newFaqDraft()}/retire` }),
  },
  // Booth health (decision 0014): booths beat and report command results; staff of the town,
  // supervisors and admins read health and send commands (a fresh booth, so nothing spills over).
  {
    name: 'POST /v1/booth/heartbeat',
    allowed: ['boothA', 'boothB'],
    request: async () => ({
      method: 'POST',
      path: '/v1/booth/heartbeat',
      body: { appVersion: '1.0.0', camera: 'ok', microphone: 'ok', speaker: 'ok', livekit: 'idle', network: {} },
    }),
  },
  {
    name: 'POST /v1/booth/commands/{A}/result',
    allowed: ['boothA'],
    request: async () => {
      // maintenance_off: allowed even while earlier cases left this booth with a waiting call.
      const command = await t.ctx.boothHealth.requestCommand(await admin(), t.municipalityA.boothId, 'maintenance_off');
      return { method: 'POST', path: `/v1/booth/commands/${command.id}/result`, body: { status: 'failed', error: 'unsupported' } };
    },
  },
  {
    name: 'GET /v1/booths/{A}/health',
    allowed: ['staffA', 'supervisor', 'admin'],
    request: async () => ({ method: 'GET', path: `/v1/booths/${await newBoothA()}/health` }),
  },
  {
    name: 'GET /v1/booths/{A}/commands',
    allowed: ['staffA', 'supervisor', 'admin'],
    request: async () => ({ method: 'GET', path: `/v1/booths/${await newBoothA()}/commands` }),
  },
  {
    name: 'POST /v1/booths/{A}/commands',
    allowed: ['staffA', 'supervisor', 'admin'],
    request: async () => ({ method: 'POST', path: `/v1/booths/${await newBoothA()}/commands`, body: { kind: 'self_test' } }),
  },
  // Face photos: only the booth of the session, and only the operator on its call — nobody else,
  // admins included. A waiting session is not a photo call, so booth A gets past authorisation
  // and meets the conflict (its JSON body is never read).
  {
    name: 'POST /v1/booth/sessions/{A}/photos',
    allowed: ['boothA'],
    through: [409],
    request: async () => ({ method: 'POST', path: `/v1/booth/sessions/${await newSessionA()}/photos`, body: {} }),
  },
  {
    name: 'GET /v1/booth/sessions/{A}/photos/{id}/image',
    allowed: ['boothA'],
    request: async () => {
      const p = await photoOnCallA('approved');
      return { method: 'GET', path: `/v1/booth/sessions/${p.sessionId}/photos/${p.photoId}/image` };
    },
  },
  {
    name: 'GET /v1/console/sessions/{A}/photos',
    allowed: ['operatorA'],
    request: async () => ({ method: 'GET', path: `/v1/console/sessions/${(await photoOnCallA('candidate')).sessionId}/photos` }),
  },
  ...(['image', 'approve', 'retake', 'download'] as const).map((action) => ({
    name: `${action === 'image' ? 'GET' : 'POST'} /v1/console/sessions/{A}/photos/{id}/${action}`,
    allowed: ['operatorA'] as Caller[],
    request: async () => {
      const p = await photoOnCallA(action === 'download' ? 'approved' : 'candidate');
      return { method: action === 'image' ? 'GET' : 'POST', path: `/v1/console/sessions/${p.sessionId}/photos/${p.photoId}/${action}` };
    },
  })),
  {
    name: 'GET /v1/ledger/export',
    allowed: ['staffA', 'supervisor', 'admin'],
    request: async () => {
      const today = new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10);
      return { method: 'GET', path: `/v1/ledger/export?municipalityId=${A()}&from=${today}&to=${today}` };
    },
  },
  // Reports: read:report (staff of the town, supervisors, admins; never operators); the analysis is write:report.
  {
    name: 'GET /v1/reports/dashboard',
    allowed: ['staffA', 'supervisor', 'admin'],
    request: async () => ({ method: 'GET', path: `/v1/reports/dashboard?municipalityId=${A()}` }),
  },
  {
    name: 'GET /v1/reports/daily',
    allowed: ['staffA', 'supervisor', 'admin'],
    request: async () => ({
      method: 'GET',
      path: `/v1/reports/daily?municipalityId=${A()}&date=${new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10)}`,
    }),
  },
  {
    name: 'GET /v1/reports/monthly (csv)',
    allowed: ['staffA', 'supervisor', 'admin'],
    request: async () => ({
      method: 'GET',
      path: `/v1/reports/monthly?municipalityId=${A()}&month=${new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 7)}&format=csv`,
    }),
  },
  {
    name: 'PUT /v1/reports/{period}/{periodKey}/analysis',
    allowed: ['supervisor', 'admin'],
    request: async () => ({
      method: 'PUT',
      path: `/v1/reports/monthly/${new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 7)}/analysis?municipalityId=${A()}`,
      body: { text: '午前の待ち時間が長い。人員配置を見直す。' },
    }),
  },
  // Staffing: read:staffing (town staff for their town, supervisors, admins); writes are supervisors' and admins'.
  {
    name: 'GET /v1/staffing/live',
    allowed: ['staffA', 'staffB', 'supervisor', 'admin'],
    request: async () => {
      const always = [{ weekdays: [0, 1, 2, 3, 4, 5, 6, 7], startMinute: 0, endMinute: 1440, operators: 1 }];
      // Both towns have a window, so each town's staff sees a line: its own, never the other's.
      for (const municipalityId of [A(), t.municipalityB.municipalityId])
        await t.ctx.staffing.replaceWindows(await admin(), { municipalityId }, always);
      return { method: 'GET', path: '/v1/staffing/live' };
    },
    municipalityOf: byMunicipalityId,
  },
  {
    name: 'GET /v1/staffing/municipalities/{municipalityId}',
    allowed: ['staffA', 'supervisor', 'admin'],
    request: async () => ({ method: 'GET', path: `/v1/staffing/municipalities/${A()}` }),
  },
  {
    name: 'PATCH /v1/staffing/municipalities/{municipalityId}',
    allowed: ['supervisor', 'admin'],
    request: async () => ({ method: 'PATCH', path: `/v1/staffing/municipalities/${A()}`, body: { serviceLevelGoalPercent: 80 } }),
  },
  {
    name: 'PUT /v1/staffing/municipalities/{municipalityId}/minimum-windows',
    allowed: ['supervisor', 'admin'],
    request: async () => ({
      method: 'PUT',
      path: `/v1/staffing/municipalities/${A()}/minimum-windows`,
      body: [{ weekdays: [1, 2, 3, 4, 5], startMinute: 540, endMinute: 960, operators: 1 }],
    }),
  },
  {
    name: 'GET /v1/staffing/municipalities/{municipalityId}/breaches',
    allowed: ['staffA', 'supervisor', 'admin'],
    request: async () => {
      const today = new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10);
      return { method: 'GET', path: `/v1/staffing/municipalities/${A()}/breaches?from=${today}&to=${today}` };
    },
  },
  {
    name: 'GET /v1/staffing/groups',
    allowed: ['staffA', 'staffB', 'supervisor', 'admin'],
    request: async () => ({ method: 'GET', path: '/v1/staffing/groups' }),
  },
  {
    name: 'POST /v1/staffing/groups',
    allowed: ['supervisor', 'admin'],
    request: async () => ({
      method: 'POST',
      path: '/v1/staffing/groups',
      body: { name: `group ${crypto.randomUUID()}`, shrinkagePercent: 30 },
    }),
  },
  {
    name: 'PUT /v1/staffing/groups/{id}',
    allowed: ['supervisor', 'admin'],
    request: async () => ({
      method: 'PUT',
      path: `/v1/staffing/groups/${await newGroup()}`,
      body: { name: `group ${crypto.randomUUID()}`, shrinkagePercent: 25 },
    }),
  },
  {
    name: 'PUT /v1/staffing/groups/{id}/minimum-windows',
    allowed: ['supervisor', 'admin'],
    request: async () => ({
      method: 'PUT',
      path: `/v1/staffing/groups/${await newGroup()}/minimum-windows`,
      body: [{ weekdays: [1], startMinute: 540, endMinute: 600, operators: 1 }],
    }),
  },
  {
    name: 'GET /v1/staffing/forecast',
    allowed: ['staffA', 'supervisor', 'admin'],
    request: async () => {
      const monday = new Date(Date.now() + 9 * 3_600_000);
      monday.setUTCDate(monday.getUTCDate() - ((monday.getUTCDay() + 6) % 7));
      return { method: 'GET', path: `/v1/staffing/forecast?municipalityId=${A()}&week=${monday.toISOString().slice(0, 10)}` };
    },
  },
  {
    name: 'POST /v1/staffing/what-if',
    allowed: ['staffA', 'staffB', 'supervisor', 'admin'],
    request: async () => ({ method: 'POST', path: '/v1/staffing/what-if', body: { calls: 100, handlingSeconds: 180 } }),
  },
  // The shift table (シフト表): supervisors and admins plan; an operator reads their own shifts
  // (the API answers them with their row only, checked in shifts/shifts.test.ts); town staff have
  // no shifts to read, but read planned-per-interval of their own town (read:staffing).
  {
    name: 'GET /v1/shifts',
    allowed: ['operatorA', 'supervisor', 'admin'],
    request: async () => ({ method: 'GET', path: `/v1/shifts?weekStart=${SHIFT_WEEK}` }),
  },
  {
    name: 'POST /v1/shifts',
    allowed: ['supervisor', 'admin'],
    request: async () => ({
      method: 'POST',
      path: '/v1/shifts',
      body: {
        accountId: t.accountIds['op-a'],
        date: nextShiftDate(),
        startMinute: 540,
        endMinute: 1080,
        breakStartMinute: null,
        breakEndMinute: null,
      },
    }),
  },
  {
    name: 'PUT /v1/shifts/{A}',
    allowed: ['supervisor', 'admin'],
    request: async () => ({
      method: 'PUT',
      path: `/v1/shifts/${await newShiftA()}`,
      body: {
        startMinute: 600,
        endMinute: 1080,
        breakStartMinute: null,
        breakEndMinute: null,
        municipalityIds: [A()],
        languages: ['ja'],
        procedures: [],
      },
    }),
  },
  {
    name: 'DELETE /v1/shifts/{A}',
    allowed: ['supervisor', 'admin'],
    request: async () => ({ method: 'DELETE', path: `/v1/shifts/${await newShiftA()}` }),
  },
  {
    name: 'POST /v1/shifts/copy-week',
    allowed: ['supervisor', 'admin'],
    request: async () => {
      const id = await newShiftA();
      const { schema } = await import('@madoguchi/db');
      const { eq } = await import('drizzle-orm');
      const [row] = await t.ctx.database.db.select().from(schema.shift).where(eq(schema.shift.id, id));
      const fromWeek = weekStartOf(row!.date);
      return { method: 'POST', path: '/v1/shifts/copy-week', body: { fromWeek, toWeek: addDays(fromWeek, 7 * 400) } };
    },
  },
  {
    name: 'GET /v1/shifts/planned',
    allowed: ['staffA', 'supervisor', 'admin'],
    request: async () => ({ method: 'GET', path: `/v1/shifts/planned?date=${SHIFT_WEEK}&municipalityId=${A()}` }),
  },
  {
    name: 'GET /v1/shifts/export (xlsx)',
    allowed: ['operatorA', 'supervisor', 'admin'],
    request: async () => ({ method: 'GET', path: `/v1/shifts/export?week=${SHIFT_WEEK}&format=xlsx` }),
  },
  // Pop-up events: supervisors and admins plan; town staff read their town's and agree to them
  // (approve:popup, not admins); operators have none.
  {
    name: 'GET /v1/popups',
    allowed: ['staffA', 'staffB', 'supervisor', 'admin'],
    request: async () => ({ method: 'GET', path: '/v1/popups' }),
    municipalityOf: byMunicipalityId,
  },
  {
    name: 'GET /v1/popups/year-plan',
    allowed: ['staffA', 'supervisor', 'admin'],
    request: async () => ({ method: 'GET', path: `/v1/popups/year-plan?municipalityId=${A()}&year=2031` }),
  },
  {
    name: 'GET /v1/popups/{A}',
    allowed: ['staffA', 'supervisor', 'admin'],
    request: async () => ({ method: 'GET', path: `/v1/popups/${await newPopupA()}` }),
  },
  {
    name: 'POST /v1/popups',
    allowed: ['supervisor', 'admin'],
    request: async () => ({ method: 'POST', path: '/v1/popups', body: { municipalityId: A(), ...popupPlan() } }),
  },
  {
    name: 'PUT /v1/popups/{A}',
    allowed: ['supervisor', 'admin'],
    request: async () => ({ method: 'PUT', path: `/v1/popups/${await newPopupA()}`, body: popupPlan() }),
  },
  {
    name: 'DELETE /v1/popups/{A}',
    allowed: ['supervisor', 'admin'],
    request: async () => ({ method: 'DELETE', path: `/v1/popups/${await newPopupA()}` }),
  },
  {
    name: 'PUT /v1/popups/{A}/booths',
    allowed: ['supervisor', 'admin'],
    request: async () => ({ method: 'PUT', path: `/v1/popups/${await newPopupA()}/booths`, body: { boothIds: [] } }),
  },
  {
    name: 'POST /v1/popups/{A}/{action} (agree)',
    allowed: ['staffA'],
    request: async () => ({ method: 'POST', path: `/v1/popups/${await newPopupA()}/agree` }),
  },
  {
    name: 'POST /v1/popups/{A}/{action} (hold)',
    allowed: ['supervisor', 'admin'],
    request: async () => ({ method: 'POST', path: `/v1/popups/${await newPopupA(true)}/hold` }),
  },
  // Reservations (decision 0034): the public routes need no login; staff of a town reach only its
  // reservations (another town's are 404); check-in needs a booth's credential.
  {
    name: 'GET /v1/public/municipalities/{municipalityCode}/reservation-slots',
    allowed: callers,
    request: async () => ({ method: 'GET', path: `/v1/public/municipalities/243248/reservation-slots?from=${reservationDay()}&days=2` }),
  },
  {
    name: 'GET /v1/public/reservation-challenge',
    allowed: callers,
    request: async () => ({ method: 'GET', path: '/v1/public/reservation-challenge' }),
  },
  {
    name: 'POST /v1/public/municipalities/{municipalityCode}/reservations',
    allowed: callers,
    request: async () => ({
      method: 'POST',
      path: '/v1/public/municipalities/243248/reservations',
      body: { ...(await freeSlot('243248')), procedure: 'renewal', language: 'en' },
    }),
  },
  {
    name: 'GET /v1/public/reservations/{code}',
    allowed: callers,
    request: async () => ({ method: 'GET', path: `/v1/public/reservations/${(await newReservation()).code}` }),
  },
  {
    name: 'GET /v1/public/reservations/{code}/calendar.ics',
    allowed: callers,
    request: async () => ({ method: 'GET', path: `/v1/public/reservations/${(await newReservation()).code}/calendar.ics` }),
  },
  {
    name: 'POST /v1/public/reservations/{code}/cancel',
    allowed: callers,
    request: async () => ({ method: 'POST', path: `/v1/public/reservations/${(await newReservation()).code}/cancel` }),
  },
  {
    name: 'POST /v1/public/reservations/{code}/move',
    allowed: callers,
    request: async () => ({
      method: 'POST',
      path: `/v1/public/reservations/${(await newReservation()).code}/move`,
      body: await freeSlot('243248'),
    }),
  },
  {
    name: 'GET /v1/reservations',
    allowed: people,
    request: async () => {
      await newReservation('243248');
      await newReservation('432032');
      return { method: 'GET', path: `/v1/reservations?from=${reservationDay()}&days=14` };
    },
    municipalityOf: byMunicipalityId,
  },
  {
    name: 'GET /v1/reservations/slots',
    allowed: ['operatorA', 'staffA', 'supervisor', 'admin'],
    request: async () => ({ method: 'GET', path: `/v1/reservations/slots?municipalityId=${A()}&from=${reservationDay()}&days=1` }),
  },
  {
    name: 'POST /v1/reservations',
    allowed: ['operatorA', 'staffA', 'supervisor', 'admin'],
    request: async () => ({
      method: 'POST',
      path: '/v1/reservations',
      body: { municipalityId: A(), ...(await freeSlot('243248')), procedure: 'renewal', language: 'ja' },
    }),
  },
  {
    name: 'POST /v1/reservations/{A}/cancel',
    allowed: ['operatorA', 'staffA', 'supervisor', 'admin'],
    request: async () => ({ method: 'POST', path: `/v1/reservations/${(await newReservation()).id}/cancel` }),
  },
  {
    name: 'GET /v1/municipalities/{A}/reservation-policy',
    allowed: ['operatorA', 'staffA', 'supervisor', 'admin'],
    request: async () => ({ method: 'GET', path: `/v1/municipalities/${A()}/reservation-policy` }),
  },
  {
    // The defaults: what the other cases book against stays as it was.
    name: 'PUT /v1/municipalities/{A}/reservation-policy',
    allowed: ['admin'],
    request: async () => ({
      method: 'PUT',
      path: `/v1/municipalities/${A()}/reservation-policy`,
      body: {
        slotMinutes: 30,
        walkInSharePercent: 20,
        fixedCapacity: 1,
        checkInEarlyMinutes: 10,
        checkInLateMinutes: 15,
        reservationOnly: false,
      },
    }),
  },
  {
    name: 'POST /v1/booth/reservations/check-in',
    allowed: ['boothA', 'boothB'],
    request: async () => ({ method: 'POST', path: '/v1/booth/reservations/check-in', body: { code: (await newReservation()).code } }),
  },
  // A walk-in at a reservation-only town: each booth asks about, and books at, its own site in its
  // own town. Both towns' booths stand at "1F" here, so the site key is the same text and booth B's
  // booking lands in town B (the booth's town, never the key's); reservations.test.ts shows another
  // town's booth refused a site it does not have.
  {
    name: 'GET /v1/booth/reservations/walk-in',
    allowed: ['boothA', 'boothB'],
    request: async () => ({ method: 'GET', path: '/v1/booth/reservations/walk-in' }),
  },
  {
    name: 'POST /v1/booth/reservations',
    allowed: ['boothA', 'boothB'],
    request: async () => ({
      method: 'POST',
      path: '/v1/booth/reservations',
      body: { ...(await freeSlotAtBoothA()), procedure: 'renewal', language: 'en' },
    }),
  },
];

let popupDay = 0;
/** A plan on a fresh day (2032 on), so no case meets another's. */
function popupPlan() {
  return {
    siteName: 'イオンモール 1F',
    siteKind: 'mall',
    days: [{ date: addDays('2032-01-01', popupDay++), ranges: [{ start: '10:00', end: '17:00' }] }],
    procedures: ['renewal'],
  };
}
/** A pop-up event of town A planned by the admin; `agreedToday`: open all today and agreed by staff-a. */
async function newPopupA(agreedToday = false) {
  const { popupsOf } = await import('../server/popups/popups.server');
  const { localDate } = await import('../domain/japan-time');
  const popups = popupsOf(t.ctx);
  const plan = popupPlan();
  const days = agreedToday ? [{ date: localDate(new Date()), ranges: [{ start: '00:00', end: '24:00' }] }] : plan.days;
  const row = await popups.create(await admin(), { municipalityId: A(), ...plan, siteKind: 'mall', procedures: ['renewal'], days });
  if (agreedToday) await popups.transition(await t.principal('staff-a'), row.id, 'agree');
  return row.id;
}

/** An operator group made by the admin (none of the callers' writes). */
async function newGroup() {
  return (await t.ctx.staffing.saveGroup(await admin(), { name: `group ${crypto.randomUUID()}`, shrinkagePercent: 30 })).id;
}

/** A FAQ entry (初版) written by someone who is none of the callers; approved when asked. */
async function newFaqDraft(approved = false) {
  const { schema } = await import('@madoguchi/db');
  const entryId = crypto.randomUUID();
  await t.ctx.database.db.insert(schema.faqRevision).values({
    id: crypto.randomUUID(),
    entryId,
    version: 1,
    municipalityId: null,
    procedure: null,
    question: '暗証番号ロック',
    answer: '窓口で再設定',
    effectiveOn: '2026-01-01',
    createdBy: t.accountIds['op-b']!,
    createdAt: new Date(),
    ...(approved ? { approvedBy: t.accountIds['op-b']!, approvedAt: new Date() } : {}),
  });
  return entryId;
}

const SHIFT_WEEK = '2030-01-07'; // a Monday
let shiftDay = 0;
/** A fresh date for op-a's shifts, so no case meets another's (one shift per operator and day). */
function nextShiftDate() {
  return addDays('2031-01-01', shiftDay++);
}
/** A shift of op-a (town A) planned by the admin. */
async function newShiftA() {
  const { shiftsOf } = await import('../server/staffing/shifts.server');
  const row = await shiftsOf(t.ctx).create(await admin(), {
    accountId: t.accountIds['op-a']!,
    date: nextShiftDate(),
    startMinute: 540,
    endMinute: 1080,
    breakStartMinute: null,
    breakEndMinute: null,
  });
  return row.id;
}

let codeSeq = 10000;
/** Fresh valid municipality codes (check digit computed). */
function nextCode(): string {
  const five = String(codeSeq++).padStart(5, '0');
  const sum = [...five].reduce((acc, d, i) => acc + Number(d) * [6, 5, 4, 3, 2][i]!, 0);
  return `${five}${(11 - (sum % 11)) % 10}`;
}

async function tableCounts() {
  const tables = (
    await t.ctx.database.client.execute(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%'",
    )
  ).rows.map((r) => String(r.name));
  const counts: Record<string, number> = {};
  for (const table of tables) counts[table] = Number((await t.ctx.database.client.execute(`SELECT count(*) FROM "${table}"`)).rows[0]?.[0]);
  return counts;
}

beforeAll(async () => {
  t = await createTestApp({
    RESERVATION_POW_MAX_NUMBER: '0',
    RESERVATION_BOOKINGS_PER_ADDRESS: '100000',
    RESERVATION_REQUESTS_PER_ADDRESS: '100000',
  });
  // An interpreter (issue 18): refused everything but their own console.
  const interpreter = await t.ctx.accountAdmin.create(await admin(), {
    loginId: 'int-a',
    password: 'pw-int-a-123456',
    displayName: '通訳 A',
    role: 'interpreter',
    municipalityIds: [],
    languages: ['en'],
    procedures: [],
  });
  t.accountIds['int-a'] = interpreter.id;
  headers.anonymous = {};
  headers.boothA = { Authorization: `Bearer ${t.municipalityA.boothCredential}` };
  headers.boothB = { Authorization: `Bearer ${t.municipalityB.boothCredential}` };
  for (const caller of people) headers[caller] = { Cookie: await t.cookieFor(loginOf[caller]!) };
  headers.interpreter = { Cookie: await t.cookieFor('int-a') };
  // Records in both towns, so that lists have something to leak if scoping were wrong.
  const a = await admin();
  for (const municipality of [t.municipalityA, t.municipalityB]) {
    await t.asBooth(municipality.boothCredential, 'POST', '/v1/booth/sessions');
    await t.ctx.records.reportIncident(a, {
      municipalityId: municipality.municipalityId,
      kind: 'incident',
      severity: 'low',
      summary: 'テスト',
    });
    await t.ctx.records.logInquiry(a, { municipalityId: municipality.municipalityId, channel: 'phone', category: 'i' });
    await t.ctx.booths.update(a, municipality.boothId, { location: '1F' });
    const { popupsOf } = await import('../server/popups/popups.server');
    await popupsOf(t.ctx).create(a, {
      municipalityId: municipality.municipalityId,
      siteName: 'テスト会場',
      siteKind: 'community_centre',
      days: [{ date: '2031-12-01', ranges: [{ start: '10:00', end: '17:00' }] }],
      procedures: ['renewal'],
    });
    await t.ctx.database.db.insert((await import('@madoguchi/db')).schema.personalDataLedger).values({
      at: new Date(),
      actorKind: 'system',
      actorId: null,
      action: 'deleted',
      dataKind: 'face_photo',
      itemId: `photo-${municipality.municipalityId}`,
      sessionId: null,
      municipalityId: municipality.municipalityId,
    });
  }
});
afterAll(async () => {
  await t.close();
});

describe.each(cases)('$name', (route) => {
  it.each(callers)('%s', async (caller) => {
    const request = await route.request();
    const before = request.method === 'GET' ? null : await tableCounts();
    const response = await t.api.request(request.path, {
      method: request.method,
      headers: { ...headers[caller], ...(request.body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
    });
    if (route.stream) {
      const status = response.status;
      await response.body?.cancel();
      if (route.allowed.includes(caller)) expect(status).toBe(200);
      else expect([401, 403]).toContain(status);
      return;
    }
    if (route.allowed.includes(caller)) {
      if (route.through) expect(route.through).toContain(response.status);
      else expect(response.status, await response.clone().text()).toBeLessThan(300);
      if (route.municipalityOf) {
        const reach =
          caller === 'staffA' || caller === 'operatorA'
            ? [t.municipalityA.municipalityId]
            : caller === 'staffB'
              ? [t.municipalityB.municipalityId]
              : null;
        const { items } = z.object({ items: z.array(z.record(z.string(), z.unknown())) }).parse(await response.json());
        expect(items.length).toBeGreaterThan(0);
        if (reach) for (const item of items) expect(reach).toContain(route.municipalityOf(item));
      }
    } else {
      expect([401, 403, 404], await response.clone().text()).toContain(response.status);
      // People without a login are told to log in; logged-in people are refused, not told to.
      if (caller === 'anonymous' || caller === 'boothA' || caller === 'boothB') expect(response.status).not.toBe(403);
      if (before) expect(await tableCounts()).toEqual(before);
    }
  });
});

describe('the matrix itself', () => {
  it('covers every route in the OpenAPI document', async () => {
    const Doc = z.object({ paths: z.record(z.string(), z.record(z.string(), z.unknown())) });
    const doc = Doc.parse(await (await t.api.request('/v1/openapi.json')).json());
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    const covered = cases.map((c) => c.name.replace(/\{A\}|\{id\}/g, '{id}').replace(/ \(.*\)$| (escalate|acknowledge)$/g, ''));
    const normalise = (s: string) => s.replace(/\{[a-zA-Z]+\}/g, '{id}');
    for (const route of documented) expect(covered.map(normalise), `${route} has no row in the matrix`).toContain(normalise(route));
  });
});

/** A photo (sealed file and row) in a fresh call of booth A answered by op-a. */
async function photoOnCallA(status: 'candidate' | 'approved') {
  const { schema } = await import('@madoguchi/db');
  const { randomUUID } = await import('node:crypto');
  const sessionId = await newSessionA();
  await t.ctx.sessions.answer(await t.principal('op-a'), sessionId);
  const photoId = randomUUID();
  await t.ctx.database.db.insert(schema.photo).values({
    id: photoId,
    sessionId,
    boothId: t.municipalityA.boothId,
    municipalityId: A(),
    attempt: 1,
    status,
    checks: passingChecks(),
    width: 480,
    height: 617,
    bytes: 4,
    createdAt: new Date(),
  });
  await t.ctx.photos.store.put(photoId, Buffer.from([0xff, 0xd8, 0xff, 0xd9]));
  return { sessionId, photoId };
}
