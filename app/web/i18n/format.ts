/**
 * Numbers, dates and durations in the screen's language. Times are always Japan time (the
 * municipalities' clock), only the way they are written follows the language. Pure.
 */
import type { Translate, UiLanguage } from './i18n';

const locales: Record<UiLanguage, string> = { ja: 'ja-JP', en: 'en-US' };
export const localeOf = (language: UiLanguage) => locales[language];

const TIME_ZONE = 'Asia/Tokyo';
const cache = new Map<string, Intl.DateTimeFormat>();
function dateFormat(language: UiLanguage, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${language}${JSON.stringify(options)}`;
  let format = cache.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locales[language], { timeZone: TIME_ZONE, ...options });
    cache.set(key, format);
  }
  return format;
}

const toDate = (instant: Date | number | string) => (instant instanceof Date ? instant : new Date(instant));

export function formatNumber(value: number, language: UiLanguage): string {
  return value.toLocaleString(locales[language]);
}

/** Date and time to the minute (or the second), e.g. 2026/12/03 22:10 or 12/03/2026, 10:10 PM. */
export function formatDateTime(instant: Date | number | string, language: UiLanguage, precision: 'minute' | 'second' = 'minute'): string {
  const options: Intl.DateTimeFormatOptions = { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' };
  return dateFormat(language, precision === 'second' ? { ...options, second: '2-digit' } : options).format(toDate(instant));
}

/** As the admin and staff lists write an event: 2026/12/03(木) 22:10 or Thu, 12/03/2026, 22:10. */
export function formatStamp(instant: Date | number | string, language: UiLanguage): string {
  return dateFormat(language, {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(toDate(instant));
}

/** formatStamp, or null for no time. */
export const stampOrNull = (instant: Date | null | undefined, language: UiLanguage) => (instant ? formatStamp(instant, language) : null);

/** Month, day and time, for recent events: 12/3 22:10 or 12/3, 10:10 PM. */
export function formatShortDateTime(instant: Date | number | string, language: UiLanguage): string {
  return dateFormat(language, { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' }).format(toDate(instant));
}

/** Hours and minutes: 22:10 or 10:10 PM. */
export function formatTime(instant: Date | number | string, language: UiLanguage): string {
  return dateFormat(language, { hour: '2-digit', minute: '2-digit' }).format(toDate(instant));
}

/** A duration: "45 秒", "12 分 5 秒", "1 時間 3 分" / "45 s", "12 min 5 s", "1 h 3 min". */
export function formatDuration(totalSeconds: number, t: Translate): string {
  const s = Math.max(0, Math.round(totalSeconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  if (h > 0) return t('format.hoursMinutes', { h, m });
  if (m > 0) return t('format.minutesSeconds', { m, s: rest });
  return t('format.seconds', { s: rest });
}
