import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { checkFreeText, DIGIT_RUN_MIN, type FreeTextReason, freeText, freeTextMessages, wordedIssue } from './free-text';

describe('checkFreeText: what operators and staff may write', () => {
  it.each([
    // incident summaries: times, dates, short numbers, ordinary words
    '10:30にカメラ映像が停止',
    '10:30-11:00 の間、通話が途切れた',
    '10：30 から 11：00 まで（全角のコロン）',
    '12/3 と 12/5 にプリンタ故障',
    '9/30 10:15 再起動',
    '通話 3 件が中断、待ち時間 25 分',
    '2回目の再起動で復旧',
    '手数料800円の案内で苦情',
    '1,000円の領収書について',
    'パケットロス 5% が 2 分続いた',
    'アプリ 1.4.2 に更新',
    '十一月三十日に故障',
    '二十四時間営業のモール',
    // booth locations and names
    '2階 市民課前',
    '3F エレベーター横',
    'B1 入口付近',
    '本庁舎 1階 オンライン窓口',
    '東員町役場 ブース2',
    'イオンモール東員 2F 中央広場',
    // words with honorific characters that are not names
    'お客様から待ち時間が長いとのご意見',
    'ご利用者様が操作に迷われた',
    '担当者様へ引き継ぎ',
    '皆様にご迷惑をおかけした',
    'お子さんと一緒に来庁',
    '赤ちゃん連れの方',
    'オペレーターさんの声が小さいとのこと',
    'たくさんの方が並んだ',
    'システム仕様の変更で解決',
    '前回同様、再起動で復旧',
    'ご様子を確認',
    '氏名の欄は空欄のまま',
    '御殿場市から転入した方',
    '奥さんが代わりに操作',
    // links without anything that identifies a person
    'https://www.town.toin.lg.jp/faq を案内',
    // English
    'The camera froze at 10:30; restarted, fine by 10:45.',
    'Resident asked about the ¥800 fee.',
  ])('allows %j', (text) => {
    expect(checkFreeText(text)).toEqual({ ok: true });
  });

  const refused: [string, FreeTextReason][] = [
    // digit runs in any script, also with separators between the digits
    ['123456789012', 'digits'],
    ['マイナンバー 1234 5678 9012', 'digits'],
    ['電話 090-1234-5678', 'digits'],
    ['電話 090 1234 5678', 'digits'],
    ['090ー1234ー5678', 'digits'],
    ['０９０－１２３４－５６７８', 'digits'],
    ['暗証番号は4829', 'digits'],
    ['暗証番号は４８２９', 'digits'],
    ['暗証番号は四八二九', 'digits'],
    ['暗証番号は 四 八 二 九', 'digits'],
    ['四千八百二十九', 'digits'],
    ['〇一二', 'digits'],
    ['012', 'digits'],
    ['1 2 3 4', 'digits'],
    ['1-2-3-4', 'digits'],
    ['12.34', 'digits'],
    ['٤٨٢٩', 'digits'],
    ['४८२९', 'digits'],
    ['①②③④', 'digits'],
    ['0\u200b9\u200b0\u200b1', 'digits'],
    ['内線 1234', 'digits'],
    ['2026年12月3日', 'digits'],
    ['09 10:30 1234', 'digits'],
    // other shapes
    ['taro.yamada@example.jp に連絡', 'email'],
    ['taro＠example．jp', 'email'],
    ['https://example.jp/form?id=12', 'url'],
    ['https://example.jp/a#section', 'url'],
    ['https://user:pass@example.jp/', 'url'],
    ['www.example.jp/?q=a', 'url'],
    ['〒511', 'postal_code'],
    ['〒511-0295 三重県', 'postal_code'],
    ['中央1丁目', 'address'],
    ['中央三丁目', 'address'],
    ['山田12番地', 'address'],
    ['5番3号', 'address'],
    ['1-2-3', 'address'],
    ['昭和45年', 'birth_date'],
    ['昭和四十五年', 'birth_date'],
    ['平成元年', 'birth_date'],
    ['S45.3.2', 'birth_date'],
    ['H2年', 'birth_date'],
    ['生年月日を読み上げた', 'birth_date'],
    ['1990年代生まれの方', 'birth_date'],
    // names with honorifics
    ['山田太郎様が来庁', 'name'],
    ['山田さんから苦情', 'name'],
    ['佐藤氏', 'name'],
    ['鈴木殿', 'name'],
    ['花子さん', 'name'],
    ['健一さん', 'name'],
    ['山本様', 'name'],
    ['ヤマダさん', 'name'],
    ['Mr. Smith called', 'name'],
    ['Yamada-san was upset', 'name'],
  ];
  it.each(refused)('refuses %j (%s)', (text, reason) => {
    expect(checkFreeText(text)).toEqual({ ok: false, reason });
  });

  it('the threshold: three numerals pass, four do not (three after a zero)', () => {
    expect(DIGIT_RUN_MIN).toBe(4);
    expect(checkFreeText('999').ok).toBe(true);
    expect(checkFreeText('1000').ok).toBe(false);
    expect(checkFreeText('99').ok).toBe(true);
    expect(checkFreeText('099').ok).toBe(false);
    // Separators join runs; a comma (thousands) and other letters do not.
    expect(checkFreeText('1 000').ok).toBe(false);
    expect(checkFreeText('1,000').ok).toBe(true);
    expect(checkFreeText('12階 34番').ok).toBe(true);
    // More than three separators in a row end a run.
    expect(checkFreeText('12    34').ok).toBe(true);
  });

  it('invalid times and dates are not taken out (99:99, 13/45)', () => {
    expect(checkFreeText('99:99').ok).toBe(true);
    expect(checkFreeText('23:59').ok).toBe(true);
    expect(checkFreeText('1999:99').ok).toBe(false);
    expect(checkFreeText('13/45').ok).toBe(true);
    expect(checkFreeText('13/45 12').ok).toBe(false);
    expect(checkFreeText('2026/12/3').ok).toBe(false);
  });

  it('has words in both languages for every reason', () => {
    for (const words of Object.values(freeTextMessages)) {
      expect(words.ja).toMatch(/[ぁ-んァ-ン一-龥]/);
      expect(words.en).toMatch(/[A-Za-z]/);
    }
  });
});

describe('freeText: the one zod refinement', () => {
  const Schema = z.object({ summary: freeText('incident.summary'), location: freeText('booth.location', { allowEmpty: true }) });

  it('passes ordinary text (trimmed) and an empty location', () => {
    expect(Schema.parse({ summary: '  10:30 カメラ停止 ', location: '' })).toEqual({ summary: '10:30 カメラ停止', location: '' });
  });

  it('refuses with an issue at the field that carries its words in both languages and a problem code', () => {
    const result = Schema.safeParse({ summary: '山田太郎様 090-1234-5678', location: '2F' });
    expect(result.success).toBe(false);
    const issue = result.error!.issues[0]!;
    expect(issue.path).toEqual(['summary']);
    const worded = wordedIssue(issue);
    expect(worded?.code).toBe('personal_data_in_text');
    expect(worded?.messages.ja).toMatch(/^内容: /);
    expect(worded?.messages.en).toMatch(/^What happened: /);
    expect(issue.message).toContain(worded!.messages.ja);
    expect(issue.message).toContain(worded!.messages.en);
  });

  it('still applies length limits, and an issue of another kind has no words', () => {
    const result = Schema.safeParse({ summary: '', location: 'x'.repeat(201) });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.path[0])).toEqual(['summary', 'location']);
    expect(result.error!.issues.every((i) => wordedIssue(i) === null)).toBe(true);
  });
});
