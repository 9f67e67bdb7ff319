import { useT } from '../i18n/i18n';
import { type FieldErrors, type Option, SelectField, TextArea, TextField } from './forms';

/** What a FAQ edition says, as both the new-entry and the new-edition forms ask for it. */
export function FaqEditionFields({
  procedures,
  values,
  errors,
}: {
  procedures: readonly Option[];
  values: { procedure?: string | null; question?: string; answer?: string; effectiveOn?: string };
  errors: FieldErrors | undefined;
}) {
  const { t } = useT();
  return (
    <>
      <SelectField
        name="procedure"
        label={t('faqForm.procedure')}
        options={procedures}
        defaultValue={values.procedure ?? ''}
        errors={errors?.procedure}
      />
      <TextField
        name="question"
        label={t('faqForm.question')}
        required
        maxLength={200}
        defaultValue={values.question}
        errors={errors?.question}
      />
      <TextArea name="answer" label={t('faqForm.answer')} required rows={6} defaultValue={values.answer} errors={errors?.answer} />
      <TextField
        name="effectiveOn"
        label={t('faqForm.effectiveOn')}
        type="date"
        required
        defaultValue={values.effectiveOn}
        errors={errors?.effectiveOn}
      />
    </>
  );
}
