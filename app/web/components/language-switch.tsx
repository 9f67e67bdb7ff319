import { Form, useLocation } from '@remix-run/react';
import { uiLanguages, useT } from '../i18n/i18n';

/** Each language in its own name, so anyone can find theirs. */
const ownNames = { ja: '日本語', en: 'English' } as const;

/** Switches every staff, console and admin screen to the other language; the choice is kept in a cookie. */
export function LanguageSwitch() {
  const { t, language } = useT();
  const location = useLocation();
  return (
    // A whole new page: the server renders it in the new language, nothing stale stays on screen.
    <Form method="post" action="/language" reloadDocument className="language-switch" aria-label={t('common.language')}>
      <input type="hidden" name="redirectTo" value={`${location.pathname}${location.search}`} />
      {uiLanguages
        .filter((l) => l !== language)
        .map((l) => (
          <button key={l} className="button secondary" type="submit" name="language" value={l} lang={l} data-testid="language-switch">
            {ownNames[l]}
          </button>
        ))}
    </Form>
  );
}
