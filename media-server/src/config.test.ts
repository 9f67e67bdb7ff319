import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildLiveKitConfig, livekitHttpPort, toYaml } from './config';

const credentials = { apiKey: 'APItest', apiSecret: 's'.repeat(43) };
const webhookUrl = 'http://127.0.0.1:3000/api/livekit/webhook';

describe('buildLiveKitConfig', () => {
  it("keeps the repo's livekit.yaml and adds the key pair and signed webhook", () => {
    const config = buildLiveKitConfig({ credentials, webhookUrl });
    expect(config.port).toBe(7880);
    expect(config.keys).toEqual({ APItest: 's'.repeat(43) });
    expect(config.webhook).toEqual({ api_key: 'APItest', urls: [webhookUrl] });
    expect((config.rtc as Record<string, unknown>).udp_port).toBe(7882);
    expect(livekitHttpPort(config)).toBe(7880);
  });

  it('derives the network-namespace variant: node_ip set, external-IP discovery off, overrides merged deeply', () => {
    const config = buildLiveKitConfig({
      credentials,
      webhookUrl,
      nodeIp: '10.77.0.1',
      overrides: { rtc: { stun_servers: ['127.0.0.1:3478'] } },
    });
    expect(config.rtc).toMatchObject({ node_ip: '10.77.0.1', use_external_ip: false, tcp_port: 7881, stun_servers: ['127.0.0.1:3478'] });
  });

  it('round-trips through YAML for --config-body', () => {
    const config = buildLiveKitConfig({ credentials, webhookUrl });
    expect(parse(toYaml(config))).toEqual(config);
  });

  it('never lets a token create a room: auto_create is off, and a config that turns it on is refused', () => {
    expect(buildLiveKitConfig({ credentials, webhookUrl }).room).toMatchObject({ auto_create: false, max_participants: 2 });
    expect(() => buildLiveKitConfig({ credentials, webhookUrl, overrides: { room: { auto_create: true } } })).toThrow(
      /auto_create must stay off/,
    );
    const dir = mkdtempSync(path.join(tmpdir(), 'lkcfg-'));
    const file = path.join(dir, 'livekit.yaml');
    writeFileSync(file, 'port: 7880\nroom:\n  auto_create: true\n');
    expect(() => buildLiveKitConfig({ credentials, webhookUrl, configFile: file })).toThrow(/auto_create must stay off/);
  });

  it('refuses a livekit.yaml that carries keys, so secrets never sit in the repo', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lkcfg-'));
    const file = path.join(dir, 'livekit.yaml');
    writeFileSync(file, 'port: 7880\nkeys:\n  a: b\n');
    expect(() => buildLiveKitConfig({ credentials, webhookUrl, configFile: file })).toThrow(/must not contain keys/);
  });
});
