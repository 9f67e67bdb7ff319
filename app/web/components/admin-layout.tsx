import { Link, NavLink } from '@remix-run/react';
import type { ReactNode } from 'react';
import { useT } from '../i18n/i18n';
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
  { key: 'municipalities', to: '/admin/municipalities', label: 'nav.municipalities' },
  { key: 'booths', to: '/admin/booths', label: 'nav.booths' },
  { key: 'accounts', to: '/admin/accounts', label: 'nav.accounts' },
  { key: 'incidents', to: '/admin/incidents', label: 'nav.incidentsAndComplaints' },
  { key: 'faq', to: '/admin/faq', label: 'nav.faq' },
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
  const { t } = useT();
  return (
    <>
      <AccountBar title={t('nav.administration')} displayName={displayName} />
      <nav className="admin-nav" aria-label={t('nav.administrationMenu')}>
        <ul>
          <li>
            <NavLink to="/admin" end>
              {t('nav.adminOverview')}
            </NavLink>
          </li>
          {adminSections
            .filter((s) => nav[s.key])
            .map((s) => (
              <li key={s.key}>
                <NavLink to={s.to}>{t(s.label)}</NavLink>
              </li>
            ))}
          <li>
            <Link to="/staff">{t('nav.dashboardAndReports')}</Link>
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
        notAllowed: 'errors.askAdministrator',
        badRequest: 'errors.startAgain',
      }}
    />
  );
}
