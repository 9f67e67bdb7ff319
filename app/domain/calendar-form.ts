/**
 * An OpeningCalendar as plain strings and booleans for the admin screen's HTML form, and back.
 * The form itself (its zod schema, read by conform) is web/components/admin-calendar-form.tsx;
 * the calendar's rules are checked here, on the server, so the holiday table stays off the page.
 *
 * Field names (also the `field` of each error, and the `name` of each input, as conform names them):
 *   weekly[0] … weekly[6]      one text input per weekday, 0 = 日曜 (Sunday) … 6 = 土曜,
 *                              e.g. "08:15-12:00, 13:00-17:00"; empty = closed
 *   closedOnNationalHolidays   checkbox
 *   closedForYearEnd           checkbox
 *   closedDates                textarea, one YYYY-MM-DD per line
 *   openDates                  textarea, one "YYYY-MM-DD 09:00-12:00, 13:00-15:00" per line
 *   validFrom, validUntil      date inputs, empty = no limit
 *
 * fromForm is lenient about what people type on a Japanese keyboard — full-width digits and
 * colons (８：１５), 〜/～/~ between times, 、 between ranges, 2026/11/29 and 8:15 — and
 * normalises to the canonical form, then validates through the OpeningCalendar schema, so the
 * rules live in one place. Messages come in Japanese and English.
 */
import { type CalendarIssueCode, OpeningCalendar, type TimeRange } from './calendar';

export interface CalendarForm {
  /** 7 entries, 0 = Sunday … 6 = Saturday. */
  weekly: string[];
  closedOnNationalHolidays: boolean;
  closedForYearEnd: boolean;
  closedDates: string;
  openDates: string;
  validFrom: string;
  validUntil: string;
}

export interface LocalizedMessage {
  ja: string;
  en: string;
}

export interface CalendarFormError {
  /** 'weekly[0]' … 'weekly[6]', 'closedDates', 'openDates', 'validFrom', 'validUntil', … ('' = the whole form). */
  field: string;
  message: LocalizedMessage;
}

export type FromFormResult = { ok: true; calendar: OpeningCalendar } | { ok: false; errors: CalendarFormError[] };

export const WEEKDAY_LABELS: readonly LocalizedMessage[] = [
  { ja: '日曜日', en: 'Sunday' },
  { ja: '月曜日', en: 'Monday' },
  { ja: '火曜日', en: 'Tuesday' },
  { ja: '水曜日', en: 'Wednesday' },
  { ja: '木曜日', en: 'Thursday' },
  { ja: '金曜日', en: 'Friday' },
  { ja: '土曜日', en: 'Saturday' },
];

type FormIssueCode = CalendarIssueCode | 'range_format' | 'open_date_format' | 'open_date_ranges' | 'weekly_length' | 'invalid';

export const calendarFormMessages: Record<FormIssueCode, LocalizedMessage> = {
  time_format: {
    ja: '時刻は HH:MM 形式で入力してください（例: 08:15、終了は 24:00 まで）',
    en: 'Enter times as HH:MM (e.g. 08:15; an end time may be 24:00).',
  },
  time_order: { ja: '終了時刻は開始時刻より後にしてください', en: 'The end time must be later than the start time.' },
  overlap: { ja: '時間帯が重なっています', en: 'Time ranges overlap.' },
  date_format: {
    ja: '日付は YYYY-MM-DD 形式の実在する日付で入力してください（例: 2026-11-29）',
    en: 'Enter an existing date as YYYY-MM-DD (e.g. 2026-11-29).',
  },
  duplicate_date: { ja: '同じ日付が複数回指定されています', en: 'The same date is listed more than once.' },
  validity_order: { ja: '終了日は開始日以降の日付にしてください', en: 'The end date must be on or after the start date.' },
  range_format: {
    ja: '時間帯は「09:00-17:00」の形式で、複数ある場合は「,」で区切って入力してください',
    en: 'Enter time ranges like 09:00-17:00, separated by commas.',
  },
  open_date_format: { ja: '「YYYY-MM-DD 09:00-12:00」の形式で入力してください', en: 'Enter each line as "YYYY-MM-DD 09:00-12:00".' },
  open_date_ranges: { ja: '開庁日には時間帯を1つ以上入力してください', en: 'Enter at least one time range for the opening date.' },
  weekly_length: { ja: '曜日ごとの時間帯は7日分必要です', en: 'Hours are needed for all 7 weekdays.' },
  invalid: { ja: '入力内容が正しくありません', en: 'The input is invalid.' },
};

// ---------------------------------------------------------------------------------------------
// Calendar → form

function rangesText(ranges: readonly TimeRange[]): string {
  return ranges.map((r) => `${r.start}-${r.end}`).join(', ');
}

export function toForm(calendar: OpeningCalendar): CalendarForm {
  return {
    weekly: calendar.weekly.map(rangesText),
    closedOnNationalHolidays: calendar.closedOnNationalHolidays,
    closedForYearEnd: calendar.closedForYearEnd,
    closedDates: calendar.closedDates.join('\n'),
    openDates: calendar.openDates.map((o) => `${o.date} ${rangesText(o.ranges)}`).join('\n'),
    validFrom: calendar.validFrom ?? '',
    validUntil: calendar.validUntil ?? '',
  };
}

// ---------------------------------------------------------------------------------------------
// Form → calendar

/** The field of one weekday's hours: 0 = Sunday … 6 = Saturday. */
export const weekdayField = (dow: number) => `weekly[${dow}]`;

/** Full-width → ASCII (NFKC), every dash/tilde between times → '-', 、→ ','. */
function normalize(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[~〜\u2010-\u2015\u2212\u30FC\uFF70]/g, '-')
    .replace(/[、､]/g, ',')
    .trim();
}

/** '8:15' → '08:15'; anything else is left for the schema to judge. */
function normalizeTime(text: string): string {
  return /^\d:\d{2}$/.test(text) ? `0${text}` : text;
}

/** '2026/1/5' or '2026-1-5' → '2026-01-05'; anything else is left for the schema to judge. */
function normalizeDate(text: string): string {
  const match = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(text);
  if (!match) return text;
  const [, year, month, day] = match;
  return `${year}-${month!.padStart(2, '0')}-${day!.padStart(2, '0')}`;
}

/** "08:15-12:00, 13:00-17:00" → ranges (times not yet validated), or null if it cannot be split. */
function parseRanges(text: string): TimeRange[] | null {
  const pieces = normalize(text)
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  const ranges: TimeRange[] = [];
  for (const piece of pieces) {
    const match = /^([^\s-]+)\s*-\s*([^\s-]+)$/.exec(piece);
    if (!match) return null;
    ranges.push({ start: normalizeTime(match[1]!), end: normalizeTime(match[2]!) });
  }
  return ranges;
}

/** Non-empty lines with their 1-based line numbers. */
function lines(text: string): { line: number; text: string }[] {
  return text
    .split(/\r\n|\r|\n/)
    .map((t, i) => ({ line: i + 1, text: normalize(t) }))
    .filter((l) => l.text !== '');
}

function withLine(line: number | undefined, message: LocalizedMessage): LocalizedMessage {
  return line === undefined ? message : { ja: `${line}行目：${message.ja}`, en: `Line ${line}: ${message.en}` };
}

function issueCode(issue: object): FormIssueCode {
  const code =
    'params' in issue && issue.params && typeof issue.params === 'object' && 'code' in issue.params ? issue.params.code : undefined;
  if (typeof code === 'string' && code in calendarFormMessages) return code as FormIssueCode;
  return 'invalid';
}

export function fromForm(form: CalendarForm): FromFormResult {
  const errors: (CalendarFormError & { line: number })[] = [];
  const add = (field: string, code: FormIssueCode, line?: number) => {
    const message = withLine(line, calendarFormMessages[code]);
    if (!errors.some((e) => e.field === field && e.message.ja === message.ja)) errors.push({ field, message, line: line ?? 0 });
  };

  if (form.weekly.length !== 7) add('weekly', 'weekly_length');
  const weekly = Array.from({ length: 7 }, (_, dow) => {
    const ranges = parseRanges(form.weekly[dow] ?? '');
    if (ranges === null) add(weekdayField(dow), 'range_format');
    return ranges ?? [];
  });

  const closedLines = lines(form.closedDates);
  const closedDates = closedLines.map((l) => normalizeDate(l.text));

  // Only lines that could be split go to the schema; openLines[i] is the line of openDates[i].
  const openLines: number[] = [];
  const openDates: { date: string; ranges: TimeRange[] }[] = [];
  for (const { line, text } of lines(form.openDates)) {
    const match = /^(\S+)(?:\s+(.*))?$/.exec(text);
    const rest = match?.[2]?.trim() ?? '';
    if (!match) add('openDates', 'open_date_format', line);
    else if (rest === '') add('openDates', 'open_date_ranges', line);
    else {
      const ranges = parseRanges(rest);
      if (ranges === null) add('openDates', 'range_format', line);
      else {
        openLines.push(line);
        openDates.push({ date: normalizeDate(match[1]!), ranges });
      }
    }
  }

  const optionalDate = (text: string) => (normalize(text) === '' ? null : normalizeDate(normalize(text)));
  const candidate = {
    weekly,
    closedOnNationalHolidays: form.closedOnNationalHolidays,
    closedForYearEnd: form.closedForYearEnd,
    closedDates,
    openDates,
    validFrom: optionalDate(form.validFrom),
    validUntil: optionalDate(form.validUntil),
  };

  const parsed = OpeningCalendar.safeParse(candidate);
  if (parsed.success && errors.length === 0) return { ok: true, calendar: parsed.data };

  for (const issue of parsed.success ? [] : parsed.error.issues) {
    const [head, index] = issue.path;
    const code = issueCode(issue);
    if (head === 'weekly' && typeof index === 'number') add(weekdayField(index), code);
    else if (head === 'closedDates') add('closedDates', code, typeof index === 'number' ? closedLines[index]?.line : undefined);
    else if (head === 'openDates') add('openDates', code, typeof index === 'number' ? openLines[index] : undefined);
    else if (typeof head === 'string') add(head, code);
    else add('', code);
  }
  // In the order of the form, top to bottom (the sort is stable for errors on the same line).
  const rank = (field: string) => {
    const index = FIELD_ORDER.indexOf(field);
    return index === -1 ? FIELD_ORDER.length : index;
  };
  errors.sort((a, b) => rank(a.field) - rank(b.field) || a.line - b.line);
  return { ok: false, errors: errors.map(({ field, message }) => ({ field, message })) };
}

const FIELD_ORDER = [
  '',
  'weekly',
  ...Array.from({ length: 7 }, (_, dow) => weekdayField(dow)),
  'closedOnNationalHolidays',
  'closedForYearEnd',
  'closedDates',
  'openDates',
  'validFrom',
  'validUntil',
];
