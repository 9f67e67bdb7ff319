/**
 * "The link is back", said by whoever notices first, to whoever should act at once (issue 13): the
 * browser's `online` and LiveKit's reconnection make the heartbeat go now (health/beats.ts); a
 * heartbeat answered after failures makes a reconnecting LiveKit room retry now (call/reconnect.ts).
 */
export type LinkBackSource = 'browser' | 'livekit' | 'server';

const listeners = new Set<(source: LinkBackSource) => void>();

export function announceLinkBack(source: LinkBackSource): void {
  for (const listener of [...listeners]) listener(source);
}

/** Returns the unsubscribe. */
export function onLinkBack(listener: (source: LinkBackSource) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
