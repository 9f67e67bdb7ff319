/**
 * An event's days as an iCalendar file (RFC 5545, the `ics` package): one VEVENT per opening range,
 * in UTC, so every calendar app shows Japan time right. Place and procedures only: no personal data.
 */
import { createEvents, type EventAttributes } from 'ics';
import { jstInstant } from '../calendar';
import type { PopupDay } from './popup-events';

export interface IcsEvent {
  id: string;
  title: string;
  location: string;
  description: string;
  days: readonly PopupDay[];
  /** Link back to the public page. */
  url?: string;
}

/** The .ics text, or throws (only on values the schemas already refuse). */
export function eventIcs(event: IcsEvent): string {
  const entries: EventAttributes[] = event.days.flatMap((day) =>
    day.ranges.map((range) => ({
      uid: `${event.id}-${day.date}-${range.start.replace(':', '')}@madoguchi`,
      start: jstInstant(day.date, range.start).getTime(),
      end: jstInstant(day.date, range.end).getTime(),
      startInputType: 'utc' as const,
      startOutputType: 'utc' as const,
      endInputType: 'utc' as const,
      endOutputType: 'utc' as const,
      title: event.title,
      location: event.location,
      description: event.description,
      productId: 'madoguchi/popups',
      ...(event.url ? { url: event.url } : {}),
    })),
  );
  const { error, value } = createEvents(entries);
  if (error || !value) throw error ?? new Error('ics: no output');
  return value;
}
