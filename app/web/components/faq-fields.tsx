import { useT } from '../i18n/i18n';
import { type FieldErrors, type Option, SelectField, TextArea, TextField, textValue } from './forms';

/**
 * What a FAQ edition says, as both the new-entry and the new-edition forms ask for it; `sent` is what
 * the form shows (useSchemaForm: what was sent, else its defaults).
 */
export function FaqEditionFields({
  procedures,
  sent,
  errors,
}: {
  procedures: readonly Option[];
  sent: Record<string, unknown>;
  errors: FieldErrors | undefined;
}) {
  const { t } = useT();
  return (
    <>
      <SelectField
        name="procedure"
        label={t('faqForm.procedure')}
        options={procedures}
        defaultValue={textValue(sent.procedure)}
        errors={errors?.procedure}
      />
      <TextField
        name="question"
        label={t('faqForm.question')}
        required
        maxLength={200}
        defaultValue={textValue(sent.question)}
        errors={errors?.question}
      />
      <TextArea name="answer" label={t('faqForm.answer')} required rows={6} defaultValue={textValue(sent.answer)} errors={errors?.answer} />
      <TextField
        name="effectiveOn"
        label={t('faqForm.effectiveOn')}
        type="date"
        required
        defaultValue={textValue(sent.effectiveOn)}
        errors={errors?.effectiveOn}
      />
    </>
  );
}
