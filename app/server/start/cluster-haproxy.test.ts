import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { backendStates, type HaproxyOptions, haproxyConfig } from './cluster-haproxy';
import { freePorts } from './cluster-process';

const options: HaproxyOptions = {
  bindHost: '127.0.0.1',
  appPort: 3000,
  appNodes: [
    { name: 'app-1', port: 3001 },
    { name: 'app-2', port: 3002 },
  ],
  livekitPort: 7880,
  livekitNodes: [
    { name: 'livekit-1', port: 7890 },
    { name: 'livekit-2', port: 7900 },
  ],
  statsPort: 8404,
};

describe('haproxyConfig', () => {
  it('is a config Debian’s haproxy accepts (haproxy -c)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'haproxy-cfg-'));
    try {
      const file = path.join(dir, 'haproxy.cfg');
      writeFileSync(file, haproxyConfig(options));
      const binary = ['/usr/sbin/haproxy', 'haproxy'].find((b) => !spawnSync(b, ['-v']).error);
      if (!binary) throw new Error('haproxy is not installed: bash scripts/setup.sh --with-cluster');
      const check = spawnSync(binary, ['-c', '-f', file], { encoding: 'utf8' });
      expect(`${check.stdout}${check.stderr}`).toMatch(/Configuration file is valid/);
      expect(check.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps what SSE, the client address and failover depend on', () => {
    const text = haproxyConfig(options);
    // Inactivity timeouts above the event stream's 15 s beat; WebSockets get a long tunnel timeout.
    expect(text).toMatch(/timeout server 60s/);
    expect(text).toMatch(/timeout client 60s/);
    expect(text).toMatch(/timeout tunnel 1h/);
    // Nothing that would buffer a response or close the stream after the first event.
    expect(text).not.toMatch(/http-buffer-request|httpclose|http-server-close|compression/);
    expect(text).toMatch(/option forwardfor/);
    expect(text).toMatch(/http-request set-header X-Request-Id %\[uuid\]/);
    expect(text).toMatch(/http-check send meth GET uri \/api\/health/);
    expect(text).toMatch(/http-check expect string OK/);
    expect(text).toMatch(/server app-2 127\.0\.0\.1:3002 check/);
    expect(text).toMatch(/server livekit-2 127\.0\.0\.1:7900 check/);
    expect(text).toMatch(/bind 127\.0\.0\.1:3000/);
    expect(haproxyConfig({ ...options, bindHost: '::' })).toMatch(/bind \[::\]:3000/);
  });

  it('refuses names, hosts and ports that would break or inject into the config', () => {
    expect(() => haproxyConfig({ ...options, appNodes: [{ name: 'app 1\n  server x', port: 3001 }] })).toThrow(/letters, digits/);
    expect(() => haproxyConfig({ ...options, bindHost: 'localhost' })).toThrow(/IP address/);
    expect(() => haproxyConfig({ ...options, appPort: 0 })).toThrow(/appPort/);
    expect(() => haproxyConfig({ ...options, livekitNodes: [] })).toThrow(/at least one LiveKit node/);
  });
});

const haproxyBinary = () => ['/usr/sbin/haproxy', 'haproxy'].find((b) => !spawnSync(b, ['-v']).error);

/** A stand-in app node: answers every request with its name (the health check included). */
function node(name: string): Promise<Server> {
  return new Promise((resolve) => {
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.end(`${req.method} ${name}`));
    });
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}
const portOf = (server: Server) => (server.address() as AddressInfo).port;

describe('HAProxy with the generated config (real haproxy, two stand-in nodes)', () => {
  it('requests sent just after a node is killed (not yet taken out) are answered by the live node, POSTs included: no 502', async () => {
    const binary = haproxyBinary();
    if (!binary) throw new Error('haproxy is not installed: bash scripts/setup.sh --with-cluster');
    const [one, two] = await Promise.all([node('app-1'), node('app-2')]);
    const [appPort, livekitPort, statsPort] = (await freePorts(3)) as [number, number, number];
    const dir = mkdtempSync(path.join(tmpdir(), 'haproxy-run-'));
    const file = path.join(dir, 'haproxy.cfg');
    writeFileSync(
      file,
      haproxyConfig({
        bindHost: '127.0.0.1',
        appPort,
        appNodes: [
          { name: 'app-1', port: portOf(one) },
          { name: 'app-2', port: portOf(two) },
        ],
        livekitPort,
        livekitNodes: [{ name: 'livekit-1', port: portOf(two) }],
        statsPort,
      }),
    );
    let haproxy: ChildProcess | undefined;
    try {
      haproxy = spawn(binary, ['-db', '-f', file], { stdio: 'ignore' });
      const states = async () => backendStates(await (await fetch(`http://127.0.0.1:${statsPort}/;csv`)).text());
      const until = async (what: (s: Record<string, string>) => boolean, ms: number) => {
        const giveUp = Date.now() + ms;
        for (;;) {
          const s = await states().catch(() => ({}));
          if (what(s)) return;
          if (Date.now() > giveUp) throw new Error(`HAProxy states: ${JSON.stringify(s)}`);
          await new Promise((r) => setTimeout(r, 20));
        }
      };
      await until((s) => s['app_nodes/app-1'] === 'UP' && s['app_nodes/app-2'] === 'UP', 10_000);
      const url = `http://127.0.0.1:${appPort}`;
      for (let i = 0; i < 4; i++) await (await fetch(url)).text();
      // Killed: connections refused from now on, while HAProxy still counts the node in.
      one.closeAllConnections();
      await new Promise((resolve) => one.close(resolve));
      const killedAt = Date.now();
      const answers: string[] = [];
      for (let i = 0; i < 8; i++) {
        const method = i % 2 === 0 ? 'POST' : 'GET';
        const response = await fetch(url, { method, headers: { connection: 'close' }, ...(method === 'POST' ? { body: 'x' } : {}) });
        answers.push(`${response.status} ${(await response.text()).slice(0, 12)}`);
      }
      // Before the fix the third request (a POST) got a 502 after 1 s: the node was marked down from
      // the traffic while that request was being moved, and shutdown-sessions closed it.
      expect(answers).toEqual(Array.from({ length: 8 }, (_, i) => `200 ${i % 2 === 0 ? 'POST' : 'GET'} app-2`));
      // And it is still taken out quickly (the checks come every 250 ms once traffic saw it refuse).
      await until((s) => s['app_nodes/app-1'] === 'DOWN', 3_000);
      console.log(`killed node taken out ${Date.now() - killedAt} ms after the kill`);
    } finally {
      haproxy?.kill('SIGTERM');
      two.closeAllConnections();
      two.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});

describe('backendStates', () => {
  it("reads the servers' states from the stats CSV, the state in force while a check is rising or falling", () => {
    const csv = [
      '# pxname,svname,qcur,qmax,scur,smax,slim,stot,bin,bout,dreq,dresp,ereq,econ,eresp,wretr,wredis,status,weight',
      'app,FRONTEND,,,0,0,4000,0,0,0,0,0,0,,,,,OPEN,',
      'app_nodes,app-1,0,0,0,0,,0,0,0,,0,,0,0,0,0,UP 1/2,1',
      'app_nodes,app-2,0,0,0,0,,0,0,0,,0,,0,0,0,0,DOWN,1',
      'app_nodes,BACKEND,0,0,0,0,400,0,0,0,0,0,,0,0,0,0,UP,1',
      'livekit_nodes,livekit-1,0,0,0,1,,5,2590,665,,0,,0,0,0,0,UP,1',
      'livekit_nodes,livekit-2,0,0,0,1,,5,2590,665,,0,,0,0,0,0,MAINT,1',
    ].join('\n');
    expect(backendStates(csv)).toEqual({
      'app_nodes/app-1': 'UP',
      'app_nodes/app-2': 'DOWN',
      'livekit_nodes/livekit-1': 'UP',
      'livekit_nodes/livekit-2': 'MAINT',
    });
  });
});
