/**
 * The fields an account has besides its login: role, display name and what it serves. Shared by
 * the create form and the edit form so both say the same words.
 */
import { CheckboxGroup, SelectField, TextField, type FieldErrors, type Option } from './forms';

export interface AccountFieldValues {
  displayName: string;
  role: string;
  municipalityIds: readonly string[];
  languages: readonly string[];
  procedures: readonly string[];
}

export interface AccountOptions {
  roles: Option[];
  municipalities: Option[];
  languages: Option[];
  procedures: Option[];
}

export function AccountFields({
  values,
  options,
  errors,
}: {
  values: AccountFieldValues;
  options: AccountOptions;
  errors: FieldErrors | undefined;
}) {
  return (
    <>
      <TextField
        id="displayName"
        name="displayName"
        label="表示名 / Display name"
        hint="オペレーターの表示名は通話中に住民の画面に表示されます。業務上の名前にしてください / An operator's display name is shown to residents during calls: use a work name."
        required
        maxLength={60}
        defaultValue={values.displayName}
        errors={errors?.displayName}
      />
      <SelectField
        id="role"
        name="role"
        label="役割 / Role"
        required
        options={options.roles}
        placeholder="選んでください / Choose"
        defaultValue={values.role}
        errors={errors?.role}
      />
      <CheckboxGroup
        id="municipalityIds"
        name="municipalityIds"
        legend="担当する自治体 / Municipalities"
        hint="オペレーターは対応する自治体、自治体職員は閲覧できる自治体。管理者とスーパーバイザーは全自治体 / For operators, the towns they serve; for town staff, the town they see. Administrators and supervisors reach all."
        options={options.municipalities}
        checked={values.municipalityIds}
        errors={errors?.municipalityIds}
      />
      <CheckboxGroup
        id="languages"
        name="languages"
        legend="対応言語 / Languages"
        options={options.languages}
        checked={values.languages}
        errors={errors?.languages}
      />
      <CheckboxGroup
        id="procedures"
        name="procedures"
        legend="対応する手続 / Procedures handled"
        options={options.procedures}
        checked={values.procedures}
        errors={errors?.procedures}
      />
    </>
  );
}
