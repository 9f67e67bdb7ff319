/** The form kit's parse: people's words per field, the same for the browser's check and the server's. */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { freeText } from '../../domain/free-text';
import ja from '../i18n/resources/ja';
import { CHECK_INPUT, fieldErrorsIn, issuesAt, listValue, parseForm, stamp, textValue } from './forms';

const messages = { name: '名前を入力してください / Enter a name.', tags: 'タグを選び直してください / Choose the tags again.' };
const Form = z.object({
  name: z.string().trim().min(1).max(10),
  tags: z
    .array(z.enum(['a', 'b']))
    .max(2)
    .default([]),
  note: freeText('booth.location', { allowEmpty: true }).default(''),
});
const formData = (entries: [string, string][]) => {
  const body = new FormData();
  for (const [name, value] of entries) body.append(name, value);
  return body;
};

describe('parseForm', () => {
  it('gives each field its own words, once, whatever check failed', () => {
    const result = parseForm(
      formData([
        ['name', 'x'.repeat(11)],
        ['tags', 'c'],
        ['tags', 'd'],
      ]),
      Form,
      messages,
    ).reply();
    expect(result.error).toEqual({ name: [messages.name], 'tags[0]': [messages.tags], 'tags[1]': [messages.tags] });
  });

  it('an empty field is missing (conform strips it), and says so in the field’s words', () => {
    expect(parseForm(formData([['name', '']]), Form, messages).reply().error).toEqual({ name: [messages.name] });
  });

  it('a refinement that says why speaks for itself', () => {
    const error = parseForm(
      formData([
        ['name', 'ok'],
        ['note', '山田様の家'],
      ]),
      Form,
      messages,
    ).reply().error!;
    expect(error.note![0]).toMatch(/^設置場所: .+ \/ Location: .+/);
  });

  it('a field without words of its own reads "check the input"', () => {
    const Loose = z.object({ other: z.string() });
    expect(parseForm(formData([]), Loose, {}).reply().error).toEqual({ other: [CHECK_INPUT] });
    expect(CHECK_INPUT).toBe(ja.forms.checkInput);
  });

  it('turns a repeated field into a list and a value into its type', () => {
    const submission = parseForm(
      formData([
        ['name', ' n '],
        ['tags', 'a'],
      ]),
      Form,
      messages,
    );
    expect(submission.status).toBe('success');
    expect(submission.status === 'success' && submission.value).toEqual({ name: 'n', tags: ['a'], note: '' });
  });
});

describe('issuesAt (the API schema’s issues after the form’s)', () => {
  it('names fields as conform does, in the same words', () => {
    const Api = z.object({ name: z.string().min(5), tags: z.array(z.string().min(2)), nested: z.object({ ja: z.string() }) });
    const parsed = Api.safeParse({ name: 'abc', tags: ['x'], nested: {} });
    expect(parsed.success).toBe(false);
    expect(issuesAt(parsed.error!.issues, messages)).toEqual({
      name: [messages.name],
      'tags[0]': [messages.tags],
      'nested.ja': [CHECK_INPUT],
    });
  });
});

describe('fieldErrorsIn', () => {
  it('puts an item’s errors on its list and keeps nested names', () => {
    const allErrors = { name: ['n'], 'tags[0]': ['t'], 'tags[1]': ['t', 'u'], 'text.ja': ['j'], '': ['f'] };
    expect(fieldErrorsIn({ allErrors })).toEqual({ name: ['n'], tags: ['t', 'u'], 'text.ja': ['j'], '': ['f'] });
  });
});

describe('values as sent', () => {
  it('reads text and lists from what conform kept', () => {
    expect(textValue('a')).toBe('a');
    expect(textValue(undefined)).toBe('');
    expect(listValue('a')).toEqual(['a']);
    expect(listValue(['a', 'b'])).toEqual(['a', 'b']);
    expect(listValue(undefined)).toEqual([]);
  });

  it('stamps the same values the same, and other values otherwise', () => {
    expect(stamp({ a: 1 })).toBe(stamp({ a: 1 }));
    expect(stamp({ a: 1 })).not.toBe(stamp({ a: 2 }));
  });
});
