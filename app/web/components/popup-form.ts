/**
 * The pop-up event form (console.popups): the days typed one per line, `YYYY-MM-DD HH:MM-HH:MM`
 * (more ranges after a comma), the rest as a select and checkboxes. One schema for the browser and
 * the action; the days' rules are the domain's (PopupDays), so both word them the same.
 */
import { popupSiteKinds, procedures } from '@madoguchi/db/vocabulary';
import { z } from 'zod';
import { type PopupDay, PopupDays } from '../../domain/popups/popup-events';
import type { Translate } from '../i18n/i18n';

const LINE = /^(\d{4}-\d{2}-\d{2})\s+(.+)$/;
const RANGE = /^(\d{2}:\d{2})\s*[-–〜~]\s*(\d{2}:\d{2})$/;

/** The days of the text, or the number (1-based) of the first line that is not `date ranges`. */
export function parseDaysText(text: string): { ok: true; days: PopupDay[] } | { ok: false; line: number } {
  const days: PopupDay[] = [];
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  for (const [index, line] of lines.entries()) {
    if (line === '') continue;
    const match = LINE.exec(line);
    if (!match) return { ok: false, line: index + 1 };
    const ranges = match[2]!.split(/[,、，]/).map((r) => RANGE.exec(r.trim()));
    if (ranges.some((r) => r === null)) return { ok: false, line: index + 1 };
    days.push({ date: match[1]!, ranges: ranges.map((r) => ({ start: r![1]!, end: r![2]! })) });
  }
  return { ok: true, days };
}

/** The days as the form shows them. */
export function daysText(days: readonly PopupDay[]): string {
  return days.map((d) => `${d.date} ${d.ranges.map((r) => `${r.start}-${r.end}`).join(', ')}`).join('\n');
}

export const PopupForm = z
  .object({
    /** Present when changing an event. */
    eventId: z.uuid().optional(),
    municipalityId: z.uuid(),
    siteName: z.string().trim().min(1).max(120),
    siteKind: z.enum(popupSiteKinds),
    days: z.string().max(2000),
    procedures: z.array(z.enum(procedures)).min(1).max(10),
    boothIds: z.array(z.uuid()).max(20).default([]),
  })
  .superRefine((v, ctx) => {
    if (typeof v.days !== 'string') return;
    const parsed = parseDaysText(v.days);
    if (!parsed.ok) {
      ctx.addIssue({ code: 'custom', path: ['days'], message: 'line', params: { popupDays: 'line', line: parsed.line } });
      return;
    }
    if (!PopupDays.safeParse(parsed.days).success)
      ctx.addIssue({ code: 'custom', path: ['days'], message: 'days', params: { popupDays: 'rules' } });
  });
export type PopupFormValue = z.infer<typeof PopupForm>;

/** The form's words. */
export function popupFormWords(t: Translate) {
  return (issue: z.core.$ZodIssue): string => {
    const field = String(issue.path[0] ?? '');
    if (field === 'days') {
      const line = issue.code === 'custom' ? (issue.params?.line as number | undefined) : undefined;
      return line ? t('popups.errors.daysLine', { line }) : t('popups.errors.days');
    }
    if (field === 'siteName') return t('popups.errors.siteName');
    if (field === 'procedures') return t('popups.errors.procedures');
    return t('forms.checkInput');
  };
}
