import { Link, NavLink, isRouteErrorResponse, useRouteError } from '@remix-run/react';
import type { ReactNode } from 'react';
import { AccountBar } from './account-bar';

/** Which sections the account may read; computed in the loader from its role's permissions. */
export interface AdminNav {
  municipalities: boolean;
  booths: boolean;
  accounts: boolean;
  incidents?: boolean;
  faq?: boolean;
}

export const adminSections = [
  { key: 'municipalities', to: '/admin/municipalities', label: '自治体 / Municipalities' },
  { key: 'booths', to: '/admin/booths', label: 'ブース / Booths' },
  { key: 'accounts', to: '/admin/accounts', label: 'アカウント / Accounts' },
  { key: 'incidents', to: '/admin/incidents', label: 'インシデント・苦情 / Incidents' },
  { key: 'faq', to: '/admin/faq', label: 'FAQ・マニュアル / FAQ' },
] as const;

/** The frame of every admin screen: who is logged in, and the sections they may open. */
export function AdminLayout({
  displayName,
  nav,
  title,
  children,
}: {
  displayName: string;
  nav: AdminNav;
  title: string;
  children: ReactNode;
}) {
  return (
    <>
      <AccountBar title="管理 / Administration" displayName={displayName} />
      <nav className="admin-nav" aria-label="管理メニュー / Administration menu">
        <ul>
          <li>
            <NavLink to="/admin" end>
              管理トップ / Overview
            </NavLink>
          </li>
          {adminSections
            .filter((s) => nav[s.key])
            .map((s) => (
              <li key={s.key}>
                <NavLink to={s.to}>{s.label}</NavLink>
              </li>
            ))}
          <li>
            <Link to="/staff">ダッシュボード・報告書 / Dashboard and reports</Link>
          </li>
        </ul>
      </nav>
      <main className="page admin">
        <h1>{title}</h1>
        {children}
      </main>
    </>
  );
}

/** For the admin routes: 403 and 404 in words staff can act on, without a stack trace. */
export function AdminErrorBoundary() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const message =
    status === 403
      ? 'この画面を表示する権限がありません。必要な場合は管理者に依頼してください / You are not allowed to see this page. Ask an administrator if you need it.'
      : status === 404
        ? 'お探しのページまたはデータは見つかりません / The page or record was not found.'
        : status === 400
          ? 'リクエストが正しくありません。最初のページからやり直してください / The request is invalid. Start again from the first page.'
          : 'エラーが発生しました。時間をおいて再度お試しください / Something went wrong. Try again later.';
  return (
    <main className="page admin">
      <h1>{status === 403 ? '権限がありません / Not allowed' : status === 404 ? '見つかりません / Not found' : 'エラー / Error'}</h1>
      <p className="card" role="alert" data-testid="admin-error">
        {message}
      </p>
      <p>
        <Link to="/">トップへ戻る / Back to the start</Link>
      </p>
    </main>
  );
}
