import { describe, expect, it } from 'vitest';
import { type RecordedLiveKitEvent, reconcileRoom, recordedRoomState } from './livekit-reconcile';

const CAMERA = '1';
const MIC = '2';
const booth = 'booth:b1';
const operator = 'operator:o1';

let clock = 0;
const ev = (type: string, participant: string | null, trackSource: string | null = null, at = ++clock): RecordedLiveKitEvent => ({
  type: `livekit.${type}`,
  participant,
  trackSource,
  at,
});
const joined = (p: string) => ev('participant_joined', p);
const left = (p: string) => ev('participant_left', p);
const published = (p: string, s: string) => ev('track_published', p, s);
const unpublished = (p: string, s: string) => ev('track_unpublished', p, s);

/** The booth in the room with camera and microphone, as the record says after a normal start. */
const boothPublishing = () => [ev('room_started', null), joined(booth), published(booth, CAMERA), published(booth, MIC)];

describe('recordedRoomState', () => {
  it('follows joins, tracks and departures in time order, whatever order they were written in', () => {
    const state = recordedRoomState([
      published(booth, MIC),
      ev('participant_joined', booth, null, 0),
      unpublished(booth, MIC),
      published(booth, CAMERA),
    ]);
    expect(state).toEqual(new Map([[booth, new Set([CAMERA])]]));
  });

  it('a participant who left publishes nothing; one who came back starts afresh', () => {
    expect(recordedRoomState([joined(booth), published(booth, CAMERA), left(booth)])).toEqual(new Map());
    expect(recordedRoomState([joined(booth), published(booth, CAMERA), left(booth), joined(booth)])).toEqual(new Map([[booth, new Set()]]));
  });

  it('an aborted connection is a departure', () => {
    expect(recordedRoomState([joined(operator), ev('participant_connection_aborted', operator)])).toEqual(new Map());
  });

  it('a published track vouches for its participant when the joined webhook was the one lost', () => {
    expect(recordedRoomState([published(booth, CAMERA)])).toEqual(new Map([[booth, new Set([CAMERA])]]));
  });

  it('events of the same second keep the order they were written in', () => {
    expect(recordedRoomState([ev('track_published', booth, CAMERA, 5), ev('track_unpublished', booth, CAMERA, 5)])).toEqual(
      new Map([[booth, new Set()]]),
    );
    expect(recordedRoomState([ev('track_unpublished', booth, CAMERA, 5), ev('track_published', booth, CAMERA, 5)])).toEqual(
      new Map([[booth, new Set([CAMERA])]]),
    );
  });

  it('ignores room events and events without a participant', () => {
    expect(recordedRoomState([ev('room_started', null), ev('track_published', null, CAMERA)])).toEqual(new Map());
  });
});

describe('reconcileRoom', () => {
  it('appends nothing when the record and the room agree', () => {
    expect(reconcileRoom(boothPublishing(), [{ identity: booth, trackSources: [MIC, CAMERA] }])).toEqual({
      events: [],
    });
    expect(reconcileRoom([], [])).toEqual({ events: [] });
  });

  it("the booth's camera unpublished for the PIN while the app was down: the track_unpublished it missed", () => {
    const result = reconcileRoom(
      [...boothPublishing(), joined(operator)],
      [
        { identity: booth, trackSources: [MIC] },
        { identity: operator, trackSources: [] },
      ],
    );
    expect(result).toEqual({ events: [{ type: 'livekit.track_unpublished', participant: booth, trackSource: CAMERA }] });
  });

  it('the camera back after the PIN: the track_published it missed', () => {
    const recorded = [...boothPublishing(), unpublished(booth, CAMERA)];
    expect(reconcileRoom(recorded, [{ identity: booth, trackSources: [CAMERA, MIC] }]).events).toEqual([
      { type: 'livekit.track_published', participant: booth, trackSource: CAMERA },
    ]);
  });

  it('unpublished and published again while the app was down: the record already says published, nothing to add', () => {
    expect(reconcileRoom(boothPublishing(), [{ identity: booth, trackSources: [CAMERA, MIC] }]).events).toEqual([]);
  });

  it('a booth that left: its tracks unpublished, then its departure (booth-rejoin.ts decides what follows)', () => {
    expect(reconcileRoom(boothPublishing(), [])).toEqual({
      events: [
        { type: 'livekit.track_unpublished', participant: booth, trackSource: CAMERA },
        { type: 'livekit.track_unpublished', participant: booth, trackSource: MIC },
        { type: 'livekit.participant_left', participant: booth },
      ],
    });
  });

  it("a booth that left an active call, the operator still there: only the booth's departure", () => {
    const result = reconcileRoom(
      [...boothPublishing(), joined(operator), published(operator, CAMERA)],
      [{ identity: operator, trackSources: [CAMERA] }],
    );
    expect(result.events.map((e) => `${e.type} ${e.participant}`)).toEqual([
      `livekit.track_unpublished ${booth}`,
      `livekit.track_unpublished ${booth}`,
      `livekit.participant_left ${booth}`,
    ]);
  });

  it('an operator gone from the call is recorded as left; the booth stays', () => {
    const result = reconcileRoom(
      [...boothPublishing(), joined(operator), published(operator, MIC)],
      [{ identity: booth, trackSources: [CAMERA, MIC] }],
    );
    expect(result).toEqual({
      events: [
        { type: 'livekit.track_unpublished', participant: operator, trackSource: MIC },
        { type: 'livekit.participant_left', participant: operator },
      ],
    });
  });

  it('a booth not yet seen in the room has no departure to record (it may still be joining)', () => {
    expect(reconcileRoom([ev('room_started', null)], [])).toEqual({ events: [] });
  });

  it('a booth that left and already has its departure recorded is not left again', () => {
    expect(reconcileRoom([...boothPublishing(), left(booth)], [])).toEqual({ events: [] });
  });

  it('participants whose joins were lost are recorded with their tracks', () => {
    expect(
      reconcileRoom(
        [],
        [
          { identity: operator, trackSources: [MIC, CAMERA] },
          { identity: booth, trackSources: [CAMERA] },
        ],
      ).events,
    ).toEqual([
      { type: 'livekit.participant_joined', participant: booth },
      { type: 'livekit.track_published', participant: booth, trackSource: CAMERA },
      { type: 'livekit.participant_joined', participant: operator },
      { type: 'livekit.track_published', participant: operator, trackSource: CAMERA },
      { type: 'livekit.track_published', participant: operator, trackSource: MIC },
    ]);
  });

  it('a booth that left and came back under the same identity (a full reconnect) is present: no departure', () => {
    expect(reconcileRoom([...boothPublishing(), left(booth)], [{ identity: booth, trackSources: [CAMERA, MIC] }]).events).toEqual([
      { type: 'livekit.participant_joined', participant: booth },
      { type: 'livekit.track_published', participant: booth, trackSource: CAMERA },
      { type: 'livekit.track_published', participant: booth, trackSource: MIC },
    ]);
  });

  it('is idempotent: the events it returns, once recorded, leave nothing more to add', () => {
    const cases: [RecordedLiveKitEvent[], { identity: string; trackSources: string[] }[]][] = [
      [boothPublishing(), []],
      [boothPublishing(), [{ identity: booth, trackSources: [MIC] }]],
      [
        [],
        [
          { identity: booth, trackSources: [CAMERA] },
          { identity: operator, trackSources: [MIC] },
        ],
      ],
      [[...boothPublishing(), joined(operator)], [{ identity: operator, trackSources: [CAMERA] }]],
    ];
    for (const [recorded, observed] of cases) {
      const first = reconcileRoom(recorded, observed);
      const appended = first.events.map((e) => ev(e.type.slice('livekit.'.length), e.participant, e.trackSource ?? null, 1_000_000));
      expect(reconcileRoom([...recorded, ...appended], observed)).toEqual({ events: [] });
    }
  });
});
