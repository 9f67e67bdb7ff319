import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { boothIdentity } from '@madoguchi/db/call-contract';
import { buildLiveKitClusterConfigs, livekitRooms, type RunningLiveKit, startLiveKit } from '@madoguchi/media-server';
import { CALL_RECONNECT, retryDelayMs } from '@madoguchi/media-server/call-reconnect';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../test/real-server';
import { type RunningRedis, startRedis } from '../../test/redis';
import { joinBySignal, type SignalParticipant } from '../../test/signal-participant';
import { count, createTestApp, type TestApp } from '../../test/test-context';

/*
 * A LiveKit node killed under a live call (issue 15 item 5), with real parts: two livekit-server
 * nodes sharing a real redis-server, a real HAProxy in front of them (the app's LIVEKIT_URL and the
 * participants' URL), the app on a real libSQL file. Participants join through the signalling
 * alone (app/test/signal-participant.ts); the e2e fault test does it with Chromium and media.
 */

const credentials = { apiKey: 'APIfailover', apiSecret: 'f'.repeat(43) };

interface Node {
  name: string;
  id: string;
  livekit: RunningLiveKit;
}

let redis: RunningRedis;
const nodes: Node[] = [];
let haproxy: ChildProcess | undefined;
let haproxyDir: string;
let lb: { wsUrl: string; httpUrl: string };
let t: TestApp | undefined;

/** LiveKit's log level; anything but error (e.g. LK_FAILOVER_LOG=info) also prints both nodes' lines and each join attempt, timed from the kill. */
const LOG_LEVEL = process.env.LK_FAILOVER_LOG ?? 'error';
const logLines: string[] = [];

/** One node of the cluster: the cluster's config (cluster.ts) on loopback ports of its own (`port` given), sharing `redis`. */
async function startNode(name: string, port: number): Promise<Node> {
  const before = new Set(Object.keys(await redis.client().hgetall('nodes')));
  const [config] = buildLiveKitClusterConfigs({
    credentials,
    webhookUrl: 'http://127.0.0.1:9/none',
    redisAddress: `127.0.0.1:${redis.port}`,
    nodes: [
      { nodeIp: '127.0.0.1', ports: { http: port, rtcTcp: await freePort(), rtcUdp: await freePort(), prometheus: await freePort() } },
    ],
    overrides: { logging: { level: LOG_LEVEL } },
  });
  const livekit = await startLiveKit({
    config: config!,
    onLog: (line) => {
      if (LOG_LEVEL !== 'error') logLines.push(`${Date.now()} ${name} ${line}`);
    },
  });
  // Its id, as it registered itself in the shared store (LiveKit's own `nodes` hash).
  for (let i = 0; i < 100; i++) {
    const id = Object.keys(await redis.client().hgetall('nodes')).find((n) => !before.has(n));
    if (id) return { name, id, livekit };
    await sleep(50);
  }
  throw new Error(`livekit node ${name} did not register in Redis`);
}

/** Reads a protobuf varint (the node records in Redis are protobuf). */
function varint(buf: Buffer, at: number): [number, number] {
  let value = 0;
  for (let shift = 0; ; shift += 7) {
    const byte = buf[at++]!;
    value += (byte & 0x7f) * 2 ** shift;
    if (!(byte & 0x80)) return [value, at];
  }
}
/** Top-level fields of a protobuf message: varints and length-delimited bytes, by field number. */
function protoFields(buf: Buffer): Map<number, number | Buffer> {
  const out = new Map<number, number | Buffer>();
  for (let at = 0; at < buf.length; ) {
    const [key, next] = varint(buf, at);
    at = next;
    const wire = key & 7;
    if (wire === 0) {
      const [value, after] = varint(buf, at);
      out.set(Math.floor(key / 8), value);
      at = after;
    } else if (wire === 2) {
      const [length, after] = varint(buf, at);
      out.set(Math.floor(key / 8), buf.subarray(after, after + length));
      at = after + length;
    } else at += wire === 5 ? 4 : 8;
  }
  return out;
}
/**
 * Whether LiveKit counts the node dead: its stats (livekit.Node field 4, NodeStats.updated_at field
 * 2, unix seconds) are 5 s old or more (pkg/routing/selector `IsAvailable`, AvailableSeconds = 5).
 */
async function consideredDead(nodeId: string): Promise<boolean> {
  const record = await redis.client().hgetBuffer('nodes', nodeId);
  if (!record) return true;
  const stats = protoFields(record).get(4);
  const updatedAt = Buffer.isBuffer(stats) ? Number(protoFields(stats).get(2) ?? 0) : 0;
  return Math.floor(Date.now() / 1000) - updatedAt >= 5;
}

/** HAProxy in front of the nodes' HTTP/WebSocket ports; resolves once `upCount` of them pass its check. */
async function startHaproxy(ports: number[]) {
  const port = await freePort();
  haproxyDir = mkdtempSync(path.join(tmpdir(), 'mdg-lk-haproxy-'));
  const file = path.join(haproxyDir, 'haproxy.cfg');
  // A refused connection is retried on another node at once (redispatch); a dead node is out of
  // the rotation after two failed checks 0.5 s apart.
  writeFileSync(
    file,
    [
      'defaults',
      '  mode http',
      '  timeout connect 1s',
      '  timeout client 60s',
      '  timeout server 60s',
      '  timeout tunnel 1h',
      '  retries 3',
      '  option redispatch',
      'frontend livekit',
      `  bind 127.0.0.1:${port}`,
      '  default_backend nodes',
      'backend nodes',
      '  balance roundrobin',
      '  option httpchk GET /',
      '  default-server inter 500ms fall 2 rise 1',
      ...ports.map((p, i) => `  server n${i} 127.0.0.1:${p} check`),
      '',
    ].join('\n'),
  );
  haproxy = spawn('haproxy', ['-f', file, '-db'], { stdio: 'ignore' });
  lb = { wsUrl: `ws://127.0.0.1:${port}`, httpUrl: `http://127.0.0.1:${port}` };
}

/** Until HAProxy passes requests to every node in `ports` (its checks saw them up). */
async function untilBalanced(ports: number[]) {
  for (let i = 0; i < 100; i++) {
    const seen = new Set<string>();
    for (let j = 0; j < 2 * ports.length; j++) {
      const ok = await fetch(`${lb.httpUrl}/`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) seen.add(String(j % ports.length));
    }
    if (seen.size === ports.length) return;
    await sleep(100);
  }
  throw new Error('haproxy did not balance over every node');
}

beforeAll(async () => {
  redis = await startRedis();
});

afterAll(async () => {
  await t?.close();
  haproxy?.kill('SIGTERM');
  for (const node of nodes) await node.livekit.stop();
  await redis?.stop();
  if (haproxyDir) rmSync(haproxyDir, { recursive: true, force: true });
});

/**
 * Joins through the load balancer, again and again until LiveKit lets it in, spaced as the booth and
 * the console space theirs (call-reconnect.ts `retryDelayMs`, from the loss at `started`); how long that took.
 */
async function joinUntilIn(
  who: string,
  token: () => Promise<string> | string,
  started: number,
  limitMs: number,
): Promise<{ participant: SignalParticipant; ms: number }> {
  for (let retryCount = 0; ; retryCount++) {
    const delay = retryDelayMs({ retryCount, elapsedMs: Date.now() - started });
    if (delay === null) throw new Error('the reconnect policy gave up');
    if (retryCount > 0) await sleep(delay);
    const at = Date.now() - started;
    try {
      // Given up after the client's own signalling limit, as the booth and the console do.
      const participant = await joinBySignal(lb.wsUrl, await token(), CALL_RECONNECT.websocketTimeoutMs);
      if (LOG_LEVEL !== 'error') logLines.push(`${Date.now()} test ${who} attempt sent at ${at} ms: joined ${participant.sid}`);
      return { participant, ms: Date.now() - started };
    } catch (error) {
      if (LOG_LEVEL !== 'error') logLines.push(`${Date.now()} test ${who} attempt sent at ${at} ms: ${String(error)}`);
      if (Date.now() - started > limitMs) throw error;
    }
  }
}

describe('a LiveKit node killed under a live call (two nodes, one Redis, HAProxy in front)', () => {
  it('the call gets its room back on the surviving node, same name and tokens; rooms of ended sessions are still deleted', async () => {
    // Node A alone first, so both calls' rooms are on it; then node B joins the cluster.
    const ports = [await freePort(), await freePort()];
    await startHaproxy(ports);
    nodes.push(await startNode('a', ports[0]!));
    // HAProxy starts beside node A and counts it up at its first check: until then the calls below
    // would find no LiveKit behind it (503 call_unavailable).
    await untilBalanced([ports[0]!]);
    const rooms = livekitRooms(lb.httpUrl, credentials);
    t = await createTestApp(
      { LIVEKIT_URL: lb.wsUrl, LIVEKIT_API_KEY: credentials.apiKey, LIVEKIT_API_SECRET: credentials.apiSecret },
      { rooms },
    );
    const hostOf = (roomName: string) => redis.client().hget('room_node_map', roomName);

    // Two calls whose rooms are on node A: one answered (both sides in it), one waiting.
    const operator = await t.principal('op-a');
    const call = await t.openCall();
    const waiting = await t.openCall(t.municipalityB.boothCredential, {});
    await t.ctx.queue.accept(operator, call.sessionId);
    nodes.push(await startNode('b', ports[1]!));
    await untilBalanced(ports);
    const [a, b] = nodes as [Node, Node];
    expect(await hostOf(call.connection.roomName)).toBe(a.id);
    expect(await hostOf(waiting.connection.roomName)).toBe(a.id);
    const op1 = await t.ctx.sessions.operatorConnection(operator, call.sessionId, lb.wsUrl);
    const boothIn = await joinBySignal(lb.wsUrl, call.connection.participantToken);
    const operatorIn = await joinBySignal(lb.wsUrl, op1.connection.participantToken);
    expect((await rooms.participants(call.connection.roomName)).map((p) => p.identity).sort()).toHaveLength(2);

    // kill -9 the node that hosts both rooms.
    const killedAt = Date.now();
    process.kill(a.livekit.pid, 'SIGKILL');
    boothIn.close();
    operatorIn.close();
    let deadMs: number | null = null;
    const watchDead = (async () => {
      while (deadMs === null && Date.now() - killedAt < 15_000) {
        if (await consideredDead(a.id)) deadMs = Date.now() - killedAt;
        else await sleep(50);
      }
    })();

    // The app's sweep meanwhile (the node not yet counted dead): the room is still listed (LiveKit's
    // shared store keeps it), so the session is not ended as room-gone. Until HAProxy's checks take
    // the dead node out, a request it sends there fails, and the app's sweep runs again later.
    for (let attempt = 1; ; attempt++) {
      try {
        await t.ctx.sessions.sweepRooms();
        break;
      } catch (error) {
        if (attempt >= 20) throw error;
        await sleep(250);
      }
    }
    expect((await t.ctx.sessions.byRoom(call.connection.roomName))?.status).toBe('active');

    // Both sides join again with what they have, from the moment their link broke: the booth its
    // token, the operator a fresh one from the app.
    const [boothBack, operatorBack] = await Promise.all([
      joinUntilIn('booth', () => call.connection.participantToken, killedAt, 20_000),
      joinUntilIn(
        'operator',
        async () => (await t!.ctx.sessions.operatorConnection(operator, call.sessionId, lb.wsUrl)).connection.participantToken,
        killedAt,
        20_000,
      ),
    ]);
    await watchDead;
    const backMs = Math.max(boothBack.ms, operatorBack.ms);
    console.info(
      `kill -9 → node considered dead: ${deadMs} ms; → booth back in: ${boothBack.ms} ms; → operator back in: ${operatorBack.ms} ms`,
    );
    expect(deadMs).not.toBeNull();
    expect(deadMs!).toBeLessThanOrEqual(6_000);
    // Both stay in: no join of theirs that they gave up on (LiveKit may still act on it, relaying it
    // again once the room moved) throws their connection out later.
    await sleep(Math.max(0, killedAt + 15_000 - Date.now()));
    const stay = { booth: boothBack.participant.thrownOut, operator: operatorBack.participant.thrownOut };
    console.info(`after 15 s: booth ${stay.booth ?? 'still in'}, operator ${stay.operator ?? 'still in'}`);
    if (LOG_LEVEL !== 'error') console.info(logLines.map((l) => `${Number(l.slice(0, 13)) - killedAt} ${l.slice(14)}`).join('\n'));
    expect(stay).toEqual({ booth: null, operator: null });
    expect(backMs).toBeLessThanOrEqual(8_000);

    // The resident gives up on the waiting call: its room's node is gone, so its delete fails for
    // now (the session ends all the same, and the sweep retries).
    expect((await t.asBooth(t.municipalityB.boothCredential, 'POST', `/v1/booth/sessions/${waiting.sessionId}/cancel`)).status).toBe(200);

    // Same room name, now on the surviving node; the session still live with both sides in it.
    expect(await hostOf(call.connection.roomName)).toBe(b.id);
    const inRoom = (await rooms.participants(call.connection.roomName)).map((p) => p.identity);
    expect(inRoom).toHaveLength(2);
    expect(inRoom).toContain(boothIdentity(t.municipalityA.boothId));
    await t.ctx.sessions.sweepRooms();
    expect((await t.ctx.sessions.byRoom(call.connection.roomName))?.status).toBe('active');

    // The cancelled call's room: the sweep deletes it once LiveKit moved it off the dead node.
    for (let i = 0; i < 20 && (await rooms.list()).some((r) => r.name === waiting.connection.roomName); i++) {
      await t.ctx.sessions.sweepRooms().catch(() => undefined);
      await sleep(250);
    }
    expect((await rooms.list()).map((r) => r.name)).not.toContain(waiting.connection.roomName);

    // The call ends as usual: its room is deleted on the surviving node, and both sides are out.
    await t.ctx.queue.endCall(operator, call.sessionId, 'completed', null);
    expect((await rooms.list()).map((r) => r.name)).not.toContain(call.connection.roomName);
    expect(await count(t.ctx, "SELECT count(*) AS n FROM session WHERE status = 'ended'")).toBe(2);
    boothBack.participant.close();
    operatorBack.participant.close();
  }, 120_000);
});
