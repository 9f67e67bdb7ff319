import { buildLiveKitConfig } from '@madoguchi/media-server';

/**
 * The config of a real livekit-server for one test file: the project's generated config on
 * loopback ports of its own (`port`, `port + 1` TCP, `port + 2` UDP), webhooks sent nowhere.
 */
export function loopbackLiveKitConfig(credentials: { apiKey: string; apiSecret: string }, port: number) {
  return buildLiveKitConfig({
    credentials,
    webhookUrl: 'http://127.0.0.1:9/none',
    nodeIp: '127.0.0.1',
    overrides: { port, rtc: { tcp_port: port + 1, udp_port: port + 2 }, logging: { level: 'warn' } },
  });
}
