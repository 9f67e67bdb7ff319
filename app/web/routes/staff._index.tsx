import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { requireUserWithPermission } from '../utils/permissions.server';

export const meta: MetaFunction = () => [{ title: 'ダッシュボード | Madoguchi' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, context, 'read:report');
  return null;
}

/** Placeholder until the dashboard lands (counts per procedure, outcome, booth and hour). */
export default function StaffDashboard() {
  return (
    <main className="page">
      <h1>ダッシュボード / Dashboard</h1>
      <p className="card muted">ブースの稼働状況と件数はここに表示されます / Booth uptime and counts will appear here.</p>
    </main>
  );
}
