/**
 * Issue 15 item 6, against the real thing: two app server processes on ONE libSQL file (WAL,
 * busy timeout; db/src/client.ts), as several app nodes on one host run it. A burst of booth
 * events goes through both at once, many in flight on each; every event either node
 * acknowledged is stored exactly once, and none is refused for a locked database.
 */
import { randomUUID } from 'node:crypto';
import { createClient } from '@libsql/client';
import { defaultDatabaseUrl } from '@madoguchi/db';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { cleanup, ensureBuilds, freePort, type RunningServer, startServer, tempDir, waitUntilAnswering } from '../../../bench/server';
import { seedCallsInProgress } from '../../test/calls-in-progress';

/** Sessions in progress, and events sent per session through each node. */
const SESSIONS = 4;
const EVENTS_PER_SESSION_PER_NODE = 60;
/** Requests in flight per node at any time. */
const IN_FLIGHT = 12;

let dataDir: string;
let nodes: RunningServer[] = [];
let credential: string;
let sessionIds: string[] = [];

beforeAll(async () => {
  ensureBuilds();
  dataDir = tempDir('madoguchi-two-processes-');
  const seeded = await seedCallsInProgress(dataDir, SESSIONS);
  credential = seeded.credential;
  sessionIds = seeded.sessionIds;
  const ports = [await freePort(), await freePort()];
  nodes = ports.map((port) => startServer(dataDir, port, { LIVEKIT_URL: 'ws://127.0.0.1:9' }));
  await Promise.all(nodes.map((node) => waitUntilAnswering(node, 90_000)));
}, 400_000);

afterAll(async () => {
  await cleanup();
});

interface Sent {
  clientId: string;
  sessionId: string;
  status: number;
}

/** One event as the booth's outbox posts it (booth-client/src/events/outbox-sender.ts). */
async function postEvent(url: string, sessionId: string, n: number): Promise<Sent> {
  const clientId = randomUUID();
  const now = new Date().toISOString();
  const response = await fetch(`${url}/api/v1/booth/sessions/${sessionId}/events`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${credential}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ type: 'quality-changed', detail: { quality: n % 2 ? 'poor' : 'good' }, clientId, occurredAt: now, sentAt: now }),
    signal: AbortSignal.timeout(15_000),
  }).catch(() => null);
  await response?.arrayBuffer().catch(() => undefined);
  return { clientId, sessionId, status: response?.status ?? 0 };
}

/** Every job of one node, IN_FLIGHT at a time. */
async function burst(url: string): Promise<Sent[]> {
  const jobs = sessionIds.flatMap((sessionId) => Array.from({ length: EVENTS_PER_SESSION_PER_NODE }, (_, n) => [sessionId, n] as const));
  const sent: Sent[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < jobs.length) {
        const [sessionId, n] = jobs[next++]!;
        sent.push(await postEvent(url, sessionId, n));
      }
    }),
  );
  return sent;
}

it('stores every booth event either of two app processes on one file acknowledged, once', async () => {
  const startedAt = Date.now();
  const perNode = await Promise.all(nodes.map((node) => burst(node.url)));
  const ms = Date.now() - startedAt;
  const sent = perNode.flat();
  const acknowledged = sent.filter((s) => s.status >= 200 && s.status < 300);
  const refused = sent.filter((s) => !(s.status >= 200 && s.status < 300));

  const db = createClient({ url: defaultDatabaseUrl(dataDir) });
  try {
    const rows = (
      await db.execute({
        sql: `SELECT client_id, session_id FROM session_event WHERE actor_kind = 'booth' AND type = 'quality-changed'`,
      })
    ).rows;
    const stored = new Map(rows.map((r) => [String(r.client_id), String(r.session_id)]));
    // Each client id once: no event stored twice.
    expect(stored.size).toBe(rows.length);
    // Every acknowledged event is there, on its own session.
    const missing = acknowledged.filter((s) => stored.get(s.clientId) !== s.sessionId);
    expect(missing).toEqual([]);
    // And none was refused: the busy timeout lets each writer wait its turn instead of failing.
    expect(refused.map((s) => s.status)).toEqual([]);
    expect(acknowledged).toHaveLength(2 * SESSIONS * EVENTS_PER_SESSION_PER_NODE);
    console.info(`two processes, one file: ${acknowledged.length} events acknowledged and stored in ${ms} ms, 0 lost, 0 refused`);
  } finally {
    db.close();
  }
}, 180_000);
