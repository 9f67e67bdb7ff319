/**
 * On every screen: the text size (three steps, large by default) and, where the kiosk can speak
 * the resident's language, "read aloud" — the screen's words as a sighted resident sees them
 * (an open card first, furigana left out). The controls themselves are never read.
 */
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Text, useT } from '../i18n/Text';
import type { Language } from '../journey/vocabulary';
import { readableText } from './speech';
import { setTextSize, textSizes, useTextSize } from './text-size';
import { useReadAloud } from './useReadAloud';

/** What a button inside `from` should read: its dialog, or its screen with any open card first. */
function textFor(from: HTMLElement): string {
  const dialog = from.closest<HTMLElement>('[role="dialog"], [role="alertdialog"]');
  if (dialog) return readableText(dialog);
  const screen = from.closest<HTMLElement>('main') ?? document.body;
  const cards = [...document.querySelectorAll<HTMLElement>('[role="dialog"], [role="alertdialog"]')].filter((d) => !screen.contains(d));
  return [...cards, screen]
    .map((root) => readableText(root))
    .filter(Boolean)
    .join('\n');
}

function SpeakerIcon() {
  return (
    <svg aria-hidden="true" viewBox="0 0 24 24" width="1.2em" height="1.2em" className="speaker-icon">
      <path d="M4 9v6h4l5 4V5L8 9H4z" fill="currentColor" />
      <path d="M16 8.5a5 5 0 0 1 0 7M18.5 6a8.5 8.5 0 0 1 0 12" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
    </svg>
  );
}

/** "Read aloud" / "stop reading"; nothing where the kiosk cannot speak the language. */
export function ReadAloudButton() {
  const { i18n } = useTranslation();
  const reader = useReadAloud(i18n.language as Language);
  const ref = useRef<HTMLButtonElement>(null);
  if (!reader.available) return null;
  return (
    <button
      ref={ref}
      type="button"
      className="display-button read-aloud"
      data-speech="skip"
      data-testid="read-aloud"
      data-speaking={reader.speaking}
      onClick={() => (reader.speaking ? reader.stop() : ref.current && reader.read(textFor(ref.current)))}
    >
      <SpeakerIcon /> <Text k={reader.speaking ? 'display.stop' : 'display.readAloud'} />
    </button>
  );
}

export function DisplayControls() {
  const size = useTextSize();
  const t = useT();
  return (
    <div className="display-controls" data-speech="skip" data-testid="display-controls">
      <div className="text-size" role="group" aria-label={t('display.textSize')}>
        <span className="text-size-label" aria-hidden="true">
          <Text k="display.textSize" />
        </span>
        {textSizes.map((s) => (
          <button
            key={s}
            type="button"
            className={`display-button size-${s}`}
            aria-pressed={size === s}
            onClick={() => setTextSize(s)}
            data-testid={`text-size-${s}`}
          >
            <Text k={`display.${s}`} />
          </button>
        ))}
      </div>
      <ReadAloudButton />
    </div>
  );
}
