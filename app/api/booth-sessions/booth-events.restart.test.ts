/**
 * Issue 13 item 1, against the real thing: the app server as its own process on a real libSQL
 * file, SIGKILLed while the booth's outbox (booth-client/src/events) records events, restarted on
 * the same file and port after the outage; the kiosk is also reloaded during the outage (a new
 * outbox from the same storage). Every event is recorded once, dated when it happened, in order,
 * and the booth's end arrives after them. OUTAGE_MS sets the outage (12 s by default; the issue's
 * goal, 5 minutes: OUTAGE_MS=300000).
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { createClient } from '@libsql/client';
import { defaultDatabaseUrl } from '@madoguchi/db';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { cleanup, ensureBuilds, freePort, type RunningServer, startServer, tempDir, waitUntilAnswering } from '../../../bench/server';
import type { BoothEventType } from '../../../booth-client/src/api';
import { BoothOutbox, type OutboxEnvironment, type OutboxTransport } from '../../../booth-client/src/events/outbox-sender';
import { seedCallsInProgress } from '../../test/calls-in-progress';

const OUTAGE_MS = Number(process.env.OUTAGE_MS ?? 12_000);
/** One event every this often during the outage (at most 100 of them). */
const EVERY_MS = Math.max(500, OUTAGE_MS / 100);

let dataDir: string;
let port: number;
let server: RunningServer;
let credential: string;
let sessionId: string;

beforeAll(async () => {
  ensureBuilds();
  dataDir = tempDir('madoguchi-outbox-restart-');
  port = await freePort();
  const seeded = await seedCallsInProgress(dataDir, 1);
  credential = seeded.credential;
  sessionId = seeded.sessionIds[0]!;
  server = startServer(dataDir, port, { LIVEKIT_URL: 'ws://127.0.0.1:9' });
  await waitUntilAnswering(server, 60_000);
}, 400_000);

afterAll(async () => {
  await cleanup();
});

/** The booth API as the kiosk calls it (api.ts): a refused call carries its HTTP status. */
function transport(url: () => string): OutboxTransport {
  const post = async (path: string, body?: unknown) => {
    const response = await fetch(`${url()}/api/v1/booth/sessions/${path}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${credential}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(3_000),
    });
    const payload: unknown = await response.json().catch(() => null);
    if (!response.ok) throw Object.assign(new Error(`HTTP ${response.status}`), { status: response.status });
    return payload;
  };
  return {
    event: (id, event) => post(`${id}/events`, event),
    cancel: (id) => post(`${id}/cancel`),
    end: (id, reason) => post(`${id}/end`, reason ? { reason } : undefined),
  };
}

/** localStorage as the kiosk has it: it outlives a page (the outbox object). */
const storage = new Map<string, string>();
const environment: OutboxEnvironment = {
  storage: { getItem: (key) => storage.get(key) ?? null, setItem: (key, value) => void storage.set(key, value) },
  now: () => Date.now(),
  random: () => Math.random(),
  newId: () => randomUUID(),
};

it(
  `loses no booth event across an app SIGKILL and a ${OUTAGE_MS / 1000} s outage, and dates each when it happened`,
  async () => {
    const url = () => server.url;
    let outbox = new BoothOutbox(transport(url), environment);
    outbox.start();
    const recorded: { type: BoothEventType; at: number }[] = [];
    const record = (type: BoothEventType, detail?: Record<string, string>) => {
      recorded.push({ type, at: Date.now() });
      outbox.record(sessionId, type, detail);
    };

    record('connected');
    await outbox.drained();

    await server.kill('SIGKILL');
    const killedAt = Date.now();
    // What issue 13 saw lost: a guidance card and the PIN step within the first seconds.
    record('guidance-shown', { card: 'scan-qr' });
    record('pin-privacy-on');
    const during: [BoothEventType, Record<string, string>?][] = [
      ['reconnecting'],
      ['quality-changed', { quality: 'poor' }],
      ['degraded', { quality: 'poor' }],
      ['recovered'],
    ];
    for (let i = 0; Date.now() - killedAt < OUTAGE_MS; i++) {
      await sleep(EVERY_MS);
      if (i === 3) {
        // The kiosk reloads meanwhile: a new page, the same storage.
        outbox.stop();
        outbox = new BoothOutbox(transport(url), environment);
        outbox.start();
      }
      record(...during[i % during.length]!);
    }
    record('pin-privacy-off', { by: 'resident' });
    outbox.close(sessionId, 'end');
    // Everything since the kill, and the end, is waiting.
    expect(outbox.pending).toBe(recorded.length);

    server = startServer(dataDir, port, { LIVEKIT_URL: 'ws://127.0.0.1:9' });
    await waitUntilAnswering(server, 60_000);
    const restartedAt = Date.now();
    // Without a heartbeat here, the outbox finds the server on its own backoff (15 s at most).
    await Promise.race([
      outbox.drained(),
      sleep(40_000).then(() => Promise.reject(new Error(`${outbox.pending} items still pending 40 s after the restart`))),
    ]);
    const drainedMs = Date.now() - restartedAt;
    outbox.stop();

    const db = createClient({ url: defaultDatabaseUrl(dataDir) });
    try {
      const rows = (
        await db.execute({
          sql: `SELECT type, at, occurred_at, client_id FROM session_event WHERE session_id = ? AND actor_kind = 'booth' ORDER BY occurred_at, id`,
          args: [sessionId],
        })
      ).rows;
      const events = rows.filter((r) => r.type !== 'ended');
      // Every event once, in the order it happened.
      expect(events.map((r) => r.type)).toEqual(recorded.map((r) => r.type));
      expect(new Set(events.map((r) => r.client_id)).size).toBe(recorded.length);
      // Dated when it happened on the booth (same clock here), not when it arrived after the restart.
      events.forEach((row, i) => {
        expect(Math.abs(Number(row.occurred_at) - recorded[i]!.at)).toBeLessThan(1_000);
      });
      expect(Number(events[1]!.at)).toBeGreaterThanOrEqual(restartedAt - 1_000);
      // The end went through too, after the events.
      const session = (await db.execute({ sql: 'SELECT status FROM session WHERE id = ?', args: [sessionId] })).rows[0];
      expect(session?.status).toBe('ended');
      console.info(`outage ${OUTAGE_MS} ms: ${recorded.length} events, 0 lost; outbox drained ${drainedMs} ms after the restart answered`);
    } finally {
      db.close();
    }
  },
  OUTAGE_MS + 180_000,
);
