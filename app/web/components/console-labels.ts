import type { Language } from '@madoguchi/db/vocabulary';
import type { MessageKey } from '../i18n/i18n';
import type { ConsoleState } from './use-console-state';

/** An operator's status as the console and the overview show it. */
export const operatorStatusKeys: Record<ConsoleState['status'], MessageKey> = {
  available: 'operatorStatus.available',
  offered: 'operatorStatus.offered',
  on_call: 'operatorStatus.on_call',
  wrap_up: 'operatorStatus.wrap_up',
  break: 'operatorStatus.break',
  away: 'operatorStatus.away',
  offline: 'operatorStatus.offline',
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
