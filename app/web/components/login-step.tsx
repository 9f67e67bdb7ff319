/**
 * A step of logging in (password, then the two-step code): a small card that carries where to go
 * afterwards, the step's fields, the refusal if there was one, and the button.
 */
import { Form, useSearchParams } from '@remix-run/react';
import type { ReactNode } from 'react';
import { safeRedirect } from '../utils/safe-redirect';
import { FormAlert } from './forms';

export function LoginStep({
  title,
  before,
  error,
  submitLabel,
  busy = false,
  after,
  children,
}: {
  title: string;
  before?: ReactNode;
  error: string | null | undefined;
  submitLabel: string;
  busy?: boolean;
  after?: ReactNode;
  children: ReactNode;
}) {
  const [params] = useSearchParams();
  return (
    <main className="page" style={{ maxWidth: 420 }}>
      {before}
      <h1>{title}</h1>
      <Form method="post" className="card">
        <input type="hidden" name="redirectTo" value={safeRedirect(params.get('redirectTo'))} />
        {children}
        <FormAlert message={error} plain />
        <p>
          <button className="button" type="submit" disabled={busy}>
            {submitLabel}
          </button>
        </p>
        {after}
      </Form>
    </main>
  );
}
