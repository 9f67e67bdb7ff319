import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { AdminErrorBoundary, AdminLayout } from '../components/admin-layout';
import { adminFrame, can } from '../components/route-data.server';
import { useT } from '../i18n/i18n';
import { pageTitle } from '../i18n/meta';
import { requireUserWithPermission } from '../utils/permissions.server';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'nav.administration');

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { account } = await requireUserWithPermission(request, context, 'read:booth');
  return {
    ...adminFrame(account),
    // What each section lets this role change, so the overview says it before anyone clicks.
    writes: {
      municipalities: can(account, 'write:municipality'),
      consent: can(account, 'write:consent'),
      booths: can(account, 'write:booth'),
      provision: can(account, 'provision:booth'),
      calendars: can(account, 'write:calendar'),
      accounts: can(account, 'write:account'),
    },
  };
}

export default function AdminIndex() {
  const { displayName, nav, writes } = useLoaderData<typeof loader>();
  const { t } = useT();
  return (
    <AdminLayout displayName={displayName} nav={nav} title={t('nav.administration')}>
      <ul className="admin-tiles">
        {nav.municipalities ? (
          <li className="card">
            <h2>
              <Link to="/admin/municipalities">{t('nav.municipalities')}</Link>
            </h2>
            <p>
              {writes.municipalities ? t('adminHome.municipalitiesWrite') : t('adminHome.municipalitiesRead')}
              {writes.consent ? ` ${t('adminHome.consent')}` : ''}
            </p>
          </li>
        ) : null}
        {nav.booths ? (
          <li className="card">
            <h2>
              <Link to="/admin/booths">{t('nav.booths')}</Link>
            </h2>
            <p>
              {writes.provision ? `${t('adminHome.provision')} ` : ''}
              {writes.booths || writes.calendars ? t('adminHome.boothsWrite') : t('adminHome.boothsRead')}
            </p>
          </li>
        ) : null}
        {nav.accounts ? (
          <li className="card">
            <h2>
              <Link to="/admin/accounts">{t('nav.accounts')}</Link>
            </h2>
            <p>{writes.accounts ? t('adminHome.accountsWrite') : t('adminHome.accountsRead')}</p>
          </li>
        ) : null}
      </ul>
    </AdminLayout>
  );
}

export const ErrorBoundary = AdminErrorBoundary;
