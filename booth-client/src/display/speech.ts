/**
 * Reading the screen aloud (Web Speech API) in the resident's language. Only where the kiosk's
 * browser has speech synthesis and a voice on the device for that language: the text never leaves
 * the kiosk (network voices are not used), and without it the button is simply not there.
 * The choices are pure and unit-tested; the browser calls live in useReadAloud.ts.
 */
import type { Language } from '../journey/vocabulary';

/** The BCP 47 tag a speech engine knows each booth language by. */
export const speechTags: Record<Language, string> = {
  ja: 'ja-JP',
  en: 'en-US',
  'zh-Hans': 'zh-CN',
  ko: 'ko-KR',
  vi: 'vi-VN',
  pt: 'pt-BR',
};

/** What a voice tells about itself (SpeechSynthesisVoice). */
export interface VoiceInfo {
  lang: string;
  name: string;
  localService: boolean;
  default?: boolean;
}

const normalise = (tag: string) => tag.replace(/_/g, '-').toLowerCase();
/** Traditional Chinese voices do not read the simplified text of zh-Hans well. */
const TRADITIONAL = /^zh-(tw|hk|mo|hant)/;

/**
 * The voice for `language`: on the device only; the exact tag first (ja-JP), then the same
 * language in another region (pt-PT for pt-BR, en-GB for en-US), a default voice first within each.
 */
export function voiceFor<V extends VoiceInfo>(voices: readonly V[], language: Language): V | null {
  const tag = normalise(speechTags[language]);
  const primary = tag.split('-')[0]!;
  const local = voices.filter((v) => v.localService);
  const byDefault = (list: V[]) => list.find((v) => v.default) ?? list[0] ?? null;
  const exact = local.filter((v) => normalise(v.lang) === tag);
  if (exact.length > 0) return byDefault(exact);
  const related = local.filter((v) => {
    const lang = normalise(v.lang);
    return lang.split('-')[0] === primary && !(language === 'zh-Hans' && TRADITIONAL.test(lang));
  });
  return byDefault(related);
}

/** The parts of a page tree the reader needs (a DOM Node has them). */
export interface ReadableNode {
  nodeType: number;
  nodeName: string;
  nodeValue: string | null;
  childNodes: ArrayLike<ReadableNode>;
  getAttribute?(name: string): string | null;
}

const TEXT_NODE = 3;
const ELEMENT_NODE = 1;
/** Never read: furigana readings (the kanji is read), media, scripts, and the controls themselves. */
const SKIPPED = new Set(['RT', 'RP', 'SCRIPT', 'STYLE', 'VIDEO', 'AUDIO', 'SVG', 'TEMPLATE', 'NOSCRIPT']);
/** Elements after which the reader pauses. */
const BLOCKS = new Set([
  'P',
  'H1',
  'H2',
  'H3',
  'H4',
  'LI',
  'DT',
  'DD',
  'BUTTON',
  'SECTION',
  'HEADER',
  'FOOTER',
  'DIV',
  'LABEL',
  'LEGEND',
  'TR',
]);

/**
 * The words a sighted resident sees, in reading order, one line per block: furigana, hidden parts
 * (aria-hidden, hidden) and anything marked data-speech="skip" left out.
 */
export function readableText(root: ReadableNode): string {
  const lines: string[] = [];
  let line = '';
  const flush = () => {
    const text = line.replace(/\s+/g, ' ').trim();
    if (text) lines.push(text);
    line = '';
  };
  const walk = (node: ReadableNode) => {
    if (node.nodeType === TEXT_NODE) {
      line += node.nodeValue ?? '';
      return;
    }
    if (node.nodeType !== ELEMENT_NODE) return;
    const name = node.nodeName.toUpperCase();
    if (SKIPPED.has(name)) return;
    const attribute = (attr: string) => node.getAttribute?.(attr) ?? null;
    if (attribute('aria-hidden') === 'true' || attribute('hidden') !== null || attribute('data-speech') === 'skip') return;
    const block = BLOCKS.has(name);
    if (block) flush();
    for (let i = 0; i < node.childNodes.length; i++) walk(node.childNodes[i]!);
    if (block) flush();
  };
  walk(root);
  flush();
  return lines.join('\n');
}
