import { useEffect, useState } from 'react';
import type { BoothApi, QueueState } from '../api';
import { repeatAfter } from '../repeat';

export const QUEUE_POLL_MS = 2_000;

/** The waiting call's place in the queue, asked every 2 s while `enabled`. */
export function useQueue(api: BoothApi, sessionId: string, enabled: boolean): QueueState | null {
  const [queue, setQueue] = useState<QueueState | null>(null);
  useEffect(() => {
    if (!enabled) return;
    return repeatAfter(async (alive) => {
      try {
        const next = await api.queue(sessionId);
        if (alive()) setQueue(next);
      } catch {
        // keep the last figures; the next poll tries again
      }
      return QUEUE_POLL_MS;
    });
  }, [api, sessionId, enabled]);
  return queue;
}
