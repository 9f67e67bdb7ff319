/** The reservations page's forms (components/reservations-page.tsx): one zod schema each, for the browser and the action (decision 0024). */
import { languages, procedures } from '@madoguchi/db/vocabulary';
import { z } from 'zod';
import type { Translate } from '../i18n/i18n';

/** `siteKey|slotStart` of one slot of the day shown. */
const SLOT_VALUE = /^[lb]-[0-9a-f]{12}\|\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/;

/** The booking form: choices only (the service checks the slot, its places and the town). */
export const BookReservationForm = z.object({
  intent: z.literal('book'),
  municipalityId: z.uuid(),
  procedure: z.enum(procedures),
  language: z.enum(languages),
  slot: z.string().regex(SLOT_VALUE),
});
/** The booking form's words per field, the same in the browser and the action (decision 0024). */
export const bookingWords = (t: Translate) => ({
  procedure: t('reservationsPage.chooseProcedure'),
  language: t('reservationsPage.chooseLanguage'),
  slot: t('reservationsPage.chooseSlot'),
  '': t('forms.checkInput'),
});

/** A row's cancel button. */
export const CancelReservationForm = z.object({ intent: z.literal('cancel'), id: z.uuid() });
