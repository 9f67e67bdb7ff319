/**
 * What `npm start` prints (issue 12, defect 10): addresses a browser can really open (never
 * 0.0.0.0), which demo booth can call right now (the town-hall booth is closed at night and at
 * weekends: from its calendar and the current Japan time), and that the demo logins are for the
 * demo only. Pure: start.ts gathers the interfaces, calendars and time and prints the lines.
 */
import type { NetworkInterfaceInfo } from 'node:os';
import { currentOpening, isOpen, nextOpening, type OpeningCalendar } from '../../domain/calendar';
import { DAY_MS, JST_OFFSET_MS, localDateTime } from '../../domain/japan-time';

type Interfaces = Record<string, NetworkInterfaceInfo[] | undefined>;

const WILDCARDS = new Set(['0.0.0.0', '::', '']);
const LOOPBACK = /^(127\.|::1$|localhost$)/;

const origin = (address: string, port: number) => `http://${address.includes(':') ? `[${address}]` : address}:${port}`;

/**
 * The origins a browser can open. A wildcard host listens everywhere: this machine as 127.0.0.1,
 * then every non-internal address (IPv4; IPv6 too for '::', link-local left out because a browser
 * would need the zone). A named host or address is printed as it is.
 */
export function reachableOrigins(host: string, port: number, interfaces: Interfaces): { local: string; network: string[] } {
  if (!WILDCARDS.has(host)) {
    const own = origin(host, port);
    return LOOPBACK.test(host) ? { local: own, network: [] } : { local: own, network: [own] };
  }
  const network = Object.values(interfaces)
    .flatMap((list) => list ?? [])
    .filter((i) => !i.internal && (i.family === 'IPv4' || (host === '::' && !i.address.toLowerCase().startsWith('fe80:'))))
    .map((i) => origin(i.address, port));
  return { local: origin('127.0.0.1', port), network: [...new Set(network)] };
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
/** 'Mon 2026-12-07 08:15' in Japan time. */
function japanDay(instant: Date): string {
  const weekday = WEEKDAYS[new Date(instant.getTime() + JST_OFFSET_MS).getUTCDay()]!;
  return `${weekday} ${localDateTime(instant, 'minute')}`;
}

/** Whether a booth can call at `now`, and until or from when (Japan time). */
export function callableNow(calendar: OpeningCalendar, now: Date): { open: boolean; text: string } {
  if (isOpen(calendar, now)) {
    const until = currentOpening(calendar, now)?.end;
    const text =
      until && until.getTime() - now.getTime() < DAY_MS
        ? `open: a call can be made now (until ${localDateTime(until, 'minute').slice(11)} JST)`
        : 'open: a call can be made now (around the clock)';
    return { open: true, text };
  }
  const next = nextOpening(calendar, now);
  return {
    open: false,
    text: `closed now: it shows its closed screen until ${next ? `${japanDay(next)} JST` : 'an admin gives it opening hours'}`,
  };
}

export interface BannerBooth {
  label: string;
  /** Path and query, e.g. /booth/?provision=mdgb_… */
  path: string;
  calendar: OpeningCalendar;
}

export interface BannerInput {
  origins: { local: string; network: string[] };
  livekitUrl: string;
  booths: BannerBooth[];
  logins: { role: string; loginId: string; password: string }[];
  /** Where the demo logins are kept, as the reader would type it. */
  loginsFile?: string;
  now: Date;
}

export function startBanner({ origins, livekitUrl, booths, logins, loginsFile = 'data/demo-logins.json', now }: BannerInput): string[] {
  const base = origins.local;
  const states = booths.map((b) => ({ ...b, ...callableNow(b.calendar, now) }));
  // The booth to try first: one that can call now.
  states.sort((a, b) => Number(b.open) - Number(a.open));
  const width = Math.max(16, ...states.map((b) => b.label.length + 1));
  const lines = ['', `Madoguchi is running (Japan time now: ${japanDay(now)}).`];
  for (const b of states) lines.push(`  ${b.label.padEnd(width)} ${base}${b.path}`, `  ${''.padEnd(width)} ↳ ${b.text}`);
  lines.push(
    `  ${'Operator console'.padEnd(width)} ${base}/console`,
    `  ${'Staff dashboard'.padEnd(width)} ${base}/staff        Admin: ${base}/admin`,
    `  ${'API reference'.padEnd(width)} ${base}/api/v1/reference   health: ${base}/api/health`,
    `  ${'LiveKit'.padEnd(width)} ${livekitUrl}`,
  );
  if (origins.network.length > 0)
    lines.push(
      `  From other devices: ${origins.network.join(', ')} (same paths). Browsers there allow the camera and`,
      '  microphone only over HTTPS: put a TLS proxy in front (docs/operations.md, "Deploying").',
    );
  if (logins.length > 0) {
    lines.push(
      '  Demo logins — for this demo only: anyone who reads this file or terminal can use them;',
      `  never keep them on a real deployment (${loginsFile}):`,
    );
    for (const login of logins) lines.push(`    ${login.role.padEnd(11)} ${login.loginId} / ${login.password}`);
  }
  lines.push('Press Ctrl+C to stop.', '');
  return lines;
}
