import type { Language } from '@madoguchi/db/vocabulary';
import type { ConsoleState } from './use-console-state';

/** An operator's status as the console and the overview show it: Japanese first, then English. */
export const operatorStatusLabels: Record<ConsoleState['status'], string> = {
  available: '受付可 / Available',
  offered: '着信中 / Ringing',
  on_call: '通話中 / On a call',
  wrap_up: '後処理 / After-call work',
  break: '休憩 / Break',
  away: '離席（応答なし） / Away (missed a call)',
  offline: 'オフライン / Offline',
};

/** Each booth language in its own name. */
export const languageNames: Record<Language, string> = {
  ja: '日本語',
  en: 'English',
  'zh-Hans': '中文(简体)',
  ko: '한국어',
  vi: 'Tiếng Việt',
  pt: 'Português',
};

/** A duration in both languages: "45 秒 / 45 s", "12 分 5 秒 / 12 min 5 s", "1 時間 3 分 / 1 h 3 min". */
export function durationLabel(totalSeconds: number): string {
  const s = Math.max(0, Math.round(totalSeconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  if (h > 0) return `${h} 時間 ${m} 分 / ${h} h ${m} min`;
  if (m > 0) return `${m} 分 ${rest} 秒 / ${m} min ${rest} s`;
  return `${rest} 秒 / ${rest} s`;
}
