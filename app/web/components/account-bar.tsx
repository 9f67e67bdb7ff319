import { Form } from '@remix-run/react';
import { useT } from '../i18n/i18n';
import { LanguageSwitch } from './language-switch';

/** The top bar of every signed-in screen: where you are, who you are, the language switch, log out. */
export function AccountBar({ title, displayName }: { title: string; displayName: string }) {
  const { t } = useT();
  return (
    <header className="bar">
      <strong>Madoguchi · {title}</strong>
      <span>
        <LanguageSwitch />
        {displayName}{' '}
        <Form method="post" action="/logout" style={{ display: 'inline' }}>
          <button className="button secondary" type="submit">
            {t('common.logOut')}
          </button>
        </Form>
      </span>
    </header>
  );
}
