import { describe, expect, it } from 'vitest';
import { languages } from '../journey/vocabulary';
import { formatOpening, waitMinutes } from './format';
import { i18n, messages } from './index';

type Tree = { [key: string]: string | Tree };

function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    if (typeof v === 'string') out.set(prefix + k, v);
    else for (const [kk, vv] of leaves(v, `${prefix}${k}.`)) out.set(kk, vv);
  }
  return out;
}

const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
const reference = leaves(messages.ja as unknown as Tree);

describe('booth texts', () => {
  it.each(languages)('%s has every key, none empty, with the same placeholders as Japanese', (language) => {
    const own = leaves(messages[language] as unknown as Tree);
    expect([...own.keys()].sort()).toEqual([...reference.keys()].sort());
    for (const [key, text] of own) {
      expect(text.trim(), `${language} ${key}`).not.toBe('');
      expect(placeholders(text), `${language} ${key}`).toEqual(placeholders(reference.get(key)!));
      // furigana marks belong to Japanese only, and must be well formed there
      if (language !== 'ja') expect(text, `${language} ${key}`).not.toMatch(/\{[^{}]*\|/);
      expect(text.replace(/\{\{\w+\}\}/g, '').replace(/\{[^{}|]+\|[^{}]+\}/g, ''), `${language} ${key}`).not.toMatch(/[{}]/);
    }
  });

  it('translates in every language and falls back to nothing missing', () => {
    for (const language of languages) {
      expect(i18n.getFixedT(language)('waiting.waitValue', { minutes: 3 })).toContain('3');
      expect(i18n.getFixedT(language)('meta.name')).toBe(messages[language].meta.name);
    }
    expect(i18n.getFixedT('zh-Hans')('attract.start')).toBe('开始视频咨询');
  });

  it('keeps the Japanese lines the e2e test and the spec rely on, without furigana', () => {
    expect(messages.ja.attract.start).toBe('ビデオ通話で相談する');
    expect(messages.ja.waiting.title).toContain('オペレーターにおつなぎしています');
    expect(`${messages.ja.pin.title}。${messages.ja.pin.body}`).toBe(
      '暗証番号を入力してください。オペレーターにはカメラの映像が見えていません',
    );
    expect(messages.ja.pin.done).toBe('入力が終わりました');
    expect(messages.ja.call.degraded).toBe('通信状態が悪いため、映像を小さくしています');
    expect(messages.ja.call.reconnecting).toContain('再接続しています');
  });
});

describe('formatting', () => {
  // 2026-01-05T23:15Z = Tuesday 6 January 2026, 8:15 in Tokyo
  const next = '2026-01-05T23:15:00.000Z';
  it('shows the next opening in Japan time, in the resident language', () => {
    expect(formatOpening(next, 'ja')).toBe('1月6日火曜日 8:15');
    expect(formatOpening(next, 'en')).toMatch(/Tuesday, January 6.*8:15\sAM/);
    expect(formatOpening(next, 'ko')).toContain('1월 6일');
    expect(formatOpening(next, 'zh-Hans')).toContain('1月6日');
    expect(formatOpening(next, 'pt')).toContain('6 de janeiro');
    expect(formatOpening(next, 'vi')).toMatch(/8:15/);
  });

  it('rounds waits up to whole minutes, unknown or zero is "soon"', () => {
    expect(waitMinutes(null)).toBeNull();
    expect(waitMinutes(0)).toBeNull();
    expect(waitMinutes(1)).toBe(1);
    expect(waitMinutes(60)).toBe(1);
    expect(waitMinutes(61)).toBe(2);
    expect(waitMinutes(600)).toBe(10);
  });
});
