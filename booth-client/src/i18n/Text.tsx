import { Fragment, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../journey/vocabulary';
import { i18n, type MessageKey } from './index';

type Values = Record<string, string | number>;

/** `{漢字|かんじ}` marks furigana in a resource string. */
const RUBY = /\{([^{}|]+)\|([^{}]+)\}/g;

/** The string without furigana readings: for aria-labels, titles and tests. */
export function plain(text: string): string {
  return text.replace(RUBY, '$1');
}

/** A resource string with its furigana as <ruby>. */
export function renderRuby(text: string): ReactNode {
  const parts: ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(RUBY)) {
    if (match.index > last) parts.push(text.slice(last, match.index));
    parts.push(
      <ruby key={match.index}>
        {match[1]}
        <rp>(</rp>
        <rt>{match[2]}</rt>
        <rp>)</rp>
      </ruby>,
    );
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return parts.length === 1 ? parts[0] : <Fragment>{parts}</Fragment>;
}

/** Plain strings in the current language; re-renders when the language changes. */
export function useT(): (key: MessageKey, values?: Values) => string {
  const { t } = useTranslation();
  return (key, values) => plain(t(key, values ?? {}) as string);
}

/** Plain strings in a fixed language (e.g. the invitations in every language on the attract screen). */
export function tIn(language: Language, key: MessageKey, values?: Values): string {
  return plain(i18n.getFixedT(language)(key, values ?? {}) as string);
}

/**
 * One resource string, with furigana rendered. `lng` shows it in a language other than the
 * current one (the element then carries that `lang`).
 */
export function Text({ k, values, lng }: { k: MessageKey; values?: Values; lng?: Language }) {
  const { t } = useTranslation();
  const text = lng ? (i18n.getFixedT(lng)(k, values ?? {}) as string) : (t(k, values ?? {}) as string);
  return lng ? <span lang={lng}>{renderRuby(text)}</span> : <>{renderRuby(text)}</>;
}
