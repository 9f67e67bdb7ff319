import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, NavLink, Outlet, useLoaderData } from '@remix-run/react';
import { type Need, reachOf } from '../../domain/permissions';
import { AccountBar } from '../components/account-bar';
import { RouteErrorPage } from '../components/route-error';
import { type MessageKey, useT } from '../i18n/i18n';
import { pageTitle } from '../i18n/meta';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'nav.municipalityStaff');

/** The staff sections, each shown only to accounts whose role may read it (the page checks again). */
const sections: { to: string; label: MessageKey; need: Need; end?: boolean }[] = [
  { to: '/staff', label: 'nav.dashboard', need: 'read:report', end: true },
  { to: '/staff/reports', label: 'nav.reports', need: 'read:report' },
  { to: '/staff/booths', label: 'nav.boothHealth', need: 'read:diagnostics' },
  { to: '/staff/incidents', label: 'nav.incidents', need: 'read:incident' },
  { to: '/staff/inquiries', label: 'nav.inquiries', need: 'read:inquiry' },
  { to: '/staff/ledger', label: 'nav.ledger', need: 'read:ledger' },
  { to: '/staff/staffing', label: 'nav.staffing', need: 'read:staffing' },
  { to: '/staff/popups', label: 'nav.popups', need: 'approve:popup' },
  { to: '/staff/reservations', label: 'nav.reservations', need: 'read:reservation' },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const account = await context.app.accounts.require(request);
  return {
    displayName: account.displayName,
    nav: sections.filter((s) => reachOf(account, s.need) !== null).map(({ to, label, end }) => ({ to, label, end: end ?? false })),
    // Supervisors and admins also work elsewhere: give them the way back.
    elsewhere: [
      ...(reachOf(account, 'read:queue') ? [{ to: '/console', label: 'nav.console' as const }] : []),
      ...(account.role === 'admin' ? [{ to: '/admin', label: 'nav.administration' as const }] : []),
    ],
  };
}

/** The frame of every staff page: who is logged in, the sections they may open, and the page. */
export default function StaffLayout() {
  const { displayName, nav, elsewhere } = useLoaderData<typeof loader>();
  const { t } = useT();
  return (
    <>
      <AccountBar title={t('nav.municipalityStaff')} displayName={displayName} />
      <nav className="admin-nav" aria-label={t('nav.staffMenu')}>
        <ul>
          {nav.map((s) => (
            <li key={s.to}>
              <NavLink to={s.to} end={s.end}>
                {t(s.label)}
              </NavLink>
            </li>
          ))}
          {elsewhere.map((s) => (
            <li key={s.to}>
              <Link to={s.to}>{t(s.label)}</Link>
            </li>
          ))}
        </ul>
      </nav>
      <Outlet />
    </>
  );
}

/** 403 and 404 in words staff can act on, without a stack trace. */
export function ErrorBoundary() {
  return <RouteErrorPage testId="staff-error" />;
}
