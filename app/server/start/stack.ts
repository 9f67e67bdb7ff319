import { ensureDataDir, dataDir as resolveDataDir } from '@madoguchi/db';
import { buildLiveKitConfig, type RunningLiveKit, resolveLiveKitCredentials, startLiveKit } from '@madoguchi/media-server';
import { startApp } from '../main';
import type { Env } from '../platform/env';

export interface StackOptions {
  env: Env;
  /** Address LiveKit advertises for WebRTC (the e2e namespace's veth address). */
  nodeIp?: string;
  livekitOverrides?: Record<string, unknown>;
  onLiveKitLog?: (line: string) => void;
}

/** livekit-server and the app together, as `npm start` and the e2e runner run them. */
export async function startStack(options: StackOptions) {
  const { env } = options;
  const credentials = resolveLiveKitCredentials(ensureDataDir(resolveDataDir(env.MADOGUCHI_DATA_DIR)), {
    apiKey: env.LIVEKIT_API_KEY,
    apiSecret: env.LIVEKIT_API_SECRET,
  });
  const config = buildLiveKitConfig({
    credentials,
    webhookUrl: `http://${env.HOST}:${env.PORT}/api/livekit/webhook`,
    ...(options.nodeIp ? { nodeIp: options.nodeIp } : {}),
    ...(options.livekitOverrides ? { overrides: options.livekitOverrides } : {}),
  });
  const livekit: RunningLiveKit = await startLiveKit({
    config,
    ...(options.onLiveKitLog ? { onLog: options.onLiveKitLog } : {}),
  });
  try {
    const app = await startApp(env);
    return {
      app,
      livekit,
      async stop() {
        await app.stop();
        await livekit.stop();
      },
    };
  } catch (error) {
    await livekit.stop();
    throw error;
  }
}
