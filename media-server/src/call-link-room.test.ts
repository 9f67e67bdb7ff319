import { EventEmitter } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConnectionState, type Room, RoomEvent } from 'livekit-client';
import { afterEach, describe, expect, it } from 'vitest';
import { livekitAnswers, watchMediaServer } from './call-link-room';

/**
 * The watch's decisions over a Room's own surface (state, its events, the published tracks' sender
 * stats): a stand-in whose counters the test moves, since Node has no WebRTC. The browsers run the
 * real thing against a real two-node cluster (the e2e fault test, and the figures in the report).
 */
class StandInRoom extends EventEmitter {
  state = ConnectionState.Connected;
  /** False: the camera is not published (the booth's PIN step), only the microphone sends. */
  camera = true;
  sent = 0;
  received = 0;
  readonly localParticipant = {
    trackPublications: new Map([
      [
        'TR_camera',
        {
          track: {
            getRTCStatsReport: async () =>
              new Map<string, object>([
                ...(this.camera ? [['out', { type: 'outbound-rtp', kind: 'video', bytesSent: this.sent }] as [string, object]] : []),
                ['mic', { type: 'outbound-rtp', kind: 'audio', bytesSent: this.sent }],
                ['transport', { type: 'transport', bytesReceived: this.received }],
              ]),
          },
        },
      ],
    ]),
  };
  setState(state: ConnectionState) {
    this.state = state;
    this.emit(RoomEvent.ConnectionStateChanged, state);
  }
}

const limits = { sampleMs: 20, silentMs: 150, probeMs: 50 };
const stops: (() => void)[] = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

/** Runs the watch on a stand-in whose sent bytes always grow and whose received bytes grow while `answering()`. */
function watch(reachable: boolean, answering: () => boolean, camera = true) {
  const room = new StandInRoom();
  room.camera = camera;
  const fired: number[] = [];
  let probes = 0;
  const pump = setInterval(() => {
    room.sent += 1000;
    if (answering()) room.received += 100;
  }, 5);
  stops.push(() => clearInterval(pump));
  stops.push(
    watchMediaServer(room as unknown as Room, {
      serverUrl: 'ws://127.0.0.1:9',
      onSilent: () => fired.push(Date.now()),
      reachable: async () => {
        probes++;
        return reachable;
      },
      limits,
    }),
  );
  return { room, fired, probes: () => probes };
}

describe('the media server watch on a room', () => {
  it('an SFU that answers is never reported', async () => {
    const { fired, probes } = watch(true, () => true);
    await sleep(600);
    expect(fired).toEqual([]);
    expect(probes()).toBe(0);
  });

  it('an SFU gone silent while the LiveKit URL answers (its node died): reported once, until the room is connected anew', async () => {
    let answering = true;
    const { room, fired } = watch(true, () => answering);
    await sleep(200);
    answering = false;
    await sleep(600);
    expect(fired).toHaveLength(1);
    // The reconnection it starts, then connected to a live node: watched again.
    room.setState(ConnectionState.Reconnecting);
    room.setState(ConnectionState.Connected);
    await sleep(600);
    expect(fired).toHaveLength(2);
  });

  it('silent, and the LiveKit URL does not answer either (a cut line): left to livekit-client, checked again later', async () => {
    const { fired, probes } = watch(false, () => false);
    await sleep(600);
    expect(fired).toEqual([]);
    expect(probes()).toBeGreaterThanOrEqual(2);
  });

  it('only the microphone sending (the PIN step): a quiet microphone may go unanswered, so nothing is judged', async () => {
    const { fired, probes } = watch(true, () => false, false);
    await sleep(600);
    expect(fired).toEqual([]);
    expect(probes()).toBe(0);
  });

  it('nothing is sampled while the room is not connected', async () => {
    const { room, fired, probes } = watch(true, () => false);
    room.setState(ConnectionState.Reconnecting);
    await sleep(600);
    expect(fired).toEqual([]);
    expect(probes()).toBe(0);
  });
});

describe('whether the LiveKit URL answers', () => {
  it('true for a server that answers (any status), false for a closed port', async () => {
    const server = createServer((_req, res) => {
      res.statusCode = 404;
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      expect(await livekitAnswers(`ws://127.0.0.1:${port}`)).toBe(true);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    expect(await livekitAnswers(`ws://127.0.0.1:${port}`, 500)).toBe(false);
  });
});
