import { Link, isRouteErrorResponse, useRouteError } from '@remix-run/react';

/**
 * The error page of an area (admin, staff): 400, 403 and 404 in words people can act on, in
 * Japanese and English, without a stack trace. `hints` add what to do next in that area.
 */
export function RouteErrorPage({
  testId,
  className = 'page',
  hints = {},
}: {
  testId: string;
  className?: string;
  hints?: { notAllowed?: { ja: string; en: string }; badRequest?: { ja: string; en: string } };
}) {
  const say = (ja: string, en: string, hint?: { ja: string; en: string }) => (hint ? `${ja}。${hint.ja} / ${en}. ${hint.en}` : `${ja} / ${en}.`);
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const message =
    status === 403
      ? say('この画面を表示する権限がありません', 'You are not allowed to see this page', hints.notAllowed)
      : status === 404
        ? 'お探しのページまたはデータは見つかりません / The page or record was not found.'
        : status === 400
          ? say('リクエストが正しくありません', 'The request is invalid', hints.badRequest)
          : 'エラーが発生しました。時間をおいて再度お試しください / Something went wrong. Try again later.';
  return (
    <main className={className}>
      <h1>{status === 403 ? '権限がありません / Not allowed' : status === 404 ? '見つかりません / Not found' : 'エラー / Error'}</h1>
      <p className="card" role="alert" data-testid={testId}>
        {message}
      </p>
      <p>
        <Link to="/">トップへ戻る / Back to the start</Link>
      </p>
    </main>
  );
}
