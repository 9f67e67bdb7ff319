import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningRedis, startRedis } from '../../test/redis';
import { joinCluster } from './cluster.server';
import { createLogger } from './logger';

let redis: RunningRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});

describe('joinCluster', () => {
  it('subscriber connections subscribed at once, or the moment their socket connects, receive what is published', async () => {
    const link = await joinCluster(redis.url, 'node-t', createLogger('silent'));
    try {
      const early = link.subscriber();
      await early.subscribe('t:early');
      const racing = link.subscriber();
      await new Promise((resolve) => racing.once('connect', () => resolve(racing.subscribe('t:racing'))));
      const got: string[] = [];
      for (const s of [early, racing]) s.on('message', (channel: string) => got.push(channel));
      await link.redis.publish('t:early', 'x');
      await link.redis.publish('t:racing', 'x');
      await expect.poll(() => got.sort()).toEqual(['t:early', 't:racing']);
    } finally {
      await link.close();
    }
  });

  it('refuses to start when Redis does not answer, saying what to do', async () => {
    await expect(joinCluster('redis://127.0.0.1:9', 'node-t', createLogger('silent'))).rejects.toThrow(/unset REDIS_URL/);
  }, 20_000);
});
