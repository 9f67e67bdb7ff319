/**
 * Who at the town was told about an incident: a section or role (「市民課 担当係長」), never a
 * person's name, phone number or My Number. Pure checks shared by the API schema and the service.
 */
import { type Bilingual, checkFreeText, type FreeTextReason, freeTextMessages } from './free-text';

export const NOTIFIED_MAX = 60;

export type NotifiedReason = 'empty' | 'too_long' | 'contact' | 'not_a_role' | FreeTextReason;
export type NotifiedCheck = { ok: true; value: string } | { ok: false; reason: NotifiedReason };

/** A section or role word at the end of a word (課, 係長, センター, Section…), so 長谷川 is not one. */
const ROLE =
  /(?:課|係|室|部|局|班|所|署|庁|役場|役所|センター|担当|窓口|長|員|官|主任|主査|主幹|主事|参事|補佐|委員会|本部|支所|チーム|グループ)(?=$|[\s、,・/()（）])|\b(?:division|section|office|team|desk|department|manager|chief|director|officer|unit|bureau|staff|head|supervisor|counter)\b/iu;

/**
 * A section or role name: 1–60 characters after NFKC and whitespace folding; the free-text rule
 * (no number of 4+ digits in any script, no name with an honorific…); at most 5 digits in all; no
 * e-mail address or link at all; and it must name a section or role (so 山田太郎 is refused).
 */
export function checkNotified(raw: string): NotifiedCheck {
  const value = raw.normalize('NFKC').replace(/\s+/g, ' ').trim();
  if (!value) return { ok: false, reason: 'empty' };
  if ([...value].length > NOTIFIED_MAX) return { ok: false, reason: 'too_long' };
  if (/[@＠]|https?:|www\./i.test(value)) return { ok: false, reason: 'contact' };
  const free = checkFreeText(value);
  if (!free.ok) return { ok: false, reason: free.reason };
  if ((value.match(/\d/g)?.length ?? 0) > 5) return { ok: false, reason: 'digits' };
  if (!ROLE.test(value)) return { ok: false, reason: 'not_a_role' };
  return { ok: true, value };
}

const label = { ja: '報告先', en: 'Notified' };

export const notifiedMessages: Record<NotifiedReason, Bilingual> = {
  empty: { ja: '連絡先（課・係・役職）を入力してください。', en: 'Enter who was notified (a section or role).' },
  too_long: { ja: `連絡先は ${NOTIFIED_MAX} 文字以内で入力してください。`, en: `Who was notified: at most ${NOTIFIED_MAX} characters.` },
  contact: {
    ja: '連絡先には課・係・役職名だけを書いてください（メールアドレスや URL は書けません）。',
    en: 'Write a section or role only (no e-mail addresses or links).',
  },
  not_a_role: {
    ja: '連絡先には課・係・役職名を書いてください（例: 市民課 担当係長）。人の名前は書けません。',
    en: 'Name a section or role (e.g. 市民課 担当係長), not a person.',
  },
  ...(Object.fromEntries(
    Object.entries(freeTextMessages).map(([reason, words]) => [reason, { ja: `${label.ja}: ${words.ja}`, en: `${label.en}: ${words.en}` }]),
  ) as Record<FreeTextReason, Bilingual>),
};
