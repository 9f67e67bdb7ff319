/**
 * Who at the town was told about an incident: a section or role (「市民課 担当係長」), never a
 * person's phone number or My Number. Pure checks shared by the API schema and the service.
 */
export const NOTIFIED_MAX = 60;

export type NotifiedCheck = { ok: true; value: string } | { ok: false; reason: 'empty' | 'too_long' | 'digits' | 'contact' };

/**
 * A section or role name: 1–60 characters after trimming, no run of 4 or more digits and no more
 * than 5 digits in all (phone numbers, My Number, card numbers), no e-mail address or URL.
 * Full-width digits count as digits.
 */
export function checkNotified(raw: string): NotifiedCheck {
  const value = raw.normalize('NFKC').replace(/\s+/g, ' ').trim();
  if (!value) return { ok: false, reason: 'empty' };
  if ([...value].length > NOTIFIED_MAX) return { ok: false, reason: 'too_long' };
  if (/\d{4,}/.test(value) || (value.match(/\d/g)?.length ?? 0) > 5) return { ok: false, reason: 'digits' };
  if (/[@＠]|https?:|www\./i.test(value)) return { ok: false, reason: 'contact' };
  return { ok: true, value };
}

export const notifiedMessages: Record<Exclude<NotifiedCheck, { ok: true }>['reason'], { ja: string; en: string }> = {
  empty: { ja: '連絡先（課・係・役職）を入力してください。', en: 'Enter who was notified (a section or role).' },
  too_long: { ja: `連絡先は ${NOTIFIED_MAX} 文字以内で入力してください。`, en: `Who was notified: at most ${NOTIFIED_MAX} characters.` },
  digits: {
    ja: '連絡先には課・係・役職名だけを書いてください（電話番号や個人番号のような数字は書けません）。',
    en: 'Write a section or role only (no phone numbers or other long numbers).',
  },
  contact: { ja: '連絡先には課・係・役職名だけを書いてください（メールアドレスや URL は書けません）。', en: 'Write a section or role only (no e-mail addresses or links).' },
};
