/**
 * A municipality's resident-facing text in the admin forms: Japanese first, then a field for every
 * other booth language and やさしい日本語. A language left empty is marked missing, with what the
 * booth shows instead (the rule in @madoguchi/db localized-text.ts). Field names: `<name>.<language>`.
 */
import { easyJapanese, type TextLanguage, textLanguages } from '@madoguchi/db/vocabulary';
import type { ReactNode } from 'react';
import type { LocalizedTextForm } from '../../domain/localized-text-form';
import { type MessageKey, type Translate, useT } from '../i18n/i18n';
import { type FieldErrors, TextArea } from './forms';

const textLanguageKeys: Record<TextLanguage, MessageKey> = {
  ja: 'localizedText.ja',
  'ja-x-easy': 'localizedText.jaEasy',
  en: 'localizedText.en',
  'zh-Hans': 'localizedText.zhHans',
  ko: 'localizedText.ko',
  vi: 'localizedText.vi',
  pt: 'localizedText.pt',
};

/** A text language's name in the screen's language. */
export const textLanguageLabel = (t: Translate, language: TextLanguage) => t(textLanguageKeys[language]);

const fallbackNote = (t: Translate, language: TextLanguage) =>
  language === easyJapanese ? t('localizedText.missingEasy') : t('localizedText.missingOther');

const missingOf = (values: LocalizedTextForm) => textLanguages.filter((l) => l !== 'ja' && values[l].trim() === '');

/** "未入力: 韓国語、ポルトガル語" — the languages a text lacks, in a line. */
export function MissingLanguages({ values, testId }: { values: LocalizedTextForm; testId?: string }) {
  const { t } = useT();
  const missing = missingOf(values);
  return (
    <span className={missing.length ? 'admin-badge warn' : 'admin-badge open'} data-testid={testId} data-missing={missing.join(' ')}>
      {missing.length
        ? `${t('localizedText.missing')}: ${missing.map((l) => textLanguageLabel(t, l)).join(t('common.listSeparator'))}`
        : t('localizedText.allWritten')}
    </span>
  );
}

export function LocalizedTextFields({
  id,
  name,
  legend,
  values,
  errors,
  required = true,
  rows = 3,
  hint,
  openTranslations = false,
}: {
  id: string;
  name: string;
  legend: string;
  values: LocalizedTextForm;
  /** Keyed by field name (`<name>.<language>`). */
  errors?: FieldErrors | undefined;
  /** Japanese is required (a text that exists); false for a text that may be left out altogether. */
  required?: boolean;
  rows?: number;
  hint?: ReactNode;
  /** Show the other languages' fields open (they are folded away otherwise, unless one has an error). */
  openTranslations?: boolean;
}) {
  const { t } = useT();
  const label = (language: TextLanguage, note: 'localizedText.required' | 'localizedText.optional') =>
    t('localizedText.labelWith', { language: textLanguageLabel(t, language), note: t(note) });
  const others = textLanguages.filter((l) => l !== 'ja');
  const failing = others.some((l) => errors?.[`${name}.${l}`]?.length);
  return (
    <fieldset className="admin-group admin-localized" data-testid={`${id}-fields`}>
      <legend>{legend}</legend>
      {hint ? <div className="muted admin-hint">{hint}</div> : null}
      <TextArea
        id={`${id}-ja`}
        name={`${name}.ja`}
        label={label('ja', required ? 'localizedText.required' : 'localizedText.optional')}
        rows={rows}
        required={required}
        defaultValue={values.ja}
        errors={errors?.[`${name}.ja`]}
      />
      <details className="admin-translations" open={openTranslations || failing}>
        <summary>
          {t('localizedText.otherLanguages')} <MissingLanguages values={values} testId={`${id}-missing`} />
        </summary>
        {others.map((l) => (
          <div key={l} data-language={l} data-missing={values[l].trim() === '' ? 'true' : 'false'}>
            <TextArea
              id={`${id}-${l}`}
              name={`${name}.${l}`}
              label={label(l, 'localizedText.optional')}
              rows={rows}
              defaultValue={values[l]}
              errors={errors?.[`${name}.${l}`]}
              hint={values[l].trim() === '' ? <p>{fallbackNote(t, l)}</p> : undefined}
            />
          </div>
        ))}
      </details>
    </fieldset>
  );
}
