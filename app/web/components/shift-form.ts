/**
 * The shift form (console.shifts): times typed as HH:MM, the rest as checkboxes. One schema for the
 * browser and the action, which carries the domain's rules (shiftIssues), so a wrong break or a time
 * off the quarter hour is worded the same in both places. What the operator serves is the service's
 * check (it knows the account).
 */
import { languages, procedures } from '@madoguchi/db/vocabulary';
import { z } from 'zod';
import { isValidLocalDate } from '../../domain/calendar';
import { minuteOfTime, type ShiftIssueCode, type ShiftTimes, shiftIssues } from '../../domain/staffing/shifts';
import type { MessageKey, Translate } from '../i18n/i18n';

const Time = z
  .string()
  .trim()
  .refine((v) => minuteOfTime(v) !== null, 'HH:MM');

/** The form's fields for the API's names. */
const fieldOf: Record<string, string> = {
  startMinute: 'start',
  endMinute: 'end',
  breakStartMinute: 'breakStart',
  breakEndMinute: 'breakEnd',
};

export const ShiftForm = z
  .object({
    /** Present when changing a shift. */
    shiftId: z.uuid().optional(),
    accountId: z.uuid(),
    date: z.string().refine(isValidLocalDate),
    start: Time,
    end: Time,
    breakStart: Time.optional(),
    breakEnd: Time.optional(),
    municipalityIds: z.array(z.uuid()).max(200).default([]),
    languages: z.array(z.enum(languages)).max(10).default([]),
    procedures: z.array(z.enum(procedures)).max(10).default([]),
  })
  .superRefine((v, ctx) => {
    // A time that is not HH:MM already has its field's error; the rules below need every time.
    const times = [v.start, v.end, v.breakStart, v.breakEnd].filter((x) => x !== undefined);
    if (typeof v.start !== 'string' || typeof v.end !== 'string' || times.some((x) => minuteOfTime(x) === null)) return;
    for (const issue of shiftIssues({ ...v, ...shiftMinutes(v) })) {
      ctx.addIssue({ code: 'custom', path: [fieldOf[issue.path] ?? issue.path], message: issue.code, params: { shiftIssue: issue.code } });
    }
  });
export type ShiftFormValue = z.infer<typeof ShiftForm>;

/** The form's times in minutes, as the service takes them (an empty break end is no break). */
export function shiftMinutes(v: {
  start: string;
  end: string;
  breakStart?: string | undefined;
  breakEnd?: string | undefined;
}): ShiftTimes {
  const minute = (t: string | undefined) => (t ? (minuteOfTime(t) ?? -1) : null);
  return {
    startMinute: minute(v.start) ?? -1,
    endMinute: minute(v.end) ?? -1,
    breakStartMinute: minute(v.breakStart),
    breakEndMinute: minute(v.breakEnd),
  };
}

const issueKeys: Record<ShiftIssueCode, MessageKey> = {
  date: 'shifts.errors.date',
  time_range: 'shifts.errors.timeRange',
  time_order: 'shifts.errors.timeOrder',
  time_grid: 'shifts.errors.timeGrid',
  break_pair: 'shifts.errors.breakPair',
  break_inside: 'shifts.errors.breakInside',
  no_municipality: 'shifts.errors.noMunicipality',
  no_language: 'shifts.errors.noLanguage',
  not_served: 'shifts.errors.notServed',
};

/** The form's words: the domain's rule for its issues, else what the field expects. */
export function shiftFormWords(t: Translate) {
  return (issue: z.core.$ZodIssue): string => {
    const code = issue.code === 'custom' ? (issue.params?.shiftIssue as ShiftIssueCode | undefined) : undefined;
    if (code) return t(issueKeys[code]);
    const field = String(issue.path[0] ?? '');
    return ['start', 'end', 'breakStart', 'breakEnd'].includes(field) ? t('shifts.errors.time') : t('forms.checkInput');
  };
}
