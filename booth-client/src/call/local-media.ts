/**
 * The booth's camera and microphone for the next call, opened as the resident asks for the call
 * rather than after the session exists: a kiosk camera takes a while to start, and the call
 * request is in flight meanwhile (decision 0020). Nothing is sent until the call publishes them.
 */
import { createLocalTracks, type LocalTrack, VideoPresets } from 'livekit-client';

/** What the booth's camera gives the call (and the photo step, which reads this same track). */
export const cameraCapture = { resolution: VideoPresets.h720.resolution };

let prepared: Promise<LocalTrack[]> | null = null;

/** Camera and microphone together, or each alone when one is missing (the other still works). */
async function open(): Promise<LocalTrack[]> {
  try {
    return await createLocalTracks({ audio: true, video: cameraCapture });
  } catch {
    const each = await Promise.allSettled([createLocalTracks({ audio: true }), createLocalTracks({ video: cameraCapture })]);
    return each.flatMap((r) => (r.status === 'fulfilled' ? r.value : []));
  }
}

/** The resident asked for a call: start the devices now. */
export function prepareBoothMedia(): void {
  prepared ??= open();
}

/** The call takes the prepared devices (or opens them now). */
export function takeBoothMedia(): Promise<LocalTrack[]> {
  const tracks = prepared ?? open();
  prepared = null;
  return tracks;
}

/** No call after all (refused, closed, failed): turn the devices off. */
export function releaseBoothMedia(): void {
  const tracks = prepared;
  prepared = null;
  void tracks?.then((list) => list.forEach((t) => t.stop()));
}
