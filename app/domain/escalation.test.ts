import { describe, expect, it } from 'vitest';
import { checkNotified } from './escalation';

describe('checkNotified: a section or role, never contact details', () => {
  it.each([
    ['市民課 担当係長', '市民課 担当係長'],
    ['  デジタル推進課　マイナンバー係 ', 'デジタル推進課 マイナンバー係'],
    ['第2係 係長', '第2係 係長'],
    ['住民課（2F） 窓口責任者', '住民課(2F) 窓口責任者'],
    ['Residents section, duty manager', 'Residents section, duty manager'],
    ['長谷川係長', '長谷川係長'],
    ['総務部', '総務部'],
    ['コールセンター', 'コールセンター'],
  ])('accepts %s', (raw, value) => {
    expect(checkNotified(raw)).toEqual({ ok: true, value });
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['あ'.repeat(61), 'too_long'],
    ['市民課 090-1234-5678', 'digits'],
    ['市民課 ０９０１２３４', 'digits'],
    ['123456789012', 'digits'],
    ['1-2-3-4-5-6', 'digits'],
    ['課長 内線 1234', 'digits'],
    ['taro@example.jp', 'contact'],
    ['https://example.jp', 'contact'],
    // a person, not a section or role
    ['山田太郎', 'not_a_role'],
    ['長谷川', 'not_a_role'],
    ['山田太郎様', 'name'],
    ['市民課 山田さん', 'name'],
    // kanji numerals count as digits
    ['市民課 四八二九', 'digits'],
    ['市民課 〇九〇 一二三四', 'digits'],
    ['昭和45年生まれの係長', 'birth_date'],
  ])('refuses %j (%s)', (raw, reason) => {
    expect(checkNotified(raw)).toEqual({ ok: false, reason });
  });

  it('counts characters, not UTF-16 units, against the 60 limit', () => {
    expect(checkNotified(`${'𠮷'.repeat(59)}課`).ok).toBe(true);
    expect(checkNotified(`${'𠮷'.repeat(60)}課`).ok).toBe(false);
  });
});
