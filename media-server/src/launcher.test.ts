import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { buildLiveKitConfig } from './config';
import { startLiveKit } from './launcher';
import { livekitReachable } from './room-service';

const credentials = { apiKey: 'APIlaunch', apiSecret: 'l'.repeat(43) };

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

// The real livekit-server (installed by scripts/setup.sh), on ports of its own and loopback only.
describe('startLiveKit (real livekit-server; scripts/setup.sh installs it)', () => {
  it('starts, answers authenticated calls, refuses a second instance, and stops without leaving a process', async () => {
    const config = buildLiveKitConfig({
      credentials,
      webhookUrl: 'http://127.0.0.1:9/none',
      nodeIp: '127.0.0.1',
      overrides: { port: 17880, rtc: { tcp_port: 17881, udp_port: 17882 }, logging: { level: 'warn' } },
    });
    const livekit = await startLiveKit({ config });
    try {
      expect(livekit.url).toBe('ws://127.0.0.1:17880');
      expect(await livekitReachable(livekit.httpUrl, credentials)).toMatchObject({ ok: true });
      expect(await livekitReachable(livekit.httpUrl, { ...credentials, apiSecret: 'w'.repeat(43) })).toMatchObject({ ok: false });
      await expect(startLiveKit({ config })).rejects.toThrow(/already answers/);
    } finally {
      await livekit.stop();
    }
    expect(alive(livekit.pid)).toBe(false);
    expect(await livekitReachable(livekit.httpUrl, credentials, 500)).toMatchObject({ ok: false });
  });

  it('reports a config livekit-server rejects instead of hanging', async () => {
    const config = {
      ...buildLiveKitConfig({ credentials, webhookUrl: 'http://127.0.0.1:9/none', nodeIp: '127.0.0.1' }),
      port: 17890,
      no_such_option: true,
    };
    await expect(startLiveKit({ config, readyTimeoutMs: 10_000 })).rejects.toThrow(/exited|did not answer/);
  });

  it('says why when it exits at once: its own last lines (a port already taken)', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(17896, resolve));
    try {
      const config = buildLiveKitConfig({
        credentials,
        webhookUrl: 'http://127.0.0.1:9/none',
        nodeIp: '127.0.0.1',
        overrides: { port: 17895, rtc: { tcp_port: 17896, udp_port: 17897 }, logging: { level: 'warn' } },
      });
      await expect(startLiveKit({ config, readyTimeoutMs: 10_000 })).rejects.toThrow(
        /exited with code \d+ before it was ready; its last lines:[\s\S]*address already in use/,
      );
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });
});
