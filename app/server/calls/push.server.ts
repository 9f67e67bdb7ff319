/**
 * The live push channel to consoles: publish to a topic, subscribe to it. In-process with one
 * node; the multi-node mode backs the same interface with Redis pub/sub (push-redis.server.ts).
 */
export interface PushChannel {
  publish(topic: string, event: string, data: unknown): void;
  /** Returns the unsubscribe function. */
  subscribe(topic: string, listener: (event: string, data: unknown) => void): () => void;
  /** How many listeners a topic has on this node. */
  listeners(topic: string): number;
  /** Has the topic a listener anywhere (an operator's console connected on any node)? */
  present(topic: string): Promise<boolean>;
  /** Resolves once what is published to `topic` reaches this node's new subscriber. */
  ready(topic: string): Promise<void>;
}

export function createInProcessPush(): PushChannel {
  const topics = new Map<string, Set<(event: string, data: unknown) => void>>();
  return {
    publish(topic, event, data) {
      for (const listener of topics.get(topic) ?? []) {
        try {
          listener(event, data);
        } catch {
          // One broken subscriber must not stop the others.
        }
      }
    },
    subscribe(topic, listener) {
      let set = topics.get(topic);
      if (!set) topics.set(topic, (set = new Set()));
      set.add(listener);
      return () => {
        set.delete(listener);
        if (set.size === 0) topics.delete(topic);
      };
    },
    listeners(topic) {
      return topics.get(topic)?.size ?? 0;
    },
    present: async (topic) => (topics.get(topic)?.size ?? 0) > 0,
    ready: async () => undefined,
  };
}

export const operatorTopic = (accountId: string) => `operator:${accountId}`;
export const SUPERVISOR_TOPIC = 'supervisors';
