import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { AccountBar } from '../components/account-bar';
import { requireUserWithPermission } from '../utils/permissions.server';

export const meta: MetaFunction = () => [{ title: '自治体職員 | Madoguchi' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { account } = await requireUserWithPermission(request, context, 'read:session');
  return { displayName: account.displayName };
}

/** Skeleton: booth uptime, counts and reports arrive with their own issue. */
export default function Staff() {
  const { displayName } = useLoaderData<typeof loader>();
  return (
    <>
      <AccountBar title="自治体職員 / Town staff" displayName={displayName} />
      <main className="page">
        <h1>ダッシュボード / Dashboard</h1>
        <p className="card muted">ブースの稼働状況と件数はここに表示されます / Booth uptime and counts will appear here.</p>
      </main>
    </>
  );
}
