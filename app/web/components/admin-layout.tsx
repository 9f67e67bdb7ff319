import { Link, NavLink } from '@remix-run/react';
import type { ReactNode } from 'react';
import { AccountBar } from './account-bar';
import { RouteErrorPage } from './route-error';

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
  return (
    <RouteErrorPage
      testId="admin-error"
      className="page admin"
      hints={{
        notAllowed: { ja: '必要な場合は管理者に依頼してください', en: 'Ask an administrator if you need it' },
        badRequest: { ja: '最初のページからやり直してください', en: 'Start again from the first page' },
      }}
    />
  );
}
