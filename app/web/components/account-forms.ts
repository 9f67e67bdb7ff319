/**
 * The account forms' schemas (create, edit, set a password): one per form, checked by conform in
 * the browser and again in the action (decision 0024). They bound what a browser may send and
 * require what the form requires; the API's schemas (NewAccount, AccountPatch) stay the contract,
 * applied after them on the server, and any issue reads as `accountMessages[field]` either way.
 */
import { z } from 'zod';
import { languages, procedures, roles } from '@madoguchi/db/vocabulary';
import type { FieldMessages } from './forms';

/** What each account field must be, in the words of the account forms. */
export const accountMessages: FieldMessages = {
  loginId: 'ログイン ID は半角英小文字・数字・「. _ -」で 3〜64 文字にしてください / Use 3–64 lower-case letters, digits, . _ or -.',
  password: 'パスワードは 12 文字以上（256 文字まで）にしてください。長いフレーズがおすすめです / Use at least 12 characters (up to 256); a long passphrase is best.',
  displayName: '表示名を 1〜60 文字で入力してください / Enter a display name of 1–60 characters.',
  role: '役割を選んでください / Choose a role.',
  municipalityIds: '自治体を選び直してください / Choose the municipalities again.',
  languages: '対応言語を選び直してください / Choose the languages again.',
  procedures: '対応する手続を選び直してください / Choose the procedures again.',
  '': '変更する項目がありません / Nothing to change.',
};

// No box ticked sends nothing: an empty list, as the API's lists take it.
const assignments = {
  displayName: z.string().trim().min(1).max(60),
  role: z.enum(roles),
  municipalityIds: z.array(z.uuid()).max(200).default([]),
  languages: z.array(z.enum(languages)).max(languages.length).default([]),
  procedures: z.array(z.enum(procedures)).max(procedures.length).default([]),
};

export const NewAccountForm = z.object({
  loginId: z.string().trim().regex(/^[a-z0-9._-]{3,64}$/),
  password: z.string().min(12).max(256),
  ...assignments,
});

export const AccountSettingsForm = z.object({ ...assignments, disabled: z.boolean().default(false) });

export const passwordMessages: FieldMessages = {
  password: accountMessages.password!,
  passwordConfirm: '確認用のパスワードが一致しません / The two passwords differ.',
};

/** Typed twice, so a typo does not lock someone out; its rules are the API's (AccountPatch). */
export const PasswordForm = z
  .object({ password: z.string().max(256), passwordConfirm: z.string().max(256).optional() })
  .refine((p) => p.password === p.passwordConfirm, { path: ['passwordConfirm'] });
