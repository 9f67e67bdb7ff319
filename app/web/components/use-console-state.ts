import type { ConsoleState } from '@madoguchi/db/call-contract';
import { useEffect, useState } from 'react';
import { fetchJson } from '../utils/api-json';

/** The operator's live state: one type for the server that pushes it and this console (the call contract). */
export type { ConsoleState };

/** A supervisor in the operator's call (issue 18): pushed as the stream's `supervision` event. */
export interface SupervisionNotice {
  sessionId: string;
  mode: 'listening' | 'coaching' | 'joined' | 'took-over' | null;
  supervisorName: string | null;
}

/**
 * A staff console's live state, pushed by the server as the `state` events of `url` (Server-Sent
 * Events; the browser reconnects by itself). `listen` adds the console's other events.
 */
export function usePushedState<T>(url: string, initial: T, listen?: (source: EventSource) => void) {
  const [state, setState] = useState<T>(initial);
  const [connected, setConnected] = useState(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: one stream per page; `listen` is read when it opens.
  useEffect(() => {
    const source = new EventSource(url);
    source.addEventListener('state', (e) => setState(JSON.parse((e as MessageEvent<string>).data) as T));
    listen?.(source);
    source.onopen = () => setConnected(true);
    source.onerror = () => setConnected(false);
    return () => source.close();
  }, [url]);
  return { state, setState, connected };
}

/** The operator's live state; `supervision` is undefined until a supervisor's step is pushed. */
export function useConsoleState(initial: ConsoleState | null) {
  const [supervision, setSupervision] = useState<SupervisionNotice | undefined>(undefined);
  const pushed = usePushedState('/api/v1/console/stream', initial, (source) =>
    source.addEventListener('supervision', (e) => setSupervision(JSON.parse((e as MessageEvent<string>).data) as SupervisionNotice)),
  );
  return { ...pushed, supervision };
}

/** JSON calls to one of our staff APIs (same origin, cookie). Problems come back in both languages. */
export const staffApi =
  (prefix: string) =>
  <T>(method: string, path: string, body?: unknown): Promise<T> =>
    fetchJson<T>(`${prefix}${path}`, {
      method,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

/** JSON call to our API from the console. */
export const consoleApi = staffApi('/api/v1/console');

/** A soft two-tone ring while an offer waits (Web Audio: no sound file to ship). */
export function useRing(ringing: boolean) {
  useEffect(() => {
    if (!ringing || typeof AudioContext === 'undefined') return;
    const audio = new AudioContext();
    const beep = () => {
      for (const [offset, frequency] of [
        [0, 880],
        [0.25, 660],
      ] as const) {
        const osc = audio.createOscillator();
        const gain = audio.createGain();
        osc.frequency.value = frequency;
        gain.gain.value = 0.15;
        osc.connect(gain).connect(audio.destination);
        osc.start(audio.currentTime + offset);
        osc.stop(audio.currentTime + offset + 0.2);
      }
    };
    beep();
    const timer = setInterval(beep, 1500);
    return () => {
      clearInterval(timer);
      void audio.close();
    };
  }, [ringing]);
}
