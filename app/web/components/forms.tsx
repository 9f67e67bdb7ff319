/**
 * The app's form kit (staff, console and admin screens): every input has a label tied to it,
 * touch-sized controls, and errors announced with role="alert" and linked with aria-describedby.
 * Plain HTML forms: everything works without JavaScript. Each form has one zod schema, checked by
 * conform in the browser and again in the action, with the same words (decision 0024).
 */
import { type FormMetadata, type getFormProps, type SubmissionResult, useForm } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import { Form, Link, useNavigation } from '@remix-run/react';
import type { ReactNode } from 'react';
import { z } from 'zod';
import { wordedIssue } from '../../domain/free-text';
import { type Translate, useT } from '../i18n/i18n';
import { TitledSection } from './records-table';

// In the browser zod parses without compiling code: to find out whether it may, it would call
// `new Function`, which our Content-Security-Policy forbids and the browser reports as a violation
// (e2e csp.spec). The server keeps zod's compiled parsers (the API parses every request with them).
if (typeof document !== 'undefined') z.config({ jitless: true });

export interface Option {
  value: string;
  label: string;
}

/** Per field ('' = the whole form), messages in the screen's language. */
export type FieldErrors = Record<string, string[]>;

export function labelOf(options: readonly Option[], value: string): string {
  return options.find((o) => o.value === value)?.label ?? value;
}

const errorId = (id: string) => `${id}-error`;
const hintId = (id: string) => `${id}-hint`;

function describedBy(id: string, hint: ReactNode, errors: readonly string[] | undefined): string | undefined {
  const ids = [hint ? hintId(id) : null, errors?.length ? errorId(id) : null].filter((x): x is string => x !== null);
  return ids.length ? ids.join(' ') : undefined;
}

export function FieldError({ id, errors }: { id: string; errors: readonly string[] | undefined }) {
  if (!errors?.length) return null;
  return (
    <div id={errorId(id)} className="error" role="alert">
      {errors.map((e) => (
        <p key={e}>{e}</p>
      ))}
    </div>
  );
}

/** Label, optional hint and errors around one control: the frame every field shares. */
function FieldFrame({ name, id = name, label, hint, errors, children }: FieldProps & { children: ReactNode }) {
  return (
    <div className="admin-field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <div id={hintId(id)} className="muted admin-hint">
          {hint}
        </div>
      ) : null}
      {children}
      <FieldError id={id} errors={errors} />
    </div>
  );
}

/** An error about the whole form (a refused service call, for instance); `plain` without the alert's box. */
export function FormAlert({ message, testId, plain = false }: { message: string | null | undefined; testId?: string; plain?: boolean }) {
  if (!message) return null;
  return (
    <p className={plain ? 'error' : 'error admin-alert'} role="alert" data-testid={testId}>
      {message}
    </p>
  );
}

export function FormNotice({ message }: { message: string | null | undefined }) {
  if (!message) return null;
  return (
    <p className="admin-notice" role="status">
      {message}
    </p>
  );
}

/**
 * The municipality of a filter bar: a choice when the account reaches several municipalities, else
 * the one municipality, fixed (a hidden field).
 */
export function MunicipalityPicker({
  municipalities,
  value,
  testId,
}: {
  municipalities: readonly { id: string; name: string }[];
  value: string | null;
  testId?: string;
}) {
  const { t } = useT();
  if (municipalities.length <= 1) return <input type="hidden" name="municipalityId" value={value ?? ''} />;
  return (
    <label>
      {t('common.municipality')}
      <select name="municipalityId" defaultValue={value ?? undefined} data-testid={testId}>
        {municipalities.map((m) => (
          <option key={m.id} value={m.id}>
            {m.name}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Whether the page is sending a form: its buttons wait meanwhile (a second click sends nothing twice). */
export const useSubmitting = () => useNavigation().state === 'submitting';

/**
 * The end of a form: its error, its notice, and the submit button (waiting while a form is sent) —
 * left out when the account may only read (`canSubmit` false).
 */
export function FormFooter({
  error,
  notice,
  submitLabel,
  busy,
  canSubmit = true,
}: {
  error?: string | null | undefined;
  notice?: string | null | undefined;
  submitLabel: ReactNode;
  busy?: boolean;
  canSubmit?: boolean;
}) {
  const submitting = useSubmitting();
  return (
    <>
      <FormAlert message={error} />
      <FormNotice message={notice} />
      {canSubmit ? (
        <p>
          <button className="button" type="submit" disabled={busy ?? submitting}>
            {submitLabel}
          </button>
        </p>
      ) : null}
    </>
  );
}

/**
 * A form on a card of its own under its title (`id` ties them): `intro` before the form, the hidden
 * `intent` when the page has several forms, the fields, and the footer. With `editable`, the fields sit
 * in a fieldset that is disabled, and the button left out, for an account that may only read.
 */
export function FormSection({
  id,
  title,
  intro,
  formProps,
  formKey,
  testId,
  intent,
  editable,
  children,
  ...footer
}: {
  id: string;
  title: string;
  intro?: ReactNode;
  formProps: ReturnType<typeof getFormProps>;
  formKey?: string;
  testId?: string;
  intent?: string;
  editable?: boolean;
  children: ReactNode;
} & Omit<Parameters<typeof FormFooter>[0], 'canSubmit'>) {
  return (
    <TitledSection id={id} title={title} className="card admin-section">
      {intro}
      <Form method="post" {...formProps} key={formKey} data-testid={testId}>
        {intent ? <input type="hidden" name="intent" value={intent} /> : null}
        {editable === undefined ? (
          children
        ) : (
          <fieldset className="admin-plain" disabled={!editable}>
            <legend className="visually-hidden">{title}</legend>
            {children}
          </fieldset>
        )}
        <FormFooter {...footer} canSubmit={editable ?? true} />
      </Form>
    </TitledSection>
  );
}

/**
 * An action asked for twice: the summary opens it, the note says what it does, the button does it.
 * `danger` for what cannot be undone (revoking, retiring).
 */
export function ConfirmForm({
  intent,
  open,
  note,
  submitLabel,
  danger = false,
}: {
  intent: string;
  open: string;
  note?: ReactNode;
  submitLabel: string;
  danger?: boolean;
}) {
  const busy = useSubmitting();
  return (
    <details className="admin-confirm">
      <summary className={danger ? 'button secondary danger-text' : 'button secondary'}>{open}</summary>
      <Form method="post">
        <input type="hidden" name="intent" value={intent} />
        {note ? <p>{note}</p> : null}
        <button className={danger ? 'button danger' : 'button'} type="submit" disabled={busy}>
          {submitLabel}
        </button>
      </Form>
    </details>
  );
}

interface FieldProps {
  /** The control's id: its name, unless a page has two controls of that name. */
  id?: string;
  name: string;
  label: string;
  hint?: ReactNode;
  errors?: readonly string[] | undefined;
  required?: boolean;
}

/** What every field's control carries: its name, whether it is required, and its hint and errors tied to it. */
function controlProps({ name, id = name, hint, errors, required }: FieldProps) {
  return { id, name, required, 'aria-invalid': errors?.length ? true : undefined, 'aria-describedby': describedBy(id, hint, errors) };
}

export function TextField({
  defaultValue,
  type = 'text',
  autoComplete,
  inputMode,
  maxLength,
  minLength,
  ...field
}: FieldProps & {
  defaultValue?: string;
  type?: 'text' | 'password' | 'date';
  autoComplete?: string;
  inputMode?: 'numeric' | 'text' | 'url';
  maxLength?: number;
  minLength?: number;
}) {
  return (
    <FieldFrame {...field}>
      <input
        {...controlProps(field)}
        type={type}
        defaultValue={defaultValue}
        autoComplete={autoComplete}
        inputMode={inputMode}
        maxLength={maxLength}
        minLength={minLength}
      />
    </FieldFrame>
  );
}

export function TextArea({ defaultValue, rows = 4, ...field }: FieldProps & { defaultValue?: string; rows?: number }) {
  return (
    <FieldFrame {...field}>
      <textarea {...controlProps(field)} rows={rows} defaultValue={defaultValue} />
    </FieldFrame>
  );
}

export function SelectField({
  options,
  defaultValue,
  placeholder,
  ...field
}: FieldProps & { options: readonly Option[]; defaultValue?: string; placeholder?: string }) {
  return (
    <FieldFrame {...field}>
      <select {...controlProps(field)} defaultValue={defaultValue ?? ''}>
        {placeholder !== undefined ? (
          <option value="" disabled>
            {placeholder}
          </option>
        ) : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

/** A single checkbox with its label beside it (the whole row is the touch target). */
export function Checkbox({
  name,
  id = name,
  label,
  defaultChecked,
  value,
}: {
  id?: string;
  name: string;
  label: string;
  defaultChecked?: boolean;
  value?: string;
}) {
  return (
    <div className="admin-check">
      <input id={id} name={name} type="checkbox" value={value ?? 'on'} defaultChecked={defaultChecked} />
      <label htmlFor={id}>{label}</label>
    </div>
  );
}

/** Several checkboxes under one legend; submitted as a repeated field `name`. */
export function CheckboxGroup({
  name,
  id = name,
  legend,
  hint,
  options,
  checked,
  errors,
}: {
  id?: string;
  name: string;
  legend: string;
  hint?: ReactNode;
  options: readonly Option[];
  checked: readonly string[];
  errors?: readonly string[] | undefined;
}) {
  const { t } = useT();
  return (
    <fieldset className="admin-group" aria-describedby={describedBy(id, hint, errors)}>
      <legend>{legend}</legend>
      {hint ? (
        <p id={hintId(id)} className="muted admin-hint">
          {hint}
        </p>
      ) : null}
      {options.length === 0 ? <p className="muted">{t('common.nothingToChoose')}</p> : null}
      {options.map((o) => (
        <Checkbox
          key={o.value}
          id={`${id}-${o.value}`}
          name={name}
          value={o.value}
          label={o.label}
          defaultChecked={checked.includes(o.value)}
        />
      ))}
      <FieldError id={id} errors={errors} />
    </fieldset>
  );
}

/** Keyset pagination: "next page" while there is one, and back to the first page. */
export function Pager({ nextCursor, isFirst }: { nextCursor: string | null; isFirst: boolean }) {
  const { t } = useT();
  if (!nextCursor && isFirst) return null;
  return (
    <nav className="admin-pager" aria-label={t('pager.pages')}>
      {!isFirst ? (
        <Link className="button secondary" to={{ search: '' }}>
          {t('pager.first')}
        </Link>
      ) : null}
      {nextCursor ? (
        <Link className="button secondary" to={{ search: `?cursor=${encodeURIComponent(nextCursor)}` }}>
          {t('pager.next')}
        </Link>
      ) : null}
    </nav>
  );
}

/** The filter bar of the staff lists: a GET form whose fields sit in one wrapping row. */
export function FilterForm({
  label,
  submitLabel,
  children,
  after,
}: {
  label: string;
  submitLabel?: string;
  children: ReactNode;
  after?: ReactNode;
}) {
  const { t } = useT();
  return (
    <Form method="get" className="card" aria-label={label} style={{ display: 'flex', flexWrap: 'wrap', gap: 12, alignItems: 'end' }}>
      {children}
      <p>
        <button className="button secondary" type="submit">
          {submitLabel ?? t('common.show')}
        </button>
      </p>
      {after}
    </Form>
  );
}

/** A filter choice with "all" first (value ''). */
export function FilterSelect({
  id,
  name,
  label,
  options,
  value,
}: {
  id: string;
  name: string;
  label: string;
  options: readonly Option[];
  value: string;
}) {
  const { t } = useT();
  return (
    <div className="admin-field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} defaultValue={value}>
        <option value="">{t('common.all')}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** From / to dates (Japan-time days, both included), named `from` and `to`. */
export function PeriodFields({ idPrefix, from, to }: { idPrefix: string; from: string; to: string }) {
  const { t } = useT();
  return (
    <>
      <div className="admin-field">
        <label htmlFor={`${idPrefix}-from`}>{t('common.from')}</label>
        <input id={`${idPrefix}-from`} name="from" type="date" defaultValue={from} />
      </div>
      <div className="admin-field">
        <label htmlFor={`${idPrefix}-to`}>{t('common.to')}</label>
        <input id={`${idPrefix}-to`} name="to" type="date" defaultValue={to} />
      </div>
    </>
  );
}

// ---------------------------------------------------------------------------------------------
// One schema per form (conform): parsed in the browser and in the action, the same words in both

/**
 * The last resort when a form gives no words for a field nor for the whole form, in the default
 * language (forms give `'': t('forms.checkInput')`, in the screen's language); the same as ja.ts's.
 */
export const CHECK_INPUT = '入力内容を確認してください';

/** Per field ('' = the whole form), the words people read for any issue of that field. */
export type FieldMessages = Record<string, string>;

/**
 * A zod issue in people's words. The schemas speak English to developers; people get
 * `messages[field]`, written for the form, in Japanese first. A refinement that says why
 * (personal data in free text, a refused webhook address…) speaks for itself.
 */
export function messageOf(issue: z.core.$ZodIssue, messages: FieldMessages): string {
  const worded = wordedIssue(issue);
  if (worded) return `${worded.messages.ja} / ${worded.messages.en}`;
  const field = typeof issue.path[0] === 'string' ? issue.path[0] : '';
  return messages[field] ?? messages[''] ?? CHECK_INPUT;
}

const once = (list: readonly string[]) => [...new Set(list)];

/** How a form words its issues: one message per field, or a function for forms with nested fields. */
export type FormWords = FieldMessages | ((issue: z.core.$ZodIssue) => string);

const wording = (words: FormWords) => (typeof words === 'function' ? words : (issue: z.core.$ZodIssue) => messageOf(issue, words));

/** A form's submission, parsed by its schema: the same call in `useForm`'s onValidate and in the action. */
export function parseForm<Schema extends z.ZodType>(formData: FormData, schema: Schema, words: FormWords) {
  const word = wording(words);
  return parseWithZod(formData, { schema, formatError: (issues: z.core.$ZodIssue[]) => once(issues.map(word)) });
}

/** The name of the field an issue concerns, as conform names it (`procedures[0]`, `counterGuidance.ja`). */
function nameOf(path: readonly PropertyKey[]): string {
  return path.reduce<string>((name, key) => {
    if (typeof key === 'number') return `${name}[${key}]`;
    return name ? `${name}.${String(key)}` : String(key);
  }, '');
}

/**
 * Issues of the server's further check (the API's own schema, authoritative) as conform field errors,
 * at the field they concern: `submission.reply({ fieldErrors: issuesAt(…) })`.
 */
export function issuesAt(issues: readonly z.core.$ZodIssue[], words: FormWords): Record<string, string[]> {
  const word = wording(words);
  const errors: Record<string, string[]> = {};
  for (const issue of issues) {
    const name = nameOf(issue.path);
    errors[name] = once([...(errors[name] ?? []), word(issue)]);
  }
  return errors;
}

/**
 * An issue of a localized text (`<name>.<language>`): Japanese missing or too long, another
 * language too long. `what` names the text in the sentence ("the counter guidance"), in `t`'s language.
 */
export function localizedTextMessage(issue: z.core.$ZodIssue, t: Translate, what: string): string {
  if (issue.code === 'too_big') return t('forms.tooLong');
  if (String(issue.path.at(-1)) !== 'ja') return t('forms.checkInput');
  return t('forms.japaneseRequired', { what });
}

/**
 * A conform form's errors as FieldErrors, for the pieces above: an item's errors (`procedures[0]`)
 * belong to its list (`procedures`); nested names (`counterGuidance.ja`) stay as they are.
 */
export function fieldErrorsIn(form: Pick<FormMetadata<Record<string, unknown>>, 'allErrors'>): FieldErrors {
  const errors: FieldErrors = {};
  for (const [name, messages] of Object.entries(form.allErrors)) {
    const field = name.replace(/(\[\d+\])+$/, '');
    errors[field] = once([...(errors[field] ?? []), ...messages]);
  }
  return errors;
}

/**
 * A form checked in the browser by its schema, in the words its action uses too: conform's form, its
 * errors per field (for the pieces above) and the values it shows (what was sent, else the defaults).
 */
export function useSchemaForm<Value extends Record<string, unknown>>(
  schema: z.ZodType<Value>,
  words: FormWords,
  options: {
    id: string;
    lastResult?: SubmissionResult<string[]> | null | undefined;
    defaultValue?: Parameters<typeof useForm<Value>>[0]['defaultValue'];
  },
) {
  const [form] = useForm<Value>({ ...options, onValidate: ({ formData }) => parseForm(formData, schema, words) });
  return { form, errors: fieldErrorsIn(form), sent: (form.initialValue ?? {}) as Record<string, unknown> };
}

/** A submitted (or default) value as text: conform keeps what was sent, and nothing for an empty field. */
export function textValue(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** A repeated field's values (checkboxes): one value arrives as a string, none as nothing. */
export function listValue(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return typeof value === 'string' ? [value] : [];
}

/**
 * A short, stable mark of what a form starts from, for its id: when the saved values change (after a
 * save, the loader reads them back), the id changes, and conform and the inputs start again from them.
 */
export function stamp(values: unknown): string {
  let hash = 5381;
  for (const char of JSON.stringify(values) ?? '') hash = ((hash * 33) ^ char.charCodeAt(0)) >>> 0;
  return hash.toString(36);
}
