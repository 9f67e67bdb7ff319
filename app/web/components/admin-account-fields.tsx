/**
 * The fields an account has besides its login: role, display name and what it serves. Shared by
 * the create form and the edit form so both say the same words.
 */
import { useT } from '../i18n/i18n';
import { CheckboxGroup, type FieldErrors, type Option, SelectField, TextField } from './forms';

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
  const { t } = useT();
  // The three lists an account serves, each a group of checkboxes.
  const lists = [
    { name: 'municipalityIds', legend: t('accountForm.municipalities'), hint: t('accountForm.municipalitiesHint') },
    { name: 'languages', legend: t('accountForm.languages') },
    { name: 'procedures', legend: t('accountForm.procedures') },
  ] as const;
  return (
    <>
      <TextField
        name="displayName"
        label={t('accountForm.displayName')}
        hint={t('accountForm.displayNameHint')}
        required
        maxLength={60}
        defaultValue={values.displayName}
        errors={errors?.displayName}
      />
      <SelectField
        name="role"
        label={t('accountForm.role')}
        required
        options={options.roles}
        placeholder={t('accountForm.choose')}
        defaultValue={values.role}
        errors={errors?.role}
      />
      {lists.map((list) => (
        <CheckboxGroup
          key={list.name}
          id={list.name}
          name={list.name}
          legend={list.legend}
          hint={'hint' in list ? list.hint : undefined}
          options={options[list.name === 'municipalityIds' ? 'municipalities' : list.name]}
          checked={values[list.name]}
          errors={errors?.[list.name]}
        />
      ))}
    </>
  );
}
