/**
 * Which WebRTC connections the page holds, without touching the call code: the constructor is
 * wrapped once, before LiveKit makes any (imported from App.tsx). The heartbeat reads LiveKit's
 * state and the network figures from them. Nothing about the resident is read: only counters.
 */
import { type Counters, type LiveKitState, livekitStateOf, type NetworkFigures, networkFigures, type StatEntry } from './measure';

const connections = new Set<RTCPeerConnection>();
const counters: Counters = new Map();
let installed = false;

export function observePeerConnections(): void {
  if (installed || typeof window === 'undefined' || !('RTCPeerConnection' in window)) return;
  installed = true;
  const Original = window.RTCPeerConnection;
  const Observed = function (this: unknown, ...args: ConstructorParameters<typeof RTCPeerConnection>) {
    const pc = new Original(...args);
    connections.add(pc);
    pc.addEventListener('connectionstatechange', () => {
      if (pc.connectionState === 'closed') connections.delete(pc);
    });
    return pc;
  } as unknown as typeof RTCPeerConnection;
  Observed.prototype = Original.prototype;
  Object.setPrototypeOf(Observed, Original); // static generateCertificate etc.
  window.RTCPeerConnection = Observed;
}

export function livekitState(): LiveKitState {
  return livekitStateOf([...connections].map((pc) => pc.connectionState));
}

/** RTT, loss and bitrate of the open connections; empty outside a call. */
export async function callFigures(): Promise<NetworkFigures> {
  const open = [...connections].filter((pc) => pc.connectionState !== 'closed');
  if (open.length === 0) {
    counters.clear();
    return {};
  }
  const entries: StatEntry[] = [];
  for (const pc of open) {
    try {
      (await pc.getStats()).forEach((value: StatEntry) => entries.push(value));
    } catch {
      // A connection closing under us: skip it this time.
    }
  }
  return networkFigures(entries, counters);
}
