/** Dates and figures shown to the resident, in the resident's language, always in Japan's time. */
import type { Language } from '../journey/vocabulary';

/** The locale Intl formats with for each booth language (Brazilian Portuguese: most speakers in Japan). */
export const intlLocale: Record<Language, string> = {
  ja: 'ja-JP',
  en: 'en-US',
  'zh-Hans': 'zh-Hans-CN',
  ko: 'ko-KR',
  vi: 'vi-VN',
  pt: 'pt-BR',
};

/** E.g. ja「1月6日火曜日 8:15」, en "Tuesday, January 6 at 8:15 AM" — the booth's opening time in Asia/Tokyo. */
export function formatOpening(iso: string, language: Language): string {
  return new Intl.DateTimeFormat(intlLocale[language], {
    timeZone: 'Asia/Tokyo',
    month: 'long',
    day: 'numeric',
    weekday: 'long',
    hour: 'numeric',
    minute: '2-digit',
  }).format(new Date(iso));
}

/** Whole minutes to show for an estimated wait (at least 1), or null for "very soon" / unknown. */
export function waitMinutes(seconds: number | null | undefined): number | null {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds <= 0) return null;
  return Math.max(1, Math.ceil(seconds / 60));
}

/** A check-in day (`YYYY-MM-DD`, Japan) as the resident reads it, e.g. ja「12月8日(火)」, en "Tue, December 8". */
export function formatCheckInDate(date: string, language: Language): string {
  return new Intl.DateTimeFormat(intlLocale[language], { timeZone: 'Asia/Tokyo', month: 'long', day: 'numeric', weekday: 'short' }).format(
    new Date(`${date}T12:00:00+09:00`),
  );
}
