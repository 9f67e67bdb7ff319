import { describe, expect, it } from 'vitest';
import { fromEligibilityForm, questionsChanged, toEligibilityForm } from './eligibility-form';
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

  it('saves what the form sends: languages left empty are not sent, a missing text is one without languages', () => {
    const form = { renewal: [{ id: 'has-form', proceedIf: 'no' as const, text: { ja: ' 一問目 ', vi: 'Câu một' } }] };
    expect(fromEligibilityForm(form, () => 'unused')).toEqual({
      renewal: [{ id: 'has-form', proceedIf: false, text: { ja: '一問目', vi: 'Câu một' }, guidance: {} }],
    });
  });

  it('tells questions added or removed from those saved, not texts edited', () => {
    const saved = toEligibilityForm({ renewal: [question] });
    expect(questionsChanged(saved, { renewal: ['has-form'] })).toBe(false);
    expect(questionsChanged(saved, { renewal: ['has-form', ''] })).toBe(true);
    expect(questionsChanged(saved, {})).toBe(true);
    expect(questionsChanged(saved, { renewal: ['has-form'], lost_reissue: [''] })).toBe(true);
    expect(questionsChanged({}, {})).toBe(false);
  });

  it('gives a question added in the form a new id, unique within its procedure', () => {
    const added = { id: '', proceedIf: 'yes' as const, text: { ja: '追加' } };
    const form = { renewal: [...toEligibilityForm({ renewal: [question] }).renewal!, added, added] };
    const ids = ['has-form', 'q-1', 'q-1', 'q-2'];
    const saved = fromEligibilityForm(form, () => ids.shift()!);
    expect(saved.renewal!.map((q) => q.id)).toEqual(['has-form', 'q-1', 'q-2']);
  });
});
