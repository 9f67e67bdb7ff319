import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { HTTP_TIMEOUTS } from '../../server/main';
import { useRealServer } from '../real-server';

/**
 * Issue 13 (2): a booth cut mid-request leaves the server a half-open connection — part of a
 * request, then nothing. The server gives it up within its headers timeout (10 s, checked every
 * second), not Node's 60 s checked every 30 s.
 */
describe('half-open connections, through the real server', () => {
  const server = useRealServer();

  it('closes a connection whose request headers stop coming', async () => {
    const socket = connect(server().port, '127.0.0.1');
    socket.on('error', () => undefined);
    // Read what the server says (its 408), or the socket never reports its end.
    socket.resume();
    await new Promise((resolve) => socket.once('connect', resolve));
    const started = performance.now();
    // A heartbeat cut after its first header lines, as a link cut mid-request leaves it.
    socket.write('POST /api/v1/booth/heartbeat HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer mdgb_');
    const closedAfter = await new Promise<number>((resolve) => {
      const limit = setTimeout(() => resolve(Infinity), 20_000);
      socket.once('close', () => {
        clearTimeout(limit);
        resolve(performance.now() - started);
      });
    });
    socket.destroy();
    expect(closedAfter).toBeGreaterThanOrEqual(HTTP_TIMEOUTS.headersTimeout - 100);
    expect(closedAfter).toBeLessThan(HTTP_TIMEOUTS.headersTimeout + 2 * HTTP_TIMEOUTS.connectionsCheckingInterval + 500);
  });
});
