/** Are a camera, a microphone and a speaker there? Only device kinds are read, never labels. */
import type { DeviceState } from '../api';

export interface DeviceStates {
  camera: DeviceState;
  microphone: DeviceState;
  speaker: DeviceState;
}

export async function deviceStates(): Promise<DeviceStates> {
  if (!navigator.mediaDevices?.enumerateDevices) return { camera: 'unknown', microphone: 'unknown', speaker: 'unknown' };
  try {
    const kinds = new Set((await navigator.mediaDevices.enumerateDevices()).map((d) => d.kind));
    const state = (kind: MediaDeviceKind): DeviceState => (kinds.has(kind) ? 'ok' : 'missing');
    // Browsers without output selection list no 'audiooutput' even with a speaker: unknown, not missing.
    const outputsListed = 'setSinkId' in HTMLMediaElement.prototype;
    return { camera: state('videoinput'), microphone: state('audioinput'), speaker: outputsListed ? state('audiooutput') : 'unknown' };
  } catch {
    return { camera: 'error', microphone: 'error', speaker: 'error' };
  }
}
