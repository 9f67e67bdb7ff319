/**
 * Free text that operators and staff type (an incident's summary and resolution, a booth's name
 * and location): the one rule that keeps a resident's personal data out of it (decision 0017).
 *
 * Refused, after NFKC (full-width → ASCII) and with invisible format characters removed:
 * - a number of DIGIT_RUN_MIN (4) or more numerals in a row — 3 when it starts with a zero (012,
 *   〇一二: a code, never a count) — in any script: ASCII and full-width digits, every other
 *   script's decimal digits, kanji numerals (〇一二…九, 十百千万億, 壱弐参拾), also when 1–3
 *   separators (spaces, hyphens, dashes, ー, dots) stand between them, as in 090-1234-5678 or
 *   1234 5678 9012. Valid times (10:30) and month/day dates (12/3) are taken out first;
 * - e-mail addresses; links with a query, fragment or user info;
 * - postal codes (〒) and addresses (丁目, 番地, n番n号, 1-2-3);
 * - dates and years of birth (生年月日, 昭和45年, H2.4.1, …生まれ);
 * - a name followed by an honorific (山田様, 田中さん, 佐藤氏, 鈴木殿, Mr. Smith), unless the word
 *   before it is a role or a common noun (お客様, 利用者様, 担当者さん, 仕様, 様子…).
 *
 * The threshold: a PIN is 4 digits, and phone numbers, My Numbers (12), card numbers, postal codes
 * (7) and years all have 4 or more; booth numbers, floors (2階, 3F), counts and minutes have 1–3.
 * A bare name (山田太郎) cannot be told from other words: the forms say not to write one, and the
 * text is handled as personal data (decision 0017).
 */
import { z } from 'zod';

export const DIGIT_RUN_MIN = 4;

export type FreeTextReason = 'digits' | 'email' | 'url' | 'postal_code' | 'address' | 'birth_date' | 'name';
export type FreeTextCheck = { ok: true } | { ok: false; reason: FreeTextReason };

export interface Bilingual {
  ja: string;
  en: string;
}

export const freeTextMessages: Record<FreeTextReason, Bilingual> = {
  digits: {
    ja: `${DIGIT_RUN_MIN} 桁以上の数字（0 で始まるものは ${DIGIT_RUN_MIN - 1} 桁以上）は書けません（電話番号・個人番号・暗証番号を防ぐため。全角・漢数字・区切り入りも同じ）。時刻（10:30）・日付（12/3）・3 桁までの数（2階、3F）は書けます。`,
    en: `No numbers of ${DIGIT_RUN_MIN} or more digits, or ${DIGIT_RUN_MIN - 1} starting with 0 (phone numbers, My Numbers, PINs — full-width, kanji and separated digits count too). Times (10:30), dates (12/3) and numbers up to 3 digits (2階, 3F) are fine.`,
  },
  email: { ja: 'メールアドレスは書けません。', en: 'No e-mail addresses.' },
  url: {
    ja: 'クエリ（?）・フラグメント（#）・ユーザー情報の付いた URL は書けません。',
    en: 'No links with a query (?), a fragment (#) or user info.',
  },
  postal_code: { ja: '郵便番号（〒）や住所は書けません。', en: 'No postal codes (〒) or addresses.' },
  address: { ja: '住所（丁目・番地・号）は書けません。', en: 'No addresses (丁目, 番地, 号).' },
  birth_date: { ja: '生年月日や生まれ年（昭和45年など）は書けません。', en: 'No dates or years of birth (e.g. 昭和45年).' },
  name: {
    ja: '人の名前（「山田様」「田中さん」など敬称付きの名前）は書けません。「お客様」「利用者」のように書いてください。',
    en: 'No personal names (a name with 様, さん, 氏, 殿…). Write “the customer” or “the resident” instead.',
  },
};

// ---------------------------------------------------------------------------------------------
// Numerals

/** Kanji numerals: the digits (positional 一九七〇 and counting 千九百七十), their formal forms, and the count words. */
const KANJI_NUMERALS = '〇零一二三四五六七八九十百千万億壱弐参拾';
const NUMERAL = `[\\p{Nd}${KANJI_NUMERALS}]`;
/** What people put between the groups of a phone number or My Number. */
const SEPARATOR = '[\\s\\-‐‑‒–—―−ー－ｰ.・･]';
const NUMERAL_RUN = new RegExp(`${NUMERAL}(?:${SEPARATOR}{0,3}${NUMERAL})*`, 'gu');

/** Valid clock times and month/day dates: allowed, so taken out before the numerals are counted. */
const TIME = /(?<![\p{Nd}])(?:[01]?\d|2[0-3]):[0-5]\d(?![\p{Nd}])/gu;
const DATE = /(?<![\p{Nd}])(?:1[0-2]|0?[1-9])\/(?:3[01]|[12]\d|0?[1-9])(?![\p{Nd}])/gu;

const ONE_NUMERAL = new RegExp(NUMERAL, 'u');
const ZERO = /^[0〇零]/u;

/** DIGIT_RUN_MIN numerals in a row, or one fewer after a leading zero (012, 〇一二: a code, never a count). */
function hasLongNumber(text: string): boolean {
  for (const match of text.matchAll(NUMERAL_RUN)) {
    const run = match[0];
    const numerals = [...run].filter((c) => ONE_NUMERAL.test(c)).length;
    if (numerals >= DIGIT_RUN_MIN) return true;
    // 1,000: the zeros after a thousands comma are not a leading zero.
    const leadingZero = ZERO.test(run) && !/[\p{Nd},]$/u.test(text.slice(0, match.index));
    if (numerals === DIGIT_RUN_MIN - 1 && leadingZero) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Shapes

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/u;
const LINK = /(?:[a-z][a-z0-9+.-]*:\/\/|www\.)[^\s]+/giu;
const POSTAL = /〒/u;
const ADDRESS = new RegExp(
  [
    `${NUMERAL}+\\s*丁目`,
    `${NUMERAL}+\\s*番地`,
    `${NUMERAL}+\\s*番\\s*${NUMERAL}+\\s*号`,
    '(?<![\\p{Nd}])\\d{1,4}-\\d{1,4}-\\d{1,4}(?![\\p{Nd}])',
  ].join('|'),
  'u',
);
const ERA_NUMBER = `(?:\\d{1,2}|元|[${KANJI_NUMERALS}]{1,3})`;
const BIRTH = new RegExp(
  [
    '生年月日',
    '生まれ',
    '出生',
    // Past eras: a resident's birth year, not the date an incident happened.
    `(?:明治|大正|昭和|平成)\\s*${ERA_NUMBER}\\s*年`,
    '(?<![\\p{L}\\p{N}])[MTSH]\\s?\\d{1,2}[./年]',
  ].join('|'),
  'u',
);

const HONORIFIC = /([\p{sc=Han}\p{sc=Katakana}ー々A-Za-z]{1,12})(様|さん|氏|殿|くん|ちゃん)(.?)/gu;
/** The last word before an honorific: the trailing run of one script (kanji, katakana or Latin). */
const LAST_WORD = /(?:[\p{sc=Han}々]+|[\p{sc=Katakana}ー]+|[A-Za-z]+)$/u;
/** Roles and common nouns before an honorific (お客様, ご利用者様, 担当者さん, 前回同様): not names. */
const ROLE_ENDINGS = [
  '客',
  '利用者',
  '住民',
  '市民',
  '町民',
  '村民',
  '区民',
  '県民',
  '来庁者',
  '来場者',
  '来店者',
  '申請者',
  '相談者',
  '担当者',
  '担当',
  '責任者',
  '管理者',
  '関係者',
  '事業者',
  '業者',
  '員',
  '長',
  '主任',
  '知事',
  '先生',
  '医師',
  '医者',
  '運転手',
  '家族',
  '本人',
  '代理人',
  '高齢者',
  '保護者',
  '障害者',
  '外国人',
  '息子',
  '旦那',
  '父',
  '母',
  '兄',
  '姉',
  '同',
  '仕',
  '模',
  '異',
  '左',
  'オペレーター',
  'オペレータ',
  'スタッフ',
  'ユーザー',
  'ゲスト',
  'メーカー',
  'ベンダー',
  'オーナー',
  'ヘルパー',
  'ドライバー',
  'テナント',
  'センター',
];
/**
 * Single characters that are a whole word before an honorific (お子さん, 奥さん, 皆様, 御殿), but
 * also end many names (花子, 健一, 山本, 二宮), so they pass only when they stand alone.
 */
const WHOLE_WORDS = [
  '子',
  '赤',
  '孫',
  '親',
  '夫',
  '妻',
  '奥',
  '娘',
  '皆',
  '各',
  '貴',
  '両',
  '某',
  '彼',
  '神',
  '王',
  '一',
  '多',
  '有',
  '御',
  '宮',
  '本',
  '拝',
  '沈',
  '弟',
  '妹',
  'ワン',
];
/** Words that go on after the honorific's character (様子, 様式, 氏名, 殿堂): not honorifics. */
const COMPOUND_AFTER: Record<string, string> = { 様: '子式々相態', 氏: '名族', 殿: '堂場下' };

function hasNamedHonorific(text: string): boolean {
  for (const [, before, honorific, after] of text.matchAll(HONORIFIC)) {
    if (after && COMPOUND_AFTER[honorific!]?.includes(after)) continue;
    const word = LAST_WORD.exec(before!)?.[0] ?? before!;
    if (WHOLE_WORDS.includes(word) || ROLE_ENDINGS.some((ending) => word.endsWith(ending))) continue;
    return true;
  }
  return /\b(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+\p{Lu}/u.test(text) || /\b\p{Lu}\p{Ll}+-(?:san|sama|kun|chan|shi|dono)\b/u.test(text);
}

function hasRevealingLink(text: string): boolean {
  for (const [link] of text.matchAll(LINK)) {
    if (/[?#]/.test(link) || /^[a-z][a-z0-9+.-]*:\/\/[^/]*@/i.test(link)) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------

/** NFKC, invisible format characters (zero-width spaces, soft hyphens) removed. */
export function normalizeFreeText(raw: string): string {
  return raw.normalize('NFKC').replace(/\p{Cf}/gu, '');
}

/** The rule: ok, or the first kind of personal data found. */
export function checkFreeText(raw: string): FreeTextCheck {
  const text = normalizeFreeText(raw);
  if (hasRevealingLink(text)) return { ok: false, reason: 'url' };
  if (EMAIL.test(text)) return { ok: false, reason: 'email' };
  if (POSTAL.test(text)) return { ok: false, reason: 'postal_code' };
  if (BIRTH.test(text)) return { ok: false, reason: 'birth_date' };
  if (hasLongNumber(text.replace(TIME, '_').replace(DATE, '_'))) return { ok: false, reason: 'digits' };
  if (ADDRESS.test(text)) return { ok: false, reason: 'address' };
  if (hasNamedHonorific(text)) return { ok: false, reason: 'name' };
  return { ok: true };
}

// ---------------------------------------------------------------------------------------------
// The fields it applies to, and the one zod refinement they share

/** Every free-text field people type into that is checked (decision 0017 lists the others and why). */
export const freeTextFields = {
  'incident.summary': { label: { ja: '内容', en: 'What happened' }, max: 1000 },
  'incident.resolution': { label: { ja: '対応結果', en: 'Resolution' }, max: 1000 },
  'booth.name': { label: { ja: 'ブース名', en: 'Booth name' }, max: 100 },
  'booth.location': { label: { ja: '設置場所', en: 'Location' }, max: 200 },
} as const satisfies Record<string, { label: Bilingual; max: number }>;
export type FreeTextField = keyof typeof freeTextFields;

/** A refusal with its words in both languages, pointing at the field by its label. */
export function freeTextRefusal(field: FreeTextField, reason: FreeTextReason): Bilingual {
  const { label } = freeTextFields[field];
  const words = freeTextMessages[reason];
  return { ja: `${label.ja}: ${words.ja}`, en: `${label.en}: ${words.en}` };
}

/**
 * A zod issue that carries its own bilingual words and problem code, so the API's 400 and the
 * forms' field errors say why in the caller's language instead of a generic "invalid".
 */
export interface WordedIssueParams {
  problem: { code: string; messages: Bilingual };
}

export function addWordedIssue(ctx: z.RefinementCtx, code: string, messages: Bilingual) {
  ctx.addIssue({
    code: 'custom',
    message: `${messages.ja} / ${messages.en}`,
    params: { problem: { code, messages } } satisfies WordedIssueParams,
  });
}

/** The bilingual words of an issue made by addWordedIssue, if it is one. */
export function wordedIssue(issue: { code?: string; params?: unknown }): WordedIssueParams['problem'] | null {
  const problem = (issue.params as Partial<WordedIssueParams> | undefined)?.problem;
  return problem && typeof problem.code === 'string' && problem.messages ? problem : null;
}

export const PERSONAL_DATA_CODE = 'personal_data_in_text';

/** The one refinement every checked free-text field goes through. */
export function refineFreeText(field: FreeTextField) {
  return (value: string, ctx: z.RefinementCtx) => {
    const checked = checkFreeText(value);
    if (!checked.ok) addWordedIssue(ctx, PERSONAL_DATA_CODE, freeTextRefusal(field, checked.reason));
  };
}

/** The schema of a checked free-text field: trimmed, 1..max characters (0.. when optional text may be empty), the rule. */
export function freeText(field: FreeTextField, { allowEmpty = false } = {}) {
  const base = z.string().trim();
  return (allowEmpty ? base : base.min(1)).max(freeTextFields[field].max).superRefine(refineFreeText(field));
}
