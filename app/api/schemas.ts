import { z } from '@hono/zod-openapi';
import { languages, procedures, textLanguages } from '@madoguchi/db';
import { isValidMunicipalityCode } from '../domain/municipality-code';

export const Id = z.uuid();
export const IdParams = z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) });

const text = (max: number) => z.string().trim().min(1).max(max);

/**
 * A municipality's text in the booth's languages and やさしい日本語 (ja-x-easy); Japanese required.
 * A missing language is shown by the fallback rule (@madoguchi/db localized-text.ts).
 */
export const LocalizedText = z
  .object({
    ja: text(20_000),
    ...Object.fromEntries(textLanguages.filter((l) => l !== 'ja').map((l) => [l, text(20_000).optional()])),
  })
  .strict()
  .openapi('LocalizedText');

export const ProcedureSchema = z.enum(procedures).openapi('Procedure');
export const LanguageSchema = z.enum(languages).openapi('Language');

export const EligibilityQuestion = z
  .object({
    id: z.string().regex(/^[a-z0-9-]{1,32}$/),
    text: LocalizedText,
    proceedIf: z.boolean(),
    guidance: LocalizedText,
  })
  .strict()
  .openapi('EligibilityQuestion');

export const MunicipalityCode = z
  .string()
  .refine(isValidMunicipalityCode, '全国地方公共団体コード (6 digits with a valid check digit) / must be a valid municipality code');

export const uniqueList = <T extends z.ZodType>(item: T, max: number) =>
  z
    .array(item)
    .max(max)
    .refine((list) => new Set(list).size === list.length, 'must not repeat items');

export const Timestamp = z.iso.datetime().openapi({ example: '2026-11-21T09:00:00.000Z' });
export const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** How a browser joins a call's LiveKit room (the booth as it starts waiting, the operator who answered). */
export const ConnectionDetails = z
  .object({
    serverUrl: z.string(),
    roomName: z.string(),
    participantToken: z.string(),
    participantName: z.string(),
  })
  .openapi('ConnectionDetails');
