/**
 * The account forms' schemas (create, edit, set a password): one per form, checked by conform in
 * the browser and again in the action (decision 0024). They bound what a browser may send and
 * require what the form requires; the API's schemas (NewAccount, AccountPatch) stay the contract,
 * applied after them on the server, and any issue reads as `accountMessagesOf(t)[field]` either way.
 */

import { languages, procedures, roles } from '@madoguchi/db/vocabulary';
import { z } from 'zod';
import type { Translate } from '../i18n/i18n';
import type { FieldMessages } from './forms';

/** What each account field must be, in the words of the account forms (`t` of the action or the screen). */
export const accountMessagesOf = (t: Translate): FieldMessages => ({
  loginId: t('accountForm.loginIdMessage'),
  password: t('accountForm.passwordMessage'),
  displayName: t('accountForm.displayNameMessage'),
  role: t('accountForm.roleMessage'),
  municipalityIds: t('accountForm.municipalitiesMessage'),
  languages: t('accountForm.languagesMessage'),
  procedures: t('accountForm.proceduresMessage'),
  '': t('accountForm.nothingToChange'),
});

// No box ticked sends nothing: an empty list, as the API's lists take it.
const assignments = {
  displayName: z.string().trim().min(1).max(60),
  role: z.enum(roles),
  municipalityIds: z.array(z.uuid()).max(200).default([]),
  languages: z.array(z.enum(languages)).max(languages.length).default([]),
  procedures: z.array(z.enum(procedures)).max(procedures.length).default([]),
};

export const NewAccountForm = z.object({
  loginId: z
    .string()
    .trim()
    .regex(/^[a-z0-9._-]{3,64}$/),
  password: z.string().min(12).max(256),
  ...assignments,
});

export const AccountSettingsForm = z.object({ ...assignments, disabled: z.boolean().default(false) });

export const passwordMessagesOf = (t: Translate): FieldMessages => ({
  password: t('accountForm.passwordMessage'),
  passwordConfirm: t('accountForm.passwordsDiffer'),
});

/** Typed twice, so a typo does not lock someone out; its rules are the API's (AccountPatch). */
export const PasswordForm = z
  .object({ password: z.string().max(256), passwordConfirm: z.string().max(256).optional() })
  .refine((p) => p.password === p.passwordConfirm, { path: ['passwordConfirm'] });
