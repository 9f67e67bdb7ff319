import { describe, expect, it } from 'vitest';
import { editEligibility, eligibilityFormFromFormData, fromEligibilityForm, toEligibilityForm } from './eligibility-form';
import { fromTextForm, isEmptyTextForm, textFormFromFormData, toTextForm } from './localized-text-form';

const question = {
  id: 'has-form',
  text: { ja: '申請書をお持ちですか？', vi: 'Quý vị có đơn không?' },
  proceedIf: true,
  guidance: { ja: '窓口へどうぞ。' },
};

describe('localized text in the form', () => {
  it('shows every language, empty where nothing is written, and keeps only what is written', () => {
    const form = toTextForm({ ja: '規約', vi: 'Điều khoản' });
    expect(form).toEqual({ ja: '規約', 'ja-x-easy': '', en: '', 'zh-Hans': '', ko: '', vi: 'Điều khoản', pt: '' });
    expect(fromTextForm({ ...form, en: '   ', pt: '  Termos\n\nde uso ' })).toEqual({
      ja: '規約',
      vi: 'Điều khoản',
      pt: 'Termos\n\nde uso',
    });
    expect(fromTextForm({ ...toTextForm(null), en: 'Terms' })).toEqual({ en: 'Terms' });
    expect(isEmptyTextForm(toTextForm(null))).toBe(true);
  });

  it('reads the fields <name>.<language> of a submitted form', () => {
    const data = new FormData();
    data.set('texts.ja', '規約');
    data.set('texts.ja-x-easy', 'きまり');
    expect(textFormFromFormData(data, 'texts')).toMatchObject({ ja: '規約', 'ja-x-easy': 'きまり', vi: '' });
  });
});

describe('eligibility questions in the form', () => {
  it('round-trips saved questions: the same ids, answers and texts', () => {
    const form = toEligibilityForm({ renewal: [question] });
    expect(form.renewal?.[0]).toMatchObject({
      id: 'has-form',
      proceedIf: 'yes',
      text: { ja: '申請書をお持ちですか？', vi: 'Quý vị có đơn không?', en: '' },
    });
    expect(fromEligibilityForm(form, () => 'unused')).toEqual({ renewal: [question] });
  });

  it('reads the submitted fields, in the order of their numbers', () => {
    const data = new FormData();
    data.set('eligibility.renewal.1.id', '');
    data.set('eligibility.renewal.1.proceedIf', 'no');
    data.set('eligibility.renewal.1.text.ja', '二問目');
    data.set('eligibility.renewal.0.id', 'has-form');
    data.set('eligibility.renewal.0.proceedIf', 'yes');
    data.set('eligibility.renewal.0.text.ja', '一問目');
    data.set('eligibility.renewal.0.text.vi', 'Câu một');
    data.set('eligibility.not_a_procedure.0.id', 'x');
    const form = eligibilityFormFromFormData(data);
    expect(Object.keys(form)).toEqual(['renewal']);
    expect(form.renewal!.map((q) => [q.id, q.proceedIf, q.text.ja, q.text.vi])).toEqual([
      ['has-form', 'yes', '一問目', 'Câu một'],
      ['', 'no', '二問目', ''],
    ]);
  });

  it('adds an empty question and removes one; a procedure without questions is left out', () => {
    const form = toEligibilityForm({ renewal: [question] });
    const added = editEligibility(form, 'add:renewal')!;
    expect(added.renewal).toHaveLength(2);
    expect(added.renewal![1]).toMatchObject({ id: '', proceedIf: 'yes', text: { ja: '' } });
    expect(editEligibility(form, 'add:new_application')!.new_application).toHaveLength(1);
    expect(editEligibility(added, 'remove:renewal:0')!.renewal).toEqual([added.renewal![1]]);
    expect(editEligibility(form, 'remove:renewal:0')).toEqual({});
  });

  it('refuses edits it does not know', () => {
    const form = toEligibilityForm({ renewal: [question] });
    for (const edit of ['', 'add', 'add:cookies', 'remove:renewal', 'remove:renewal:5', 'remove:renewal:x', 'drop:renewal:0']) {
      expect(editEligibility(form, edit), edit).toBeNull();
    }
  });

  it('gives a question added in the form a new id, unique within its procedure', () => {
    const form = editEligibility(editEligibility(toEligibilityForm({ renewal: [question] }), 'add:renewal')!, 'add:renewal')!;
    const ids = ['has-form', 'q-1', 'q-1', 'q-2'];
    const saved = fromEligibilityForm(form, () => ids.shift()!);
    expect(saved.renewal!.map((q) => q.id)).toEqual(['has-form', 'q-1', 'q-2']);
  });
});
