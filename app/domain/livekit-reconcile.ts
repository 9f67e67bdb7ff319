/**
 * What LiveKit could not tell the app. livekit-server retries a webhook only a few times, so while
 * the app is down `participant_joined/left` and `track_published/unpublished` are lost for good.
 * After a start (and on every room sweep) the app compares the room as RoomService shows it now
 * with what the session's record last said, and appends what is missing, dated when it was seen.
 * What a booth missing from its room means for the call is booth-rejoin.ts's to say.
 * Pure: the service reads both sides and writes the result.
 */

/** A `livekit.*` event already on the session's record (from a webhook or an earlier reconciliation). */
export interface RecordedLiveKitEvent {
  type: string;
  /** The participant's identity (`booth:<id>`, `operator:<id>`). */
  participant: string | null;
  /** LiveKit's TrackSource, as the webhook stored it (`'1'` camera, `'2'` microphone). */
  trackSource: string | null;
  at: number;
}

/** A participant in the room now, with the sources of the tracks it publishes. */
export interface ObservedParticipant {
  identity: string;
  trackSources: readonly string[];
}

export type ReconciledType =
  | 'livekit.participant_joined'
  | 'livekit.participant_left'
  | 'livekit.track_published'
  | 'livekit.track_unpublished';

export interface ReconciledEvent {
  type: ReconciledType;
  participant: string;
  trackSource?: string;
}

export interface Reconciliation {
  events: ReconciledEvent[];
}

/** Who is in the room and what they publish, according to the record's last word. */
export function recordedRoomState(events: readonly RecordedLiveKitEvent[]): Map<string, Set<string>> {
  const present = new Map<string, Set<string>>();
  // Stable by time: events of the same second keep the order they were written in.
  const ordered = events.map((e, i) => ({ e, i })).sort((a, b) => a.e.at - b.e.at || a.i - b.i);
  for (const { e } of ordered) {
    if (!e.participant) continue;
    switch (e.type) {
      case 'livekit.participant_joined':
        if (!present.has(e.participant)) present.set(e.participant, new Set());
        break;
      case 'livekit.participant_left':
      case 'livekit.participant_connection_aborted':
        present.delete(e.participant);
        break;
      case 'livekit.track_published': {
        // A track implies its participant is there, even if the joined webhook was the one lost.
        const tracks = present.get(e.participant) ?? new Set<string>();
        present.set(e.participant, tracks);
        if (e.trackSource) tracks.add(e.trackSource);
        break;
      }
      case 'livekit.track_unpublished':
        if (e.trackSource) present.get(e.participant)?.delete(e.trackSource);
        break;
    }
  }
  return present;
}

/**
 * The events that bring the record in line with the room as observed now. Nothing when they
 * agree, so running it again (the next sweep, a second start) appends nothing more. A participant
 * who left takes its tracks with it: their unpublishing is recorded first, as LiveKit would.
 */
export function reconcileRoom(recorded: readonly RecordedLiveKitEvent[], observed: readonly ObservedParticipant[]): Reconciliation {
  const before = recordedRoomState(recorded);
  const now = new Map(observed.map((p) => [p.identity, new Set(p.trackSources)]));
  const events: ReconciledEvent[] = [];
  for (const [participant, tracks] of [...before].sort(([a], [b]) => a.localeCompare(b))) {
    const seen = now.get(participant);
    for (const source of [...tracks].sort()) {
      if (!seen?.has(source)) events.push({ type: 'livekit.track_unpublished', participant, trackSource: source });
    }
    if (!seen) events.push({ type: 'livekit.participant_left', participant });
  }
  for (const [participant, tracks] of [...now].sort(([a], [b]) => a.localeCompare(b))) {
    const had = before.get(participant);
    if (!had) events.push({ type: 'livekit.participant_joined', participant });
    for (const source of [...tracks].sort()) {
      if (!had?.has(source)) events.push({ type: 'livekit.track_published', participant, trackSource: source });
    }
  }
  return { events };
}
