import { useEffect, useLayoutEffect, useState } from 'react';
import { setLanguage } from '../i18n';
import { Text } from '../i18n/Text';
import { defaultLanguage, type Language, type LocalizedText, languages } from '../journey/vocabulary';
import { LocalizedBlock } from './Localized';

/** A resident who switched the language and left: the next one finds Japanese again. */
export const UNAVAILABLE_LANGUAGE_RETURN_MS = 60_000;

/**
 * The booth cannot reach its server or LiveKit (health/link.ts): no call is possible, so say so
 * plainly, say where to go instead — the municipality's counter, and where it is when the town
 * wrote it — and that the booth comes back by itself. Japanese first; every booth language one
 * tap away. Without `municipality` (the booth has not reached its server since it started) the
 * resident is sent to their municipality's counter.
 */
export function UnavailableScreen({
  municipality,
  counter,
}: {
  municipality?: string | undefined;
  counter?: LocalizedText | null | undefined;
}) {
  const [language, choose] = useState<Language>(defaultLanguage);
  // Texts and <html lang> follow the chosen language; the screen leaves Japanese behind.
  useLayoutEffect(() => setLanguage(language), [language]);
  useEffect(() => () => setLanguage(defaultLanguage), []);
  useEffect(() => {
    if (language === defaultLanguage) return;
    const timer = setTimeout(() => choose(defaultLanguage), UNAVAILABLE_LANGUAGE_RETURN_MS);
    return () => clearTimeout(timer);
  }, [language]);

  return (
    <main className="screen unavailable" data-testid="unavailable-screen" data-language={language}>
      {municipality ? <p className="municipality">{municipality}</p> : null}
      <div className="content">
        <div className="unavailable-sign" aria-hidden="true" />
        <h1 role="alert">
          <Text k="unavailable.title" />
        </h1>
        <p className="lead">
          <Text k="unavailable.body" />
        </p>
        <div className="unavailable-counter" data-testid="unavailable-counter">
          <p className="go">
            {municipality ? <Text k="unavailable.goToCounter" values={{ municipality }} /> : <Text k="unavailable.goToCounterUnknown" />}
          </p>
          {counter ? <LocalizedBlock text={counter} language={language} className="where" /> : null}
        </div>
        <p className="hint">
          <Text k="unavailable.back" />
        </p>
      </div>
      <footer className="footer">
        <div className="unavailable-languages" role="group" aria-label="ことば / Language">
          {languages.map((l) => (
            <button key={l} type="button" className="big secondary" lang={l} aria-pressed={l === language} onClick={() => choose(l)}>
              <Text k="meta.name" lng={l} />
            </button>
          ))}
        </div>
      </footer>
    </main>
  );
}
