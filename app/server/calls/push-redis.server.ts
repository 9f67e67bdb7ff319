import type { Redis } from 'ioredis';
import { during } from '../platform/loop-monitor';
import type { PushChannel } from './push.server';

type Listener = (event: string, data: unknown) => void;

export interface RedisPushOptions {
  /** Publishes and keeps presence. */
  redis: Redis;
  /** A connection of its own: once subscribed, a Redis connection does nothing else. */
  subscriber: Redis;
  /** This node, unique in the cluster (presence is kept per node). */
  nodeId: string;
  /** A node's presence entries expire this long after its last refresh (a dead node's consoles). */
  presenceTtlMs: number;
  prefix?: string;
  now?: () => number;
}

export interface ClusterPushChannel extends PushChannel {
  /** Resolves once this node receives what is published to `topic` (its SUBSCRIBE is acknowledged). */
  ready(topic: string): Promise<void>;
  /** Is any node holding a listener on this topic (an operator's console connected anywhere)? */
  present(topic: string): Promise<boolean>;
  /** Renews this node's presence entries (every third of the TTL) and removes emptied ones. */
  refreshPresence(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The push channel across nodes (issue 15): a publish goes to Redis pub/sub, and every node
 * delivers it to its own subscribers, this one included, in the order it was published. Presence
 * (is this console connected anywhere?) is a hash per topic in Redis — node → expiry time — that
 * each node renews for its own topics; a dead node's entries lapse after `presenceTtlMs`.
 */
export function createRedisPush(options: RedisPushOptions): ClusterPushChannel {
  const { redis, subscriber, nodeId, presenceTtlMs } = options;
  const prefix = options.prefix ?? 'mdg:';
  const now = options.now ?? Date.now;
  const channelOf = (topic: string) => `${prefix}push:${topic}`;
  const presenceKey = (topic: string) => `${prefix}presence:${topic}`;
  const topics = new Map<string, Set<Listener>>();
  const subscribed = new Map<string, Promise<void>>();
  /** Topics whose last local listener left since the last refresh: their entry is removed then. */
  const emptied = new Set<string>();

  subscriber.on('message', (channel: string, message: string) => {
    const topic = channel.slice(`${prefix}push:`.length);
    let parsed: { event: string; data: unknown };
    try {
      parsed = JSON.parse(message) as { event: string; data: unknown };
    } catch {
      return;
    }
    for (const listener of topics.get(topic) ?? []) {
      try {
        listener(parsed.event, parsed.data);
      } catch {
        // One broken subscriber must not stop the others.
      }
    }
  });

  const mark = (topic: string) => redis.hset(presenceKey(topic), nodeId, String(now() + presenceTtlMs));
  const refreshEvery = setInterval(
    () => void during('presence-refresh', refreshPresence).catch(() => undefined),
    Math.max(100, Math.floor(presenceTtlMs / 3)),
  );
  refreshEvery.unref();

  async function refreshPresence() {
    const pipeline = redis.pipeline();
    for (const topic of topics.keys()) pipeline.hset(presenceKey(topic), nodeId, String(now() + presenceTtlMs));
    for (const topic of emptied) if (!topics.has(topic)) pipeline.hdel(presenceKey(topic), nodeId);
    emptied.clear();
    await pipeline.exec();
  }

  return {
    publish(topic, event, data) {
      void redis.publish(channelOf(topic), JSON.stringify({ event, data })).catch(() => undefined);
    },

    subscribe(topic, listener) {
      let set = topics.get(topic);
      if (!set) {
        topics.set(topic, (set = new Set()));
        emptied.delete(topic);
        subscribed.set(
          topic,
          subscriber.subscribe(channelOf(topic)).then(
            () => undefined,
            () => undefined,
          ),
        );
        void mark(topic).catch(() => undefined);
      }
      set.add(listener);
      return () => {
        set.delete(listener);
        if (set.size > 0 || topics.get(topic) !== set) return;
        topics.delete(topic);
        subscribed.delete(topic);
        void subscriber.unsubscribe(channelOf(topic)).catch(() => undefined);
        void redis
          .hdel(presenceKey(topic), nodeId)
          .catch(() => emptied.add(topic))
          .then(() => undefined);
      };
    },

    ready: (topic) => subscribed.get(topic) ?? Promise.resolve(),

    listeners(topic) {
      return topics.get(topic)?.size ?? 0;
    },

    async present(topic) {
      if ((topics.get(topic)?.size ?? 0) > 0) return true;
      const entries = await redis.hgetall(presenceKey(topic));
      const at = now();
      const lapsed = Object.keys(entries).filter((node) => Number(entries[node]) <= at);
      // A dead node's entries: gone for good (best effort; the expiry time already rules them out).
      if (lapsed.length > 0) void redis.hdel(presenceKey(topic), ...lapsed).catch(() => undefined);
      return lapsed.length < Object.keys(entries).length;
    },

    refreshPresence,

    async stop() {
      clearInterval(refreshEvery);
      const pipeline = redis.pipeline();
      for (const topic of topics.keys()) pipeline.hdel(presenceKey(topic), nodeId);
      topics.clear();
      await pipeline.exec().catch(() => undefined);
      await subscriber.unsubscribe().catch(() => undefined);
    },
  };
}
