import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { adminNav, can } from '../components/route-data.server';
import { AdminErrorBoundary, AdminLayout } from '../components/admin-layout';
import { requireUserWithPermission } from '../utils/permissions.server';

export const meta: MetaFunction = () => [{ title: '管理 | Madoguchi' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { account } = await requireUserWithPermission(request, context, 'read:booth');
  return {
    displayName: account.displayName,
    nav: adminNav(account),
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
  return (
    <AdminLayout displayName={displayName} nav={nav} title="管理 / Administration">
      <ul className="admin-tiles">
        {nav.municipalities ? (
          <li className="card">
            <h2>
              <Link to="/admin/municipalities">自治体 / Municipalities</Link>
            </h2>
            <p>
              {writes.municipalities
                ? '自治体の登録、提供する手続、資格確認の質問 / Register municipalities, their procedures and eligibility questions.'
                : '自治体の一覧と設定の確認 / View municipalities and their settings.'}
              {writes.consent ? ' 利用規約・プライバシーポリシーの改定 / Publish terms of use and privacy policies.' : ''}
            </p>
          </li>
        ) : null}
        {nav.booths ? (
          <li className="card">
            <h2>
              <Link to="/admin/booths">ブース / Booths</Link>
            </h2>
            <p>
              {writes.provision ? 'ブースの設置と端末認証情報の発行・失効 / Provision booths, issue and revoke device credentials. ' : ''}
              {writes.booths || writes.calendars
                ? '名称・設置場所・営業カレンダーの変更 / Change names, locations and opening calendars.'
                : 'ブースと営業時間の確認 / View booths and opening hours.'}
            </p>
          </li>
        ) : null}
        {nav.accounts ? (
          <li className="card">
            <h2>
              <Link to="/admin/accounts">アカウント / Accounts</Link>
            </h2>
            <p>
              {writes.accounts
                ? 'アカウントの作成、権限・担当の変更、ロック解除 / Create accounts, change roles and assignments, unlock.'
                : 'アカウントの確認 / View accounts.'}
            </p>
          </li>
        ) : null}
      </ul>
    </AdminLayout>
  );
}

export const ErrorBoundary = AdminErrorBoundary;
