import { readFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import type { LiveKitCredentials } from './credentials';
import { livekitConfigFile } from './paths';

export interface LiveKitRuntimeOptions {
  credentials: LiveKitCredentials;
  /** Where livekit-server delivers signed webhooks (our API). */
  webhookUrl: string;
  /** Address advertised to WebRTC clients; the e2e runner sets its namespace address here. */
  nodeIp?: string;
  /** Overrides merged last (deeply), e.g. STUN servers for an isolated test network. */
  overrides?: Record<string, unknown>;
  configFile?: string;
}

type Yaml = Record<string, unknown>;

function isObject(value: unknown): value is Yaml {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function deepMerge(base: Yaml, patch: Yaml): Yaml {
  const out: Yaml = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    const current = out[key];
    out[key] = isObject(current) && isObject(value) ? deepMerge(current, value) : value;
  }
  return out;
}

/**
 * Builds the config livekit-server actually runs with: the repo's livekit.yaml plus what must
 * not live in it (the key pair, the webhook signing key) and per-environment overrides.
 */
export function buildLiveKitConfig(options: LiveKitRuntimeOptions): Yaml {
  const base = parse(readFileSync(options.configFile ?? livekitConfigFile, 'utf8')) as unknown;
  if (!isObject(base)) throw new Error('livekit.yaml must be a YAML mapping.');
  if ('keys' in base) {
    throw new Error('livekit.yaml must not contain keys: they come from the environment or the data folder.');
  }
  let config = deepMerge(base, {
    keys: { [options.credentials.apiKey]: options.credentials.apiSecret },
    webhook: { api_key: options.credentials.apiKey, urls: [options.webhookUrl] },
  });
  if (options.nodeIp) config = deepMerge(config, { rtc: { use_external_ip: false, node_ip: options.nodeIp } });
  if (options.overrides) config = deepMerge(config, options.overrides);
  // Rooms exist only while their session is waiting or active: the app creates and deletes them.
  // A room created on join would let a token outlive its session.
  const room = isObject(config.room) ? config.room : {};
  if (room.auto_create !== undefined && room.auto_create !== false) {
    throw new Error('room.auto_create must stay off: the app creates each room when its session starts.');
  }
  return deepMerge(config, { room: { auto_create: false } });
}

export function livekitHttpPort(config: Yaml): number {
  return typeof config.port === 'number' ? config.port : 7880;
}

export function toYaml(config: Yaml): string {
  return stringify(config);
}
