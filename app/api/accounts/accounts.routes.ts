import { createRoute, z } from '@hono/zod-openapi';
import { roles } from '@madoguchi/db';
import { PageQuery, pageSchema } from '../../server/platform/pagination';
import { accountErrors, accountSecurity, jsonContent } from '../router';
import { IdParams, LanguageSchema, ProcedureSchema, Timestamp, uniqueList } from '../schemas';

const tags = ['accounts'];

export const Account = z
  .object({
    id: z.uuid(),
    loginId: z.string(),
    displayName: z.string(),
    role: z.enum(roles),
    municipalityIds: z.array(z.uuid()),
    languages: z.array(LanguageSchema),
    procedures: z.array(ProcedureSchema),
    disabled: z.boolean(),
    /** The latest lock of this login id for one network (/24, /64); other networks can still log in. */
    lockedUntil: Timestamp.nullable(),
    totpEnabled: z.boolean(),
    createdAt: Timestamp,
  })
  .openapi('Account');

/** At least 12 characters: long passphrases over composition rules (NIST SP 800-63B). */
const Password = z.string().min(12, 'at least 12 characters').max(256);

// Patches use the same fields without defaults, so a patch never resets what it does not name.
const accountFields = {
  password: Password,
  displayName: z.string().trim().min(1).max(60),
  role: z.enum(roles),
  municipalityIds: uniqueList(z.uuid(), 200),
  languages: uniqueList(LanguageSchema, 6),
  procedures: uniqueList(ProcedureSchema, 6),
};

export const NewAccount = z
  .object({
    loginId: z.string().regex(/^[a-z0-9._-]{3,64}$/, '3–64 lower-case letters, digits, . _ -'),
    ...accountFields,
    municipalityIds: accountFields.municipalityIds.default([]),
    languages: accountFields.languages.default(['ja']),
    procedures: accountFields.procedures.default([]),
  })
  .strict()
  .openapi('NewAccount');

export const AccountPatch = z
  .object(accountFields)
  .partial()
  .extend({ disabled: z.boolean().optional(), unlock: z.literal(true).optional() })
  .strict()
  .refine((p) => Object.keys(p).length > 0, 'nothing to change')
  .openapi('AccountPatch');

export const list = createRoute({
  method: 'get',
  path: '/v1/accounts',
  tags,
  summary: 'Accounts (admins and supervisors)',
  security: accountSecurity,
  request: { query: PageQuery },
  responses: { 200: jsonContent(pageSchema(Account), 'A page'), 400: accountErrors[400], 401: accountErrors[401], 403: accountErrors[403] },
});

export const create = createRoute({
  method: 'post',
  path: '/v1/accounts',
  tags,
  summary: 'Create an account (admin)',
  security: accountSecurity,
  request: { body: { required: true, ...jsonContent(NewAccount) } },
  responses: { 201: jsonContent(Account, 'Created'), ...accountErrors },
});

export const get = createRoute({
  method: 'get',
  path: '/v1/accounts/{id}',
  tags,
  summary: 'One account',
  security: accountSecurity,
  request: { params: IdParams },
  responses: { 200: jsonContent(Account, 'The account'), ...accountErrors },
});

export const update = createRoute({
  method: 'patch',
  path: '/v1/accounts/{id}',
  tags,
  summary: 'Change role, municipalities, languages, procedures; disable; unlock; set a password (admin)',
  security: accountSecurity,
  request: { params: IdParams, body: { required: true, ...jsonContent(AccountPatch) } },
  responses: { 200: jsonContent(Account, 'Updated'), ...accountErrors },
});
