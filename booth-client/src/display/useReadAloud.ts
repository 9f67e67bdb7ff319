/**
 * The browser side of reading aloud: feature detection, the voices (they arrive late in
 * Chromium: 'voiceschanged'), one utterance at a time, and silence when the screen that asked
 * goes away. Without speechSynthesis, or without a voice for the language, `available` is false.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Language } from '../journey/vocabulary';
import { speechTags, voiceFor } from './speech';

export function speechSynthesisOf(win: Window): SpeechSynthesis | null {
  const w = win as Window & { SpeechSynthesisUtterance?: unknown };
  return 'speechSynthesis' in w && w.speechSynthesis && typeof w.SpeechSynthesisUtterance === 'function' ? w.speechSynthesis : null;
}

export function useReadAloud(language: Language) {
  const synth = useMemo(() => (typeof window === 'undefined' ? null : speechSynthesisOf(window)), []);
  const [voice, setVoice] = useState<SpeechSynthesisVoice | null>(null);
  const [speaking, setSpeaking] = useState(false);
  const current = useRef<SpeechSynthesisUtterance | null>(null);

  useEffect(() => {
    if (!synth) return;
    const update = () => setVoice(voiceFor(synth.getVoices(), language));
    update();
    synth.addEventListener?.('voiceschanged', update);
    return () => synth.removeEventListener?.('voiceschanged', update);
  }, [synth, language]);

  const stop = useCallback(() => {
    if (!current.current) return;
    current.current = null;
    synth?.cancel();
    setSpeaking(false);
  }, [synth]);
  // The screen that asked is gone (a new screen, the next resident): stop talking.
  useEffect(() => stop, [stop]);

  const read = useCallback(
    (text: string) => {
      if (!synth || !voice || !text) return;
      synth.cancel();
      const utterance = new SpeechSynthesisUtterance(text);
      utterance.lang = speechTags[language];
      utterance.voice = voice;
      const done = () => {
        if (current.current !== utterance) return;
        current.current = null;
        setSpeaking(false);
      };
      utterance.onend = done;
      utterance.onerror = done;
      current.current = utterance;
      setSpeaking(true);
      synth.speak(utterance);
    },
    [synth, voice, language],
  );

  return { available: synth !== null && voice !== null, speaking, read, stop };
}
