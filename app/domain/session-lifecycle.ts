/**
 * A session's status only moves forward: waiting → active → ended, or waiting → ended
 * (abandoned). Pure, so routing, the API and webhooks share one definition.
 */
export type SessionStatus = 'waiting' | 'active' | 'ended';
export type SessionAction = 'answer' | 'end';

const transitions: Record<SessionStatus, Partial<Record<SessionAction, SessionStatus>>> = {
  waiting: { answer: 'active', end: 'ended' },
  active: { end: 'ended' },
  ended: {},
};

/** The status after `action`, or null when the action is not allowed from `status`. */
export function nextStatus(status: SessionStatus, action: SessionAction): SessionStatus | null {
  return transitions[status][action] ?? null;
}

/** Booth-reported event types accepted now; later issues extend the list. */
export const boothEventTypes = [
  'connected',
  'reconnecting',
  'reconnected',
  'disconnected',
  'quality-changed',
  'media-published',
  'degraded',
  'recovered',
  'pin-privacy-on',
  'pin-privacy-off',
  'idle-timeout',
  'guidance-shown',
] as const;
export type BoothEventType = (typeof boothEventTypes)[number];

/** LiveKit webhook events worth keeping on a session's history. */
export function sessionEventTypeForLiveKit(event: string): string | null {
  switch (event) {
    case 'room_started':
    case 'room_finished':
    case 'participant_joined':
    case 'participant_left':
    case 'participant_connection_aborted':
    case 'track_published':
    case 'track_unpublished':
      return `livekit.${event}`;
    default:
      return null;
  }
}
