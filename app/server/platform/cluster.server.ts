import { hostname } from 'node:os';
import { Redis } from 'ioredis';
import type { Logger } from './logger';

/** This node's link to the others (multi-node mode, REDIS_URL set; decision 0029). */
export interface ClusterLink {
  /** Unique in the cluster: presence entries and answers to queue commands are kept per node. */
  nodeId: string;
  /** Commands: publish, presence, leases, shared state. */
  redis: Redis;
  /** A new connection for SUBSCRIBE (a subscribed connection does nothing else); closed with the link. */
  subscriber(): Redis;
  close(): Promise<void>;
}

/** How long a node waits at start for Redis before it refuses to start. */
const CONNECT_WAIT_MS = 10_000;

export const defaultNodeId = () => `${hostname()}-${process.pid}`;

/**
 * Connects to Redis. Commands fail fast while Redis is unreachable (one retry, two-second
 * timeout) rather than queueing for long: the lease holder must notice it cannot renew, and a
 * booth's heartbeat must get an answer. Connections come back by themselves (every ≤ 1 s).
 */
export async function joinCluster(url: string, nodeId: string, logger: Logger): Promise<ClusterLink> {
  const connections: Redis[] = [];
  let lastWarning = 0;
  const open = (name: string, subscriber = false) => {
    const connection = new Redis(url, {
      connectionName: `madoguchi:${nodeId}:${name}`,
      maxRetriesPerRequest: 1,
      connectTimeout: 2_000,
      retryStrategy: (attempt) => Math.min(attempt * 100, 1_000),
      // A SUBSCRIBE must survive short outages: the command timeout is for commands only. And a
      // connection subscribed before it is ready must not run the ready check (INFO): Redis refuses
      // any other command in subscriber mode, and ioredis would throw that out of the process.
      ...(subscriber ? { enableReadyCheck: false } : { commandTimeout: 2_000 }),
    });
    connection.on('error', (err: unknown) => {
      // One line every ten seconds at most: a Redis outage must not flood the log.
      if (Date.now() - lastWarning < 10_000) return;
      lastWarning = Date.now();
      logger.warn({ err, connection: name }, 'Redis unreachable; retrying');
    });
    connections.push(connection);
    return connection;
  };
  const redis = open('commands');
  try {
    await Promise.race([
      redis.ping(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('no answer')), CONNECT_WAIT_MS).unref()),
    ]);
  } catch (error) {
    redis.disconnect();
    throw new Error(`Redis at REDIS_URL does not answer (${String(error)}): start it, or unset REDIS_URL to run as one node.`);
  }
  let subscribers = 0;
  return {
    nodeId,
    redis,
    subscriber: () => open(`subscriber-${++subscribers}`, true),
    async close() {
      await Promise.all(connections.splice(0).map((c) => c.quit().catch(() => c.disconnect())));
    },
  };
}
