import { isRouteErrorResponse, Link, useRouteError } from '@remix-run/react';
import { type MessageKey, useT } from '../i18n/i18n';

/**
 * The error page of an area (admin, staff): 400, 403 and 404 in words people can act on, in
 * the user's language, without a stack trace. `hints` add what to do next in that area.
 */
export function RouteErrorPage({
  testId,
  className = 'page',
  hints = {},
}: {
  testId: string;
  className?: string;
  hints?: { notAllowed?: MessageKey; badRequest?: MessageKey };
}) {
  const { t } = useT();
  const say = (message: MessageKey, hint?: MessageKey) =>
    hint ? t('errors.withHint', { message: t(message), hint: t(hint) }) : t('errors.sentence', { message: t(message) });
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const message =
    status === 403
      ? say('errors.notAllowed', hints.notAllowed)
      : status === 404
        ? t('errors.notFound')
        : status === 400
          ? say('errors.badRequest', hints.badRequest)
          : t('errors.tryLater');
  return (
    <main className={className}>
      <h1>{status === 403 ? t('errors.notAllowedTitle') : status === 404 ? t('errors.notFoundTitle') : t('errors.errorTitle')}</h1>
      <p className="card" role="alert" data-testid={testId}>
        {message}
      </p>
      <p>
        <Link to="/">{t('common.backToStart')}</Link>
      </p>
    </main>
  );
}
