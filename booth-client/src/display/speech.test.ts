import { describe, expect, it } from 'vitest';
import { languages } from '../journey/vocabulary';
import { type ReadableNode, readableText, speechTags, type VoiceInfo, voiceFor } from './speech';

const voice = (lang: string, name = lang, localService = true, isDefault = false): VoiceInfo => ({
  lang,
  name,
  localService,
  default: isDefault,
});

describe('voiceFor: a voice on the kiosk for the resident language', () => {
  const voices = [
    voice('ja-JP', 'Kyoko'),
    voice('en-GB', 'Daniel'),
    voice('en-US', 'Samantha'),
    voice('en-US', 'Alex', true, true),
    voice('zh-TW', 'Meijia'),
    voice('zh_CN', 'Tingting'),
    voice('ko-KR', 'Google 한국의', false),
    voice('pt-PT', 'Joana'),
  ];
  it('the exact tag first, the default voice among several', () => {
    expect(voiceFor(voices, 'ja')?.name).toBe('Kyoko');
    expect(voiceFor(voices, 'en')?.name).toBe('Alex');
    // Android/old engines write zh_CN.
    expect(voiceFor(voices, 'zh-Hans')?.name).toBe('Tingting');
  });
  it('the same language from another region when that is all there is', () => {
    expect(voiceFor(voices, 'pt')?.name).toBe('Joana');
  });
  it('never a network voice (the screen text would leave the kiosk), never traditional Chinese for zh-Hans', () => {
    expect(voiceFor(voices, 'ko')).toBeNull();
    expect(voiceFor([voice('zh-TW'), voice('zh-HK')], 'zh-Hans')).toBeNull();
    expect(voiceFor(voices, 'vi')).toBeNull();
    expect(voiceFor([], 'ja')).toBeNull();
  });
  it('every booth language has a tag', () => {
    for (const l of languages) expect(speechTags[l]).toMatch(/^[a-z]{2}-[A-Z]{2}$/);
  });
});

/** A minimal element tree, as the DOM gives it to readableText. */
function el(name: string, attrs: Record<string, string>, ...children: (ReadableNode | string)[]): ReadableNode {
  return {
    nodeType: 1,
    nodeName: name.toUpperCase(),
    nodeValue: null,
    childNodes: children.map((c) => (typeof c === 'string' ? { nodeType: 3, nodeName: '#text', nodeValue: c, childNodes: [] } : c)),
    getAttribute: (attr) => attrs[attr] ?? null,
  };
}

describe('readableText: what the resident sees, in order, a line per block', () => {
  it('reads headings, paragraphs and buttons; furigana readings, hidden parts and the controls are left out', () => {
    const screen = el(
      'main',
      {},
      el('div', { 'data-speech': 'skip' }, el('button', {}, '大きい'), el('button', {}, '声で読む')),
      el('h1', {}, '顔写真を', el('ruby', {}, '撮', el('rp', {}, '('), el('rt', {}, 'と'), el('rp', {}, ')')), 'ります'),
      el('p', { class: 'lead' }, '  枠の中に\n  顔を合わせてください  '),
      el('div', { 'aria-hidden': 'true' }, el('p', {}, 'guide lines')),
      el('ul', {}, el('li', {}, 'カメラを まっすぐ見てください'), el('li', { hidden: '' }, 'hidden item')),
      el('video', {}, 'fallback'),
      el('footer', {}, el('button', {}, 'もどる')),
    );
    expect(readableText(screen)).toBe('顔写真を撮ります\n枠の中に 顔を合わせてください\nカメラを まっすぐ見てください\nもどる');
  });
  it('an empty screen reads as nothing', () => {
    expect(readableText(el('main', {}))).toBe('');
  });
});
