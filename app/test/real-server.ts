import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { everyDayCalendar } from '../domain/calendar';
import { startApp } from '../server/main';
import { parseEnv } from '../server/platform/env';
import { type SeededMunicipality, seedMunicipality } from '../server/start/seed';

/** A free loopback port (closed again at once; the app binds it a moment later). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface RealServer {
  /** http://127.0.0.1:<port> */
  url: string;
  port: number;
  app: Awaited<ReturnType<typeof startApp>>;
  municipality: SeededMunicipality;
  accountIds: Record<string, string>;
  /** `name=value` of a valid login cookie for that login id. */
  cookieFor(loginId: string): Promise<string>;
  stop(): Promise<void>;
}

/** The real server for the tests of the calling describe block: started before them, stopped after. */
export function useRealServer(envOverrides: Record<string, string> = {}): () => RealServer {
  let server: RealServer | undefined;
  beforeAll(async () => {
    server = await startRealServer(envOverrides);
  });
  afterAll(async () => {
    await server?.stop();
  });
  return () => server!;
}

/**
 * The whole server as `npm start` runs it (API, booth, the built Remix app), listening on loopback,
 * on a fresh libSQL file with one town. LiveKit is pointed at a closed port: these tests are about
 * HTTP. Needs the build (`npm test` builds first).
 */
export async function startRealServer(envOverrides: Record<string, string> = {}): Promise<RealServer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'madoguchi-security-'));
  const port = await freePort();
  const app = await startApp(
    parseEnv({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      HOST: '127.0.0.1',
      PORT: String(port),
      MADOGUCHI_DATA_DIR: dir,
      LIVEKIT_URL: 'ws://127.0.0.1:9',
      ...envOverrides,
    }),
  );
  const municipality = await seedMunicipality(app.ctx.database.db, {
    code: '243248',
    name: '東員町',
    boothName: '役場ブース',
    calendar: everyDayCalendar([{ start: '00:00', end: '24:00' }]),
    logins: [
      { loginId: 'admin', role: 'admin', displayName: '管理者', password: 'pw-admin-123456' },
      { loginId: 'staff', role: 'town_staff', displayName: '職員', password: 'pw-staff-123456' },
    ],
  });
  const accountIds = Object.fromEntries(
    (await app.ctx.database.client.execute('SELECT login_id, id FROM account')).rows.map((r) => [String(r.login_id), String(r.id)]),
  );
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    app,
    municipality,
    accountIds,
    async cookieFor(loginId) {
      const setCookie = await app.ctx.accounts.commit(new Request('http://127.0.0.1/'), accountIds[loginId]!);
      return setCookie.split(';')[0]!;
    },
    async stop() {
      await app.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
