import { SelectField, TextArea, TextField, type FieldErrors, type Option } from './forms';

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
  return (
    <>
      <SelectField id="procedure" name="procedure" label="手続 / Procedure" options={procedures} defaultValue={values.procedure ?? ''} errors={errors?.procedure} />
      <TextField id="question" name="question" label="質問 / Question" required maxLength={200} defaultValue={values.question} errors={errors?.question} />
      <TextArea id="answer" name="answer" label="回答 / Answer" required rows={6} defaultValue={values.answer} errors={errors?.answer} />
      <TextField id="effectiveOn" name="effectiveOn" label="適用開始日 / Effective from" type="date" required defaultValue={values.effectiveOn} errors={errors?.effectiveOn} />
    </>
  );
}
