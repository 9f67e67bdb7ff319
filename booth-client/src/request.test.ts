import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boundedFetch, RequestTimeout, requestTimeoutMs } from './request';

/**
 * Real TCP on loopback standing in for a cut link: a server that accepts and never answers is
 * what a request written into a connection whose far end is gone meets — nothing, until TCP gives
 * up minutes later. Another answers the headers and never the body.
 */
function listen(onSocket: (socket: Socket) => void): Promise<{ server: Server; url: string; sockets: Socket[] }> {
  const sockets: Socket[] = [];
  const server = createServer((socket) => {
    sockets.push(socket);
    socket.on('error', () => undefined);
    onSocket(socket);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, sockets, url: `http://127.0.0.1:${(server.address() as { port: number }).port}` }),
    ),
  );
}

describe('boundedFetch: every booth request ends within its bound', () => {
  let blackHole: Awaited<ReturnType<typeof listen>>;
  let noBody: Awaited<ReturnType<typeof listen>>;
  beforeAll(async () => {
    blackHole = await listen(() => undefined);
    noBody = await listen((socket) => {
      socket.once('data', () => socket.write('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"status":'));
    });
  });
  afterAll(async () => {
    for (const { server, sockets } of [blackHole, noBody]) {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  const timed = async (run: () => Promise<unknown>) => {
    const started = performance.now();
    const error = await run().then(
      () => null,
      (e: unknown) => e,
    );
    return { error, ms: performance.now() - started };
  };

  it('aborts a heartbeat the server never answers, at its bound', async () => {
    const { error, ms } = await timed(() =>
      boundedFetch(`${blackHole.url}/api/v1/booth/heartbeat`, { method: 'POST', body: '{}' }, 800, (r) => r.json()),
    );
    expect(error).toBeInstanceOf(RequestTimeout);
    expect(ms).toBeGreaterThanOrEqual(750);
    expect(ms).toBeLessThan(2_000);
  });

  it('aborts an answer whose body never comes, at the same bound', async () => {
    const { error, ms } = await timed(() => boundedFetch(`${noBody.url}/api/v1/booth/queue`, {}, 800, (r) => r.json()));
    expect(error).toBeInstanceOf(RequestTimeout);
    expect(ms).toBeLessThan(2_000);
  });

  it("aborts at once on the caller's signal (a newer beat replacing a hung one)", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('replaced')), 100);
    const { error, ms } = await timed(() => boundedFetch(`${blackHole.url}/x`, {}, 5_000, (r) => r.json(), controller.signal));
    expect((error as Error).message).toBe('replaced');
    expect(ms).toBeLessThan(1_000);
  });

  it('the bound is shorter than the heartbeat (2–5 s; the default 10 s beat gets 5 s)', () => {
    expect(requestTimeoutMs(10_000)).toBe(5_000);
    expect(requestTimeoutMs(4_000)).toBe(3_200);
    expect(requestTimeoutMs(30_000)).toBe(5_000);
    for (const beat of [2_500, 4_000, 10_000, 60_000]) expect(requestTimeoutMs(beat)).toBeLessThan(beat);
  });
});
