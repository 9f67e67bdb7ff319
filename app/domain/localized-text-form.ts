/**
 * A municipality's text (LocalizedText) as the admin form shows it — one field per language,
 * named `<name>.<language>` — and back. Japanese is required wherever the text exists; every
 * other language is optional, and one left empty is shown by the fallback rule
 * (@madoguchi/db localized-text.ts), which the form tells the admin beside the field.
 */
import { type LocalizedText, type TextLanguage, textLanguages } from '@madoguchi/db/vocabulary';

/** One string per language, '' where nothing is written. */
export type LocalizedTextForm = Record<TextLanguage, string>;

export const emptyTextForm = (): LocalizedTextForm => Object.fromEntries(textLanguages.map((l) => [l, ''])) as LocalizedTextForm;

export function toTextForm(text: LocalizedText | null | undefined): LocalizedTextForm {
  return Object.fromEntries(textLanguages.map((l) => [l, text?.[l] ?? ''])) as LocalizedTextForm;
}

/** The fields `<name>.<language>` of a submitted form. */
export function textFormFromFormData(form: FormData, name: string): LocalizedTextForm {
  return Object.fromEntries(
    textLanguages.map((l) => {
      const value = form.get(`${name}.${l}`);
      return [l, typeof value === 'string' ? value : ''];
    }),
  ) as LocalizedTextForm;
}

export const isEmptyTextForm = (values: LocalizedTextForm) => textLanguages.every((l) => values[l].trim() === '');

/**
 * The languages written, trimmed (line breaks inside kept). Without Japanese the result has no
 * `ja`, which the API's LocalizedText schema refuses at `<name>.ja`.
 */
export function fromTextForm(values: LocalizedTextForm): Partial<LocalizedText> {
  return Object.fromEntries(textLanguages.flatMap((l) => (values[l].trim() === '' ? [] : [[l, values[l].trim()]])));
}
