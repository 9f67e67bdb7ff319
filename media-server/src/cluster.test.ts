import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { RoomServiceClient } from 'livekit-server-sdk';
import { describe, expect, it } from 'vitest';
import { CALL_RECONNECT } from './call-reconnect';
import { buildLiveKitClusterConfigs, LIVEKIT_RELAY_TRY_MS, LIVEKIT_SIGNAL_CONNECT_ATTEMPTS, type LiveKitNodePorts } from './cluster';
import { type RunningLiveKit, startLiveKit } from './launcher';

const credentials = { apiKey: 'APIcluster', apiSecret: 'c'.repeat(43) };
const webhookUrl = 'http://127.0.0.1:8080/api/livekit/webhook';
const ports = (base: number): LiveKitNodePorts => ({ http: base, rtcTcp: base + 1, rtcUdp: base + 2, prometheus: base + 3 });

describe('buildLiveKitClusterConfigs', () => {
  it('derives every node from livekit.yaml: one Redis, one key pair and webhook, its own ports and Prometheus', () => {
    const [a, b] = buildLiveKitClusterConfigs({
      credentials,
      webhookUrl,
      redisAddress: '127.0.0.1:6390',
      nodes: [{ ports: ports(17900), nodeIp: '10.0.0.1' }, { ports: ports(17910) }],
    });
    for (const config of [a!, b!]) {
      expect(config.redis).toEqual({ address: '127.0.0.1:6390' });
      expect(config.keys).toEqual({ APIcluster: 'c'.repeat(43) });
      expect(config.webhook).toEqual({ api_key: 'APIcluster', urls: [webhookUrl] });
      // From livekit.yaml, unchanged.
      expect(config.room).toMatchObject({ auto_create: false, max_participants: 2 });
      expect(config.bind_addresses).toEqual(['127.0.0.1']);
      expect(config).not.toHaveProperty('prometheus_port');
    }
    expect(a).toMatchObject({ port: 17900, prometheus: { port: 17903 } });
    expect(a!.rtc).toMatchObject({ tcp_port: 17901, udp_port: 17902, node_ip: '10.0.0.1', use_external_ip: false });
    expect(b).toMatchObject({ port: 17910, prometheus: { port: 17913 } });
    expect(b!.rtc).toMatchObject({ tcp_port: 17911, udp_port: 17912 });
    expect(b!.rtc).not.toHaveProperty('node_ip');
  });

  it("relays a join to the room's node once: a join LiveKit would still act on after the client gave up on it is not possible", () => {
    // livekit-server retries a join on its own (signal_relay.connect_attempts, default 3), each try
    // waiting 3 s for a node that died and is not yet counted dead: its third try, 6 s in, long
    // after the client gave up (4 s), went to the room's new node and threw out that client's newer
    // connection there. One try, refused after 3 s, ends before the client gives up.
    const [a, b] = buildLiveKitClusterConfigs({
      credentials,
      webhookUrl,
      redisAddress: '127.0.0.1:6390',
      nodes: [{ ports: ports(17900) }, { ports: ports(17910) }],
      overrides: { signal_relay: { retry_timeout: '7s', connect_attempts: 5 } },
    });
    for (const config of [a!, b!]) expect(config.signal_relay).toEqual({ retry_timeout: '7s', connect_attempts: 1 });
    expect(LIVEKIT_SIGNAL_CONNECT_ATTEMPTS * LIVEKIT_RELAY_TRY_MS).toBeLessThan(CALL_RECONNECT.websocketTimeoutMs);
  });

  it('merges overrides under the cluster ports, which win', () => {
    const [a] = buildLiveKitClusterConfigs({
      credentials,
      webhookUrl,
      redisAddress: 'redis.internal:6379',
      nodes: [{ ports: ports(17900) }],
      overrides: { rtc: { stun_servers: ['127.0.0.1:3478'], udp_port: 1 }, logging: { level: 'warn' } },
    });
    expect(a!.rtc).toMatchObject({ stun_servers: ['127.0.0.1:3478'], udp_port: 17902, tcp_port: 17901 });
    expect(a!.logging).toMatchObject({ level: 'warn' });
  });

  it('refuses a port used twice on one address, a bad Redis address, no nodes, and a UDP port range', () => {
    const base = { credentials, webhookUrl, redisAddress: '127.0.0.1:6390' };
    expect(() => buildLiveKitClusterConfigs({ ...base, nodes: [{ ports: ports(17900) }, { ports: ports(17902) }] })).toThrow(
      /Port 17902 is used twice on this host \(nodes 1 and 2\)/,
    );
    // Two hosts may use the same ports.
    expect(
      buildLiveKitClusterConfigs({ ...base, nodes: [17900, 17900].map((p, i) => ({ ports: ports(p), nodeIp: `10.0.0.${i + 1}` })) }),
    ).toHaveLength(2);
    expect(() => buildLiveKitClusterConfigs({ ...base, nodes: [{ ports: { ...ports(17900), prometheus: 70000 } }] })).toThrow(
      /prometheus port must be a port number/,
    );
    expect(() => buildLiveKitClusterConfigs({ ...base, redisAddress: 'redis://127.0.0.1:6390', nodes: [{ ports: ports(17900) }] })).toThrow(
      /host:port/,
    );
    expect(() => buildLiveKitClusterConfigs({ ...base, nodes: [] })).toThrow(/at least one node/);
    const dir = mkdtempSync(path.join(tmpdir(), 'lkcluster-'));
    const configFile = path.join(dir, 'livekit.yaml');
    writeFileSync(configFile, 'port: 7880\nrtc:\n  port_range_start: 50000\n  port_range_end: 60000\n');
    expect(() => buildLiveKitClusterConfigs({ ...base, configFile, nodes: [{ ports: ports(17900) }] })).toThrow(/port_range/);
    rmSync(dir, { recursive: true, force: true });
  });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** True when a Redis answers PING on the port. */
function pong(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => socket.write('PING\r\n'));
    socket.setTimeout(500, () => socket.destroy());
    socket.once('data', (data) => {
      resolve(data.toString().startsWith('+PONG'));
      socket.destroy();
    });
    socket.once('error', () => resolve(false));
    socket.once('close', () => resolve(false));
  });
}

/** Debian's redis-server on loopback, nothing on disk (media-server cannot use app/test/redis.ts). */
async function startRedis(): Promise<{ port: number; stop(): Promise<void> }> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'lkcluster-redis-'));
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--loglevel', 'warning'],
    { stdio: 'ignore' },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  for (let i = 0; i < 100 && child.exitCode === null; i++) {
    if (await pong(port)) return { port, stop };
    await sleep(50);
  }
  await stop();
  throw new Error(`redis-server did not start on ${port}`);
}

// Real livekit-server ×2 on one real redis-server: LiveKit's own multi-node mode, nothing home-made.
describe('a LiveKit cluster (two real livekit-server nodes, one real redis-server)', () => {
  it("routes RoomService through Redis: a room created on node 1 is listed and deleted through node 2; each node's Prometheus answers", async () => {
    const redis = await startRedis();
    const nodes: RunningLiveKit[] = [];
    try {
      const nodePorts: LiveKitNodePorts[] = [];
      for (let i = 0; i < 2; i++) {
        // A port found free can be taken by a parallel test before LiveKit binds it (LiveKit then
        // exits 0, "address already in use"): that node is tried again on other ports.
        for (let attempt = 1; ; attempt++) {
          const p = { http: await freePort(), rtcTcp: await freePort(), rtcUdp: await freePort(), prometheus: await freePort() };
          const [config] = buildLiveKitClusterConfigs({
            credentials,
            webhookUrl: 'http://127.0.0.1:9/none',
            redisAddress: `127.0.0.1:${redis.port}`,
            nodes: [{ ports: p, nodeIp: '127.0.0.1' }],
            overrides: { logging: { level: 'warn' } },
          });
          try {
            nodes.push(await startLiveKit({ config: config! }));
            nodePorts.push(p);
            break;
          } catch (error) {
            if (attempt >= 3 || !/address already in use/.test(String(error))) throw error;
          }
        }
      }
      const [one, two] = nodes.map((n) => new RoomServiceClient(n.httpUrl, credentials.apiKey, credentials.apiSecret));

      const room = `cluster-test-${process.pid}`;
      await one!.createRoom({ name: room, emptyTimeout: 60 });
      expect((await two!.listRooms()).map((r) => r.name)).toContain(room);
      await two!.deleteRoom(room);
      expect((await one!.listRooms()).map((r) => r.name)).not.toContain(room);

      for (const p of nodePorts) {
        const metrics = await fetch(`http://127.0.0.1:${p.prometheus}/metrics`);
        expect(metrics.status).toBe(200);
        expect(await metrics.text()).toMatch(/^livekit_/m);
      }
    } finally {
      for (const node of nodes) await node.stop();
      await redis.stop();
    }
  }, 60_000);
});
