import { describe, expect, it } from 'vitest';
import { fallbackOrder, missingLanguages, shownText } from './localized-text';
import { type LocalizedText, languages } from './vocabulary';

const full: LocalizedText = {
  ja: '規約',
  'ja-x-easy': 'きやく',
  en: 'Terms',
  'zh-Hans': '条款',
  ko: '약관',
  vi: 'Điều khoản',
  pt: 'Termos',
};

describe('shownText: which text a resident reading a language is shown', () => {
  it('is their own language whenever the municipality wrote it', () => {
    for (const language of languages) {
      expect(shownText(full, language)).toEqual({ language, text: full[language], fallback: false });
    }
  });

  it('falls back to やさしい日本語, then to Japanese, language by language', () => {
    const partial: LocalizedText = { ja: '規約', 'ja-x-easy': 'きやく', vi: 'Điều khoản' };
    expect(shownText(partial, 'vi')).toEqual({ language: 'vi', text: 'Điều khoản', fallback: false });
    expect(shownText(partial, 'pt')).toEqual({ language: 'ja-x-easy', text: 'きやく', fallback: true });
    expect(shownText({ ja: '規約', en: 'Terms' }, 'ko')).toEqual({ language: 'ja', text: '規約', fallback: true });
  });

  it('gives a Japanese reader the Japanese text, never the easy version', () => {
    expect(shownText(full, 'ja')).toEqual({ language: 'ja', text: '規約', fallback: false });
    expect(fallbackOrder('ja')).toEqual(['ja']);
  });

  it('treats an empty or blank translation as missing', () => {
    expect(shownText({ ja: '規約', en: '  ', 'ja-x-easy': '' }, 'en')).toEqual({ language: 'ja', text: '規約', fallback: true });
  });

  it('keeps the order own language → やさしい日本語 → Japanese for every other language', () => {
    for (const language of languages.filter((l) => l !== 'ja')) expect(fallbackOrder(language)).toEqual([language, 'ja-x-easy', 'ja']);
  });
});

describe('missingLanguages: what the admin sees as missing', () => {
  it('lists every optional language without words, in the form order', () => {
    expect(missingLanguages({ ja: '規約', en: 'Terms', vi: ' ' })).toEqual(['ja-x-easy', 'zh-Hans', 'ko', 'vi', 'pt']);
    expect(missingLanguages(full)).toEqual([]);
  });
});
