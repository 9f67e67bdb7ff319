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
 * The operator's live state, pushed by the server (Server-Sent Events; the browser reconnects by
 * itself); `supervision` is undefined until a supervisor's step is pushed.
 */
export function useConsoleState(initial: ConsoleState | null) {
  const [state, setState] = useState<ConsoleState | null>(initial);
  const [connected, setConnected] = useState(false);
  const [supervision, setSupervision] = useState<SupervisionNotice | undefined>(undefined);
  useEffect(() => {
    const source = new EventSource('/api/v1/console/stream');
    source.addEventListener('state', (e) => setState(JSON.parse((e as MessageEvent<string>).data) as ConsoleState));
    source.addEventListener('supervision', (e) => setSupervision(JSON.parse((e as MessageEvent<string>).data) as SupervisionNotice));
    source.onopen = () => setConnected(true);
    source.onerror = () => setConnected(false);
    return () => source.close();
  }, []);
  return { state, setState, connected, supervision };
}

/** JSON call to our API from the console (same origin, cookie). Problems come back in both languages. */
export async function consoleApi<T>(method: string, path: string, body?: unknown): Promise<T> {
  return fetchJson<T>(`/api/v1/console${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

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
