import { Form } from '@remix-run/react';

export function AccountBar({ title, displayName }: { title: string; displayName: string }) {
  return (
    <header className="bar">
      <strong>Madoguchi · {title}</strong>
      <span>
        {displayName}{' '}
        <Form method="post" action="/logout" style={{ display: 'inline' }}>
          <button className="button secondary" type="submit">
            ログアウト / Log out
          </button>
        </Form>
      </span>
    </header>
  );
}
