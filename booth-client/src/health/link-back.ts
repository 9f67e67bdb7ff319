/**
 * "The link is back", said by whoever notices first, to whoever should act at once (issue 13): the
 * booth's LiveKit reconnecting makes the heartbeat go now (health/beats.ts), as the browser's
 * `online` does. (The other way — a beat answered making a reconnecting room retry now — needs
 * livekit-client's private engine; its retries about a second apart stand in, call-reconnect.ts.)
 */
export type LinkBackSource = 'livekit';

const listeners = new Set<(source: LinkBackSource) => void>();

export function announceLinkBack(source: LinkBackSource): void {
  for (const listener of [...listeners]) listener(source);
}

/** Returns the unsubscribe. */
export function onLinkBack(listener: (source: LinkBackSource) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
