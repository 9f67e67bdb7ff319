import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from '../platform/logger';
import { Problem } from '../platform/problems';
import { NotInCharge, type QueueService } from './queue.server';

/** What the queue does for its callers: everything but running the dispatcher itself. */
export type QueueCommands = Omit<QueueService, 'start' | 'stop' | 'waitingCalls' | 'checkConsoles'>;

const METHODS = [
  'callRequested',
  'sessionEnded',
  'reconcile',
  'availability',
  'position',
  'refreshOperator',
  'setStatus',
  'accept',
  'decline',
  'endCall',
  'handOver',
  'state',
  'overview',
  'interpreterState',
  'interpreterSetStatus',
  'interpreterAccept',
  'interpreterDecline',
  'interpreterLeave',
  'interpreterDropped',
  'requestInterpreter',
  'interpreterRequest',
  'keepWaitingForInterpreter',
  'cancelInterpreter',
] as const satisfies readonly (keyof QueueCommands)[];
type Method = (typeof METHODS)[number];

interface Request {
  id: string;
  from: string;
  method: Method;
  args: unknown[];
}

type Reply =
  | { id: string; ok: true; value: unknown }
  | { id: string; ok: false; problem: Pick<Problem, 'status' | 'code' | 'messages' | 'errors'> | null };

export interface QueueRpcOptions {
  redis: Redis;
  /** A connection of its own (a subscribed Redis connection does nothing else). */
  subscriber: Redis;
  nodeId: string;
  logger: Logger;
  /** The dispatcher, when this node runs it (holds the lease); null otherwise. */
  local(): QueueCommands | null;
  /** Without an answer after this long, the request is sent again (same id: applied once). */
  attemptMs?: number;
  /** Without an answer after this long, 503: longer than a failover (lease + restore). */
  deadlineMs?: number;
  prefix?: string;
}

/** How long the dispatcher keeps an answer for a repeat of its request. */
const ANSWERS_KEPT_MS = 60_000;

const unavailable = () =>
  new Problem(503, 'dispatcher_unavailable', {
    ja: '受付の振り分けが一時的に利用できません。しばらくしてからもう一度お試しください。',
    en: 'Call routing is briefly unavailable. Try again in a moment.',
  });

/**
 * The queue across nodes (issue 15, decision 0029). Every node offers the same commands; the
 * node holding the dispatcher lease carries them out, the others send them over Redis pub/sub
 * (`<prefix>queue:rpc`) and wait for the answer on their own channel. A request without an
 * answer is sent again with the same id, until `deadlineMs`: the dispatcher keeps each answer by
 * id for a minute, so a repeat (its first answer lost, or sent again during a failover) is not
 * carried out twice. A Problem (a refused accept, say) travels back as one.
 */
export function createQueueRpc(options: QueueRpcOptions) {
  const { redis, subscriber, nodeId, logger } = options;
  const prefix = options.prefix ?? 'mdg:';
  const attemptMs = options.attemptMs ?? 2_000;
  const deadlineMs = options.deadlineMs ?? 8_000;
  const requests = `${prefix}queue:rpc`;
  const replyChannel = (node: string) => `${prefix}queue:reply:${node}`;
  const waiting = new Map<string, (reply: Reply) => void>();
  /** On the dispatcher: recent answers by request id. */
  const answered = new Map<string, { reply: Promise<Reply | null>; at: number }>();
  let serving: QueueCommands | null = null;
  const subscribed = subscriber.subscribe(replyChannel(nodeId));

  subscriber.on('message', (channel: string, message: string) => {
    if (channel === replyChannel(nodeId)) {
      const reply = parse<Reply>(message);
      if (reply) waiting.get(reply.id)?.(reply);
    } else if (channel === requests && serving) {
      const request = parse<Request>(message);
      if (request && (METHODS as readonly string[]).includes(request.method)) void carryOut(serving, request);
    }
  });

  async function carryOut(local: QueueCommands, request: Request) {
    const at = Date.now();
    // Oldest first (a Map keeps insertion order): stop at the first answer still worth keeping.
    for (const [id, kept] of answered) {
      if (at - kept.at <= ANSWERS_KEPT_MS) break;
      answered.delete(id);
    }
    let entry = answered.get(request.id);
    if (!entry) {
      entry = { reply: run(local, request), at };
      answered.set(request.id, entry);
    }
    const reply = await entry.reply;
    if (reply === null) {
      answered.delete(request.id);
      return;
    }
    await redis.publish(replyChannel(request.from), JSON.stringify(reply)).catch(() => undefined);
  }

  /** The answer to a request, or null when this node turned out not to run the dispatcher any more. */
  async function run(local: QueueCommands, { id, method, args }: Request): Promise<Reply | null> {
    try {
      const value = await (local[method] as (...a: unknown[]) => unknown)(...args);
      return { id, ok: true, value: value ?? null };
    } catch (error) {
      // Fenced off (it found the lease gone before writing): no answer, so the caller asks again
      // and the node that holds the lease now carries it out.
      if (error instanceof NotInCharge) return null;
      if (Problem.is(error))
        return { id, ok: false, problem: { status: error.status, code: error.code, messages: error.messages, errors: error.errors } };
      logger.error({ err: error, method }, 'queue rpc: command failed');
      return { id, ok: false, problem: null };
    }
  }

  async function call(method: Method, args: unknown[]): Promise<unknown> {
    const local = options.local();
    if (local) {
      try {
        return await (local[method] as (...a: unknown[]) => unknown)(...args);
      } catch (error) {
        // This node lost the lease while paused: the command goes to the one that holds it now.
        if (!(error instanceof NotInCharge)) throw error;
      }
    }
    await subscribed;
    const request: Request = { id: randomUUID(), from: nodeId, method, args };
    const started = Date.now();
    try {
      const reply = await new Promise<Reply>((resolve, reject) => {
        let timer: NodeJS.Timeout;
        const send = () => {
          if (Date.now() - started >= deadlineMs) {
            reject(unavailable());
            return;
          }
          // The dispatcher may be this node by now (it took the lease meanwhile).
          const nowLocal = options.local();
          if (nowLocal) {
            void run(nowLocal, request).then((reply) => {
              if (reply) resolve(reply);
              else timer = setTimeout(send, attemptMs);
            });
            return;
          }
          void redis.publish(requests, JSON.stringify(request)).catch(() => undefined);
          timer = setTimeout(send, Math.min(attemptMs, deadlineMs - (Date.now() - started)));
        };
        waiting.set(request.id, (reply) => {
          clearTimeout(timer);
          resolve(reply);
        });
        send();
      });
      if (reply.ok) return reply.value;
      if (reply.problem) throw new Problem(reply.problem.status, reply.problem.code, reply.problem.messages, reply.problem.errors);
      throw unavailable();
    } finally {
      waiting.delete(request.id);
    }
  }

  const queue = Object.fromEntries(
    METHODS.map((method) => [method, (...args: unknown[]) => call(method, args)]),
  ) as unknown as QueueCommands;

  return {
    /** The queue every node uses: local on the dispatcher's node, over Redis elsewhere. */
    queue,
    /** This node now runs the dispatcher: carry out the requests of every node. */
    async serve(local: QueueCommands) {
      serving = local;
      await subscriber.subscribe(requests);
    },
    /** This node no longer runs it. */
    async unserve() {
      serving = null;
      answered.clear();
      await subscriber.unsubscribe(requests).catch(() => undefined);
    },
  };
}

function parse<T>(message: string): T | null {
  try {
    return JSON.parse(message) as T;
  } catch {
    return null;
  }
}
