/**
 * Remote commands must not cut a resident's call (decision 0014): a reload, the maintenance
 * screen and a self-test (which takes the camera and microphone) wait until no call is running.
 * Turning maintenance off never waits.
 */
import type { BoothCommandKind } from '../api';
import type { LiveKitState } from './measure';

export function waitsForIdle(kind: BoothCommandKind): boolean {
  return kind !== 'maintenance_off';
}

/** A call is running while the journey holds a session (queued or in the call) or LiveKit is not idle. */
export function callRunning(sessionOpen: boolean, livekit: LiveKitState): boolean {
  return sessionOpen || livekit !== 'idle';
}

/**
 * Resolves once `busy()` is false (checked now, then every `pollMs`); false if `alive()` turned
 * false meanwhile (the booth screen went away), true when the command may run.
 */
export async function untilIdle(
  busy: () => boolean,
  alive: () => boolean,
  pollMs = 1_000,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<boolean> {
  while (alive()) {
    if (!busy()) return true;
    await sleep(pollMs);
  }
  return false;
}
