/**
 * The booth's heartbeat (decision 0014): every `heartbeatMs` (told by /me and each reply) it
 * sends its device states, LiveKit's state and network figures, and carries out the commands
 * the reply brings: self-test, reload, maintenance screen on/off. Whether the beats come back,
 * and whether LiveKit answers a probe at the same pace, say whether the booth can take a call
 * (health/link.ts): `available`.
 */
import { useEffect, useRef, useState } from 'react';
import { ApiError, type BoothApi, type BoothSelf, type CommandResult, type HeartbeatReply } from '../api';
import { repeatAfter } from '../repeat';
import { beatLoop } from './beats';
import { deviceStates } from './devices';
import { callRunning, untilIdle, waitsForIdle } from './hold';
import { checkTimeoutMs, initialLink, type LinkPart, nextCheckMs, observe } from './link';
import { onLinkBack } from './link-back';
import { livekitHttpUrl, probeLiveKit } from './livekit-probe';
import { beatNetwork } from './measure';
import { callFigures, livekitState, observePeerConnections } from './peer-connections';
import { runSelfTest } from './self-test';

/** No answer, or the server failing: the link is lost. A refusal (4xx) is an answer. */
const lostLink = (error: unknown) => !(error instanceof ApiError) || error.status >= 500;

/** Reported with every beat, so staff see which booths run an old build. */
export const BOOTH_APP_VERSION = '0.1.0';

observePeerConnections();

/**
 * `sessionOpen` says whether the journey holds a session (queued or in a call): reload,
 * maintenance on and self-test wait until it is over and LiveKit is idle.
 */
export function useBoothHealth(
  api: BoothApi,
  info: BoothSelf | null,
  sessionOpen: () => boolean = () => false,
): { maintenance: boolean; available: boolean } {
  const [maintenance, setMaintenance] = useState(info?.maintenance ?? false);
  const [available, setAvailable] = useState(true);
  const livekitUrl = useRef(info?.livekitUrl ?? '');
  const firstInterval = useRef(info?.heartbeatMs ?? 10_000);
  if (info) {
    livekitUrl.current = info.livekitUrl ?? '';
    firstInterval.current = info.heartbeatMs ?? 10_000;
  }
  const sessionOpenRef = useRef(sessionOpen);
  sessionOpenRef.current = sessionOpen;
  const ready = info !== null;
  // The first answer of /me says whether the booth starts in maintenance.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only the first answer; later ones come with the beats.
  useEffect(() => {
    if (info) setMaintenance(info.maintenance ?? false);
  }, [ready]);

  useEffect(() => {
    if (!ready) return;
    let interval = firstInterval.current;
    // Commands run one after another, beside the beats: a self-test takes seconds and the booth
    // must not fall silent (offline) meanwhile.
    let commands: Promise<void> = Promise.resolve();
    const seen = new Set<string>();

    const execute = async (command: HeartbeatReply['commands'][number], alive: () => boolean) => {
      // Never in the middle of a resident's call: held (beats go on) until the booth is idle.
      if (waitsForIdle(command.kind)) {
        const busy = () => callRunning(sessionOpenRef.current(), livekitState());
        if (!(await untilIdle(busy, alive))) return;
      }
      let result: CommandResult;
      try {
        if (command.kind === 'self_test') result = { status: 'completed', selfTest: await runSelfTest(api, livekitUrl.current) };
        else result = { status: 'completed' };
      } catch {
        result = { status: 'failed', error: 'other' };
      }
      await api.commandResult(command.id, result).catch(() => undefined);
      if (command.kind === 'maintenance_on') setMaintenance(true);
      if (command.kind === 'maintenance_off') setMaintenance(false);
      // Reported first, then reloaded: the result would be lost otherwise.
      if (command.kind === 'reload') window.location.reload();
    };

    let link = initialLink;
    let stoppedAll = false;
    const checked = (part: LinkPart, ok: boolean) => {
      link = observe(link, part, ok);
      setAvailable(link.available);
    };

    // Beats go on whatever the commands do; the loop stops when the booth screen goes. Each beat
    // is bounded (request.ts) and the next is due an interval after this one started (beats.ts).
    api.configure(interval);
    const beats = beatLoop(async (signal, alive) => {
      const [devices, call] = await Promise.all([deviceStates(), callFigures()]);
      if (!alive()) return null;
      // In a call, WebRTC's own figures; otherwise none (not the heartbeat's own round trip).
      const livekit = livekitState();
      // Out of a call, staff see that LiveKit does not answer the booth (why it says unavailable).
      const reported = livekit === 'idle' && link.failures.livekit > 0 ? 'unreachable' : livekit;
      let reply: HeartbeatReply;
      try {
        reply = await api.heartbeat(
          { appVersion: BOOTH_APP_VERSION, ...devices, livekit: reported, network: beatNetwork(call, livekit) },
          signal,
        );
      } catch (error) {
        // Replaced by a newer beat (the link came back): that one judges the link.
        if (!alive()) return null;
        // The server will mark us offline; keep trying (sooner, to confirm a first failure).
        checked('server', !lostLink(error));
        return nextCheckMs(link, 'server', interval);
      }
      if (!alive()) return null;
      checked('server', true);
      // The flag is set on the server at once; the screen never replaces a running call.
      if (!reply.maintenance || !callRunning(sessionOpenRef.current(), livekitState())) setMaintenance(reply.maintenance);
      interval = reply.heartbeatMs;
      api.configure(interval);
      for (const command of reply.commands) {
        if (seen.has(command.id)) continue;
        seen.add(command.id);
        commands = commands.then(() => execute(command, () => !stoppedAll)).catch(() => undefined);
      }
      return interval;
    });
    // The link is known back: beat now rather than at the next interval.
    const online = () => beats.linkBack();
    window.addEventListener('online', online);
    const stopListening = onLinkBack(() => beats.linkBack());

    // LiveKit, probed at the same pace — but not in a call, where the room's own connection tells.
    const stopProbes = repeatAfter(async (alive) => {
      const url = livekitHttpUrl(livekitUrl.current);
      if (url && !callRunning(sessionOpenRef.current(), livekitState())) {
        const ok = await probeLiveKit(url, checkTimeoutMs(interval)).then(
          () => true,
          () => false,
        );
        if (!alive()) return null;
        checked('livekit', ok);
      }
      return nextCheckMs(link, 'livekit', interval);
    });

    return () => {
      stoppedAll = true;
      beats.stop();
      window.removeEventListener('online', online);
      stopListening();
      stopProbes();
    };
  }, [api, ready]);

  return { maintenance, available };
}
