import { useEffect, useState } from 'react';
import type { BoothApi, QueueState } from '../api';

export const QUEUE_POLL_MS = 2_000;

/** The waiting call's place in the queue, asked every 2 s while `enabled`. */
export function useQueue(api: BoothApi, sessionId: string, enabled: boolean): QueueState | null {
  const [queue, setQueue] = useState<QueueState | null>(null);
  useEffect(() => {
    if (!enabled) return;
    let alive = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const next = await api.queue(sessionId);
        if (alive) setQueue(next);
      } catch {
        // keep the last figures; the next poll tries again
      }
      if (alive) timer = setTimeout(() => void poll(), QUEUE_POLL_MS);
    };
    void poll();
    return () => {
      alive = false;
      clearTimeout(timer);
    };
  }, [api, sessionId, enabled]);
  return queue;
}
