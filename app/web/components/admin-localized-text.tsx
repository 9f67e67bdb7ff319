/**
 * A municipality's resident-facing text in the admin forms: Japanese first, then a field for every
 * other booth language and やさしい日本語. A language left empty is marked missing, with what the
 * booth shows instead (the rule in @madoguchi/db localized-text.ts). Field names: `<name>.<language>`.
 */
import { easyJapanese, textLanguages, type TextLanguage } from '@madoguchi/db/vocabulary';
import type { ReactNode } from 'react';
import type { LocalizedTextForm } from '../../domain/localized-text-form';
import { TextArea, type FieldErrors } from './forms';

export const textLanguageLabels: Record<TextLanguage, string> = {
  ja: '日本語 / Japanese',
  'ja-x-easy': 'やさしい日本語 / Easy Japanese',
  en: '英語 / English',
  'zh-Hans': '中国語（簡体字） / 中文（简体）',
  ko: '韓国語 / 한국어',
  vi: 'ベトナム語 / Tiếng Việt',
  pt: 'ポルトガル語 / Português',
};

const fallbackNote = (language: TextLanguage) =>
  language === easyJapanese
    ? '未入力：翻訳のない言語の住民には日本語を表示します / Missing: residents whose language has no text see Japanese.'
    : '未入力：ブースでは やさしい日本語（あれば）か日本語を表示します / Missing: the booth shows Easy Japanese if written, else Japanese.';

const missingOf = (values: LocalizedTextForm) => textLanguages.filter((l) => l !== 'ja' && values[l].trim() === '');

/** "未入力 2 / 2 missing: 韓国語, ポルトガル語" — the languages a text lacks, in a line. */
export function MissingLanguages({ values, testId }: { values: LocalizedTextForm; testId?: string }) {
  const missing = missingOf(values);
  return (
    <span className={missing.length ? 'admin-badge warn' : 'admin-badge open'} data-testid={testId} data-missing={missing.join(' ')}>
      {missing.length
        ? `未入力 / Missing: ${missing.map((l) => textLanguageLabels[l].split(' / ')[0]).join('、')}`
        : 'すべての言語あり / Every language written'}
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
  const others = textLanguages.filter((l) => l !== 'ja');
  const failing = others.some((l) => errors?.[`${name}.${l}`]?.length);
  return (
    <fieldset className="admin-group admin-localized" data-testid={`${id}-fields`}>
      <legend>{legend}</legend>
      {hint ? <div className="muted admin-hint">{hint}</div> : null}
      <TextArea
        id={`${id}-ja`}
        name={`${name}.ja`}
        label={`${textLanguageLabels.ja}（${required ? '必須 / required' : '任意 / optional'}）`}
        rows={rows}
        required={required}
        defaultValue={values.ja}
        errors={errors?.[`${name}.ja`]}
      />
      <details className="admin-translations" open={openTranslations || failing}>
        <summary>
          ほかの言語 / Other languages <MissingLanguages values={values} testId={`${id}-missing`} />
        </summary>
        {others.map((l) => (
          <div key={l} data-language={l} data-missing={values[l].trim() === '' ? 'true' : 'false'}>
            <TextArea
              id={`${id}-${l}`}
              name={`${name}.${l}`}
              label={`${textLanguageLabels[l]}（任意 / optional）`}
              rows={rows}
              defaultValue={values[l]}
              errors={errors?.[`${name}.${l}`]}
              hint={values[l].trim() === '' ? <p>{fallbackNote(l)}</p> : undefined}
            />
          </div>
        ))}
      </details>
    </fieldset>
  );
}
