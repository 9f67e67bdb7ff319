import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, NavLink, Outlet, useLoaderData } from '@remix-run/react';
import { AccountBar } from '../components/account-bar';
import { RouteErrorPage } from '../components/route-error';
import { reachOf, type Need } from '../../domain/permissions';

export const meta: MetaFunction = () => [{ title: '自治体職員 | Madoguchi' }];

/** The staff sections, each shown only to accounts whose role may read it (the page checks again). */
const sections: { to: string; label: string; need: Need; end?: boolean }[] = [
  { to: '/staff', label: 'ダッシュボード / Dashboard', need: 'read:report', end: true },
  { to: '/staff/reports', label: '報告書 / Reports', need: 'read:report' },
  { to: '/staff/booths', label: 'ブース稼働 / Booth health', need: 'read:diagnostics' },
  { to: '/staff/incidents', label: 'インシデント / Incidents', need: 'read:incident' },
  { to: '/staff/inquiries', label: '問合せ / Inquiries', need: 'read:inquiry' },
  { to: '/staff/ledger', label: '個人情報台帳 / Personal-data ledger', need: 'read:ledger' },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const account = await context.app.accounts.require(request);
  return {
    displayName: account.displayName,
    nav: sections.filter((s) => reachOf(account, s.need) !== null).map(({ to, label, end }) => ({ to, label, end: end ?? false })),
    // Supervisors and admins also work elsewhere: give them the way back.
    elsewhere: [
      ...(reachOf(account, 'read:queue') ? [{ to: '/console', label: 'コンソール / Console' }] : []),
      ...(account.role === 'admin' ? [{ to: '/admin', label: '管理 / Administration' }] : []),
    ],
  };
}

/** The frame of every staff page: who is logged in, the sections they may open, and the page. */
export default function StaffLayout() {
  const { displayName, nav, elsewhere } = useLoaderData<typeof loader>();
  return (
    <>
      <AccountBar title="自治体職員 / Town staff" displayName={displayName} />
      <nav className="admin-nav" aria-label="職員メニュー / Staff menu">
        <ul>
          {nav.map((s) => (
            <li key={s.to}>
              <NavLink to={s.to} end={s.end}>
                {s.label}
              </NavLink>
            </li>
          ))}
          {elsewhere.map((s) => (
            <li key={s.to}>
              <Link to={s.to}>{s.label}</Link>
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
