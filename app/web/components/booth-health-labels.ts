/** Words and formats shared by the staff booth-health pages, in the user's language (resources `health.*`). */
import { formatDateTime } from '../i18n/format';
import type { MessageKey, Translate, UiLanguage } from '../i18n/i18n';

export const statusKeys = {
  online: 'health.status.online',
  degraded: 'health.status.degraded',
  offline: 'health.status.offline',
  unknown: 'health.status.unknown',
} as const satisfies Record<string, MessageKey>;

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

export const commandKeys = {
  self_test: 'health.command.self_test',
  reload: 'health.command.reload',
  maintenance_on: 'health.command.maintenance_on',
  maintenance_off: 'health.command.maintenance_off',
} as const satisfies Record<string, MessageKey>;

export const commandStatusKeys = {
  pending: 'health.commandStatus.pending',
  delivered: 'health.commandStatus.delivered',
  completed: 'health.commandStatus.completed',
  failed: 'health.commandStatus.failed',
  expired: 'health.commandStatus.expired',
} as const satisfies Record<string, MessageKey>;

export const checkKeys = {
  camera: 'health.check.camera',
  microphone: 'health.check.microphone',
  speaker: 'health.check.speaker',
  livekit: 'health.check.livekit',
  network: 'health.check.network',
} as const satisfies Record<string, MessageKey>;

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
