/** Words and formats shared by the staff booth-health pages, in the user's language (resources `health.*`). */
import { boothCommandKinds, boothCommandStatuses, boothStatuses } from '@madoguchi/db/vocabulary';
import { formatDateTime } from '../i18n/format';
import type { Translate, UiLanguage } from '../i18n/i18n';

/**
 * `{ online: 'health.status.online', … }`: each value's text key under `prefix`; the compiler checks
 * every key where it is translated (t takes only keys the resources have).
 */
function keysUnder<Prefix extends string, Value extends string>(prefix: Prefix, values: readonly Value[]) {
  return Object.fromEntries(values.map((v) => [v, `${prefix}.${v}`])) as { [V in Value]: `${Prefix}.${V}` };
}

export const statusKeys = keysUnder('health.status', [...boothStatuses, 'unknown']);

/** admin-badge modifier per status (existing classes only). */
export const statusClass = {
  online: 'admin-badge open',
  degraded: 'admin-badge warn',
  offline: 'admin-badge',
  unknown: 'admin-badge',
} as const;
/** Offline must stand out: the alert colours of .admin-alert on the badge. */
export const statusStyle = { offline: { background: '#fde2e2', color: '#8a1111' } } as Partial<
  Record<keyof typeof statusClass, { background: string; color: string }>
>;

const devices = ['ok', 'missing', 'error', 'unknown', 'connected', 'reconnecting', 'disconnected', 'idle', 'unreachable'] as const;
const reasons = ['camera', 'microphone', 'livekit', 'rtt', 'packet_loss', 'bitrate'] as const;
const results = ['pass', 'fail', 'skipped'] as const;
const known = <T extends string>(list: readonly T[], value: string): value is T => (list as readonly string[]).includes(value);

/** A device state as the heartbeat reports it; null for a state we have no word for. */
export function deviceText(value: unknown, t: Translate): string | null {
  const v = String(value);
  return known(devices, v) ? t(`health.device.${v}`) : null;
}

/** A reason for a degraded status; unknown reasons as they came. */
export const reasonText = (value: string, t: Translate) => (known(reasons, value) ? t(`health.reason.${value}`) : value);

/** A self-test result; null for one we have no word for. */
export const resultText = (value: string, t: Translate) => (known(results, value) ? t(`health.result.${value}`) : null);

export const commandKeys = keysUnder('health.command', boothCommandKinds);
export const commandStatusKeys = keysUnder('health.commandStatus', boothCommandStatuses);
/** The self-test's checks, in the order a result lists them. */
export const checkKeys = keysUnder('health.check', ['camera', 'microphone', 'speaker', 'livekit', 'network']);

/** 0.987 → "98.7 %"; null (no opening in the period) → "— (受付時間なし)". */
export function percent(ratio: number | null, t: Translate): string {
  return ratio === null ? t('health.noOpening') : `${(Math.floor(ratio * 1000) / 10).toFixed(1)} %`;
}

/** Milliseconds as "1時間5分" / "1 h 5 min". */
export function duration(ms: number, t: Translate): string {
  const minutes = Math.round(ms / 60_000);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h > 0 ? t('health.hoursMinutes', { h, m }) : t('health.minutes', { m });
}

/** Japan time to the second, or "—". */
export function jstTime(at: string | Date | null | undefined, language: UiLanguage): string {
  return at ? formatDateTime(at, language, 'second') : '—';
}
