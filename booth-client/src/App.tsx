/**
 * The booth: its device credential, what GET /me says about its municipality, and one resident's
 * journey at a time. Forgetting a resident mounts a fresh Journey (new key) and resets the
 * language and the text size; this device keeps only its credential (api.ts loadCredential) and the
 * outbox of events not yet acknowledged (events/outbox.ts: codes and figures, nothing personal). A booth
 * that cannot reach its server or LiveKit shows the "temporarily unavailable" screen instead of a
 * journey that could not end in a call (health/link.ts), and comes back by itself.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ApiError, type BoothApi, type BoothSelf, boothApi, loadCredential } from './api';
import { defaultTextSize, setTextSize } from './display/text-size';
import { BoothOutbox, type BoothRecorder } from './events/outbox-sender';
import { MaintenanceScreen } from './health/MaintenanceScreen';
import { useBoothHealth } from './health/useBoothHealth';
import { setLanguage } from './i18n';
import { Journey } from './Journey';
import { defaultLanguage } from './journey/vocabulary';
import { repeatAfter } from './repeat';
import { DeviceScreen } from './screens/SimpleScreens';
import { UnavailableScreen } from './screens/UnavailableScreen';

const RETRY_MS = 10_000;

export function App() {
  const [credential] = useState(loadCredential);
  const api = useMemo(() => (credential ? boothApi(credential) : null), [credential]);
  if (!api) return <DeviceScreen kind="notProvisioned" />;
  return <Booth api={api} />;
}

function Booth({ api }: { api: BoothApi }) {
  const [info, setInfo] = useState<BoothSelf | null>(null);
  const [problem, setProblem] = useState<'notProvisioned' | 'unreachable' | null>(null);
  const [journey, setJourney] = useState(0);
  // Does the journey hold a session (queued or in a call)? Remote commands that would cut it wait.
  const sessionOpen = useRef(false);
  const journeyApi = useMemo<BoothApi>(
    () => ({
      ...api,
      requestCall: async (request) => {
        const session = await api.requestCall(request);
        sessionOpen.current = true;
        return session;
      },
    }),
    [api],
  );
  // Events and ends wait in the outbox until the server acknowledges them (issue 13): through an
  // app restart, a cut, a kiosk reload. It sends again at once when the link is back.
  const outbox = useMemo(() => new BoothOutbox(api), [api]);
  useEffect(() => {
    outbox.start();
    const online = () => outbox.linkBack();
    window.addEventListener('online', online);
    return () => {
      window.removeEventListener('online', online);
      outbox.stop();
    };
  }, [outbox]);
  const events = useMemo<BoothRecorder>(
    () => ({
      record: (sessionId, type, detail) => outbox.record(sessionId, type, detail),
      // The booth has given the session up: remote commands need not wait for it any more.
      close: (sessionId, how, reason) => {
        sessionOpen.current = false;
        outbox.close(sessionId, how, reason);
      },
    }),
    [outbox],
  );
  // An answered heartbeat says the server is back: the outbox need not wait for its backoff.
  const healthApi = useMemo<BoothApi>(
    () => ({
      ...api,
      heartbeat: async (beat, timeoutMs) => {
        const reply = await api.heartbeat(beat, timeoutMs);
        outbox.linkBack();
        return reply;
      },
    }),
    [api, outbox],
  );
  // Heartbeats and remote commands (decision 0014) run whatever screen is shown.
  const { maintenance, available } = useBoothHealth(healthApi, info, () => sessionOpen.current);

  const reloadInfo = useCallback(async () => {
    try {
      const me = await api.me();
      setInfo(me);
      setProblem(null);
      return me;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) setProblem('notProvisioned');
      throw error;
    }
  }, [api]);

  // Until the first /me answers, try again every few seconds (the booth may boot before the network).
  useEffect(() => {
    if (info) return;
    return repeatAfter(async (alive) => {
      try {
        await reloadInfo();
        return null;
      } catch (error) {
        if (alive() && !(error instanceof ApiError && error.status === 401)) setProblem('unreachable');
        return RETRY_MS;
      }
    });
  }, [info, reloadInfo]);

  const forget = useCallback(() => {
    sessionOpen.current = false;
    setLanguage(defaultLanguage);
    setTextSize(defaultTextSize);
    setJourney((n) => n + 1);
  }, []);

  // The link went while a resident was choosing: they cannot call, so they are told at once (and
  // forgotten). A queued or running call is left to LiveKit and the call's own lost-link handling;
  // the unavailable screen follows when it ends.
  const unavailable = !available && !sessionOpen.current;
  useEffect(() => {
    if (unavailable) forget();
  }, [unavailable, forget]);

  if (problem === 'notProvisioned') return <DeviceScreen kind="notProvisioned" />;
  if (!info) return problem === 'unreachable' ? <UnavailableScreen /> : <DeviceScreen kind="loading" />;
  if (maintenance) return <MaintenanceScreen />;
  if (unavailable) return <UnavailableScreen municipality={info.municipality.name} counter={info.municipality.counterGuidance} />;
  return <Journey key={journey} api={journeyApi} events={events} info={info} reloadInfo={reloadInfo} onForget={forget} />;
}
