import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CallRooms } from '@madoguchi/media-server';
import type { ClientResponse } from 'hono/client';
import { testClient } from 'hono/testing';
import type { ResponseFormat } from 'hono/types';
import { expect } from 'vitest';
import { type Api, createApi } from '../api/create-api';
import { ProblemSchema } from '../api/router';
import { everyDayCalendar } from '../domain/calendar';
import { type AppContext, createAppContext } from '../server/platform/context';
import { parseEnv } from '../server/platform/env';
import { type SeededMunicipality, seedMunicipality } from '../server/start/seed';
import { memoryRooms } from './memory-rooms';

const HAS_FORM = {
  id: 'has-form',
  text: { ja: '交付申請書をお持ちですか？', en: 'Do you have the application form?' },
  proceedIf: true,
  guidance: { ja: '申請書は窓口で発行します。', en: 'The counter issues a new form.' },
};

/** The API through hono's typed client: each request and answer typed by its route. */
export type ApiClient = ReturnType<typeof testClient<Api>>;

type BodyOf<R, S extends number> = R extends ClientResponse<infer T, infer U, infer _F> ? (U extends S ? T : never) : never;

/** A typed answer's body for `status`, once the test has checked the answer has that status. */
export async function bodyOf<R extends ClientResponse<unknown, number, ResponseFormat>, S extends R['status']>(
  response: R,
  status: S,
): Promise<BodyOf<R, S>> {
  expect(response.status).toBe(status);
  return (await (response.json() as Promise<unknown>)) as BodyOf<R, S>;
}

/** A refusal's problem (400 unless told), checked against its schema: thrown problems are not in the typed client's answers. */
export async function refusal(response: Response | Promise<Response>, status = 400) {
  const answer = await response;
  expect(answer.status).toBe(status);
  expect(answer.headers.get('content-type')).toContain('application/problem+json');
  return problemOf(answer);
}

/** What a booth sends to open a call. */
export type CallRequest = NonNullable<Parameters<ApiClient['v1']['booth']['sessions']['$post']>[0]>['json'];

/** The problem an untyped request (a body no route takes, a missing credential) was answered with, checked against its schema. */
export async function problemOf(response: Response) {
  return ProblemSchema.parse(await response.json());
}

async function openedCall(booth: ApiClient, json: CallRequest) {
  return bodyOf(await booth.v1.booth.sessions.$post({ json }), 201);
}

/** Test booths are open around the clock unless a test says otherwise. */
const ALWAYS_OPEN = everyDayCalendar([{ start: '00:00', end: '24:00' }]);

export interface TestApp {
  ctx: AppContext;
  api: ReturnType<typeof createApi>;
  municipalityA: SeededMunicipality;
  municipalityB: SeededMunicipality;
  /** login id → account id */
  accountIds: Record<string, string>;
  /** A valid login cookie (`name=value`) for that login id. */
  cookieFor(loginId: string): Promise<string>;
  principal(loginId: string): Promise<import('../server/auth/login.server').AccountPrincipal>;
  dataDir: string;
  /** The typed API as a booth (or anonymously with `null`). */
  booth(credential: string | null, headers?: Record<string, string>): ApiClient;
  /** The typed API as that login. */
  as(loginId: string, headers?: Record<string, string>): Promise<ApiClient>;
  /** Another booth in town A (a mall, open around the clock), provisioned by the admin: its id and device credential. */
  addBooth(name?: string): Promise<{ boothId: string; credential: string }>;
  /** A portable booth of town A (kind 'popup'), closed by its own calendar (none given): its id and device credential. */
  addPortableBooth(name: string): Promise<{ boothId: string; credential: string }>;
  /** A call from that booth (town A's unless told), a renewal in Japanese unless told, checked to be opened (201). */
  openCall(credential?: string, json?: CallRequest): ReturnType<typeof openedCall>;
  /** Calls the API as a booth (or anonymously with `null`); for what the typed client would not send. */
  asBooth(credential: string | null, method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  /**
   * A second app on the same data folder and database file, as after a restart or on another node
   * (same environment and rooms, `envOverrides` on top). Stop what of the first one the test needs
   * stopped (its dispatcher, say); `close()` closes this one too, before the folder is removed.
   */
  restart(envOverrides?: Record<string, string>): Promise<AppContext>;
  /**
   * Another node of the same deployment: the same environment and database, its own data folder
   * (made inside this app's, so removed with it), as on another host; `close()` closes it too.
   */
  otherNode(envOverrides?: Record<string, string>): Promise<AppContext>;
  /** Closes every app the test made (its restarts first), then removes the data folder. */
  close(): Promise<void>;
}

/**
 * The real API on a real, fresh libSQL file, with two towns. LiveKit is pointed at a closed
 * loopback port and its rooms are kept in memory (`rooms` replaces them): these tests exercise
 * what does not need a media server. Like the booths that are open around the clock, the towns
 * are staffed unless a test says otherwise (`onDuty: false`): their operators (op-a, op-b) are
 * available, so a booth's call is taken (it rings at them) rather than refused for want of anyone.
 */
export async function createTestApp(
  envOverrides: Record<string, string> = {},
  options: { rooms?: CallRooms; onDuty?: boolean } = {},
): Promise<TestApp> {
  const dir = mkdtempSync(path.join(tmpdir(), 'madoguchi-test-'));
  // A booth LiveKit reports gone ends its session at once unless a test gives it time to rejoin.
  const env: NodeJS.ProcessEnv = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    MADOGUCHI_DATA_DIR: dir,
    LIVEKIT_URL: 'ws://127.0.0.1:9',
    BOOTH_REJOIN_GRACE_MS: '0',
    LIVEKIT_WATCH_MS: '0',
    ...envOverrides,
  };
  const rooms = options.rooms ?? memoryRooms();
  const ctx = await createAppContext(parseEnv(env), { rooms });
  // Restarted apps still running: each has workers and timers that write into `dir` (its WAL
  // checkpointer every second), so each is closed before the folder goes.
  const restarts: AppContext[] = [];
  const restart = async (overrides: Record<string, string> = {}) => {
    const restarted = await createAppContext(parseEnv({ ...env, ...overrides }), { rooms });
    restarts.push(restarted);
    return restarted;
  };
  const api = createApi(ctx);
  const municipalityA = await seedMunicipality(ctx.database.db, {
    code: '243248',
    name: '東員町',
    procedures: ['new_application', 'renewal', 'health_insurance'],
    // A referral names one of the town's questions (decision 0017).
    eligibility: { renewal: [HAS_FORM], new_application: [HAS_FORM] },
    boothName: 'A 役場ブース',
    calendar: ALWAYS_OPEN,
    logins: [
      { loginId: 'op-a', role: 'operator', displayName: 'オペレーター A', password: 'pw-a-123456' },
      { loginId: 'staff-a', role: 'town_staff', displayName: '東員町 職員', password: 'pw-sa-123456' },
      { loginId: 'supervisor', role: 'supervisor', displayName: 'SV', password: 'pw-sv-123456' },
      { loginId: 'admin', role: 'admin', displayName: '管理者', password: 'pw-ad-123456' },
    ],
  });
  const municipalityB = await seedMunicipality(ctx.database.db, {
    code: '432032',
    name: '人吉市',
    procedures: ['renewal'],
    eligibility: { renewal: [HAS_FORM] },
    boothName: 'B 市役所ブース',
    calendar: ALWAYS_OPEN,
    logins: [
      { loginId: 'op-b', role: 'operator', displayName: 'オペレーター B', password: 'pw-b-123456' },
      { loginId: 'staff-b', role: 'town_staff', displayName: '人吉市 職員', password: 'pw-sb-123456' },
    ],
  });
  const accountIds = Object.fromEntries(
    (await ctx.database.client.execute('SELECT login_id, id FROM account')).rows.map((r) => [String(r.login_id), String(r.id)]),
  );
  const cookieFor = async (loginId: string) => {
    const setCookie = await ctx.accounts.commit(new Request('http://127.0.0.1/'), accountIds[loginId]!);
    return setCookie.split(';')[0]!;
  };
  const principal = async (loginId: string) =>
    (await ctx.accounts.fromRequest(new Request('http://127.0.0.1/', { headers: { Cookie: await cookieFor(loginId) } })))!;
  if (options.onDuty ?? true) for (const loginId of ['op-a', 'op-b']) await ctx.queue.setStatus(await principal(loginId), 'available');
  return {
    ctx,
    api,
    municipalityA,
    municipalityB,
    accountIds,
    cookieFor,
    principal,
    booth(credential, headers = {}) {
      const authorization: Record<string, string> = credential ? { Authorization: `Bearer ${credential}` } : {};
      return testClient(api, undefined, undefined, { headers: { ...authorization, ...headers } });
    },
    async as(loginId, headers = {}) {
      return testClient(api, undefined, undefined, { headers: { Cookie: await cookieFor(loginId), ...headers } });
    },
    async addBooth(name = 'A 2号機') {
      const where = { municipalityId: municipalityA.municipalityId, name, kind: 'mall' as const, location: '', calendar: ALWAYS_OPEN };
      const { booth, credential } = await ctx.booths.provision(await principal('admin'), where);
      return { boothId: booth.id, credential };
    },
    async addPortableBooth(name) {
      const where = { municipalityId: municipalityA.municipalityId, name, kind: 'popup' as const, location: '' };
      const { booth, credential } = await ctx.booths.provision(await principal('admin'), where);
      return { boothId: booth.id, credential };
    },
    openCall(credential = municipalityA.boothCredential, json = { procedure: 'renewal', language: 'ja' }) {
      return openedCall(testClient(api, undefined, undefined, { headers: { Authorization: `Bearer ${credential}` } }), json);
    },
    asBooth(credential, method, urlPath, body, headers = {}) {
      return Promise.resolve(
        api.request(urlPath, {
          method,
          headers: {
            ...(credential ? { Authorization: `Bearer ${credential}` } : {}),
            ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
            ...headers,
          },
          ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
        }),
      );
    },
    dataDir: dir,
    restart,
    otherNode: (overrides = {}) =>
      restart({ MADOGUCHI_DATA_DIR: mkdtempSync(path.join(dir, 'node-')), DATABASE_URL: ctx.database.url, ...overrides }),
    async close() {
      for (const restarted of restarts.splice(0)) await restarted.close();
      await ctx.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function count(ctx: AppContext, sql: string, args: (string | number)[] = []): Promise<number> {
  const result = await ctx.database.client.execute({ sql, args });
  return Number(result.rows[0]?.[0] ?? 0);
}
