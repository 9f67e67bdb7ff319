import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, useLoaderData } from '@remix-run/react';
import { useEffect, useState } from 'react';
import { z } from 'zod';
import lkStyles from '@livekit/components-styles?url';
import { AccountBar } from '../components/account-bar';
import OperatorCall from '../components/operator-call.client';
import { requireUserWithPermission } from '../utils/permissions.server';

export const meta: MetaFunction = () => [{ title: '通話中 | Madoguchi' }];
export const links = () => [{ rel: 'stylesheet', href: lkStyles }];

const Params = z.object({ sessionId: z.uuid() });

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { account } = await requireUserWithPermission(request, context, 'write:session');
  const parsed = Params.safeParse(params);
  if (!parsed.success) throw new Response('Not found', { status: 404 });
  const { app } = context;
  try {
    const { session, connection } = await app.sessions.operatorConnection(
      account,
      parsed.data.sessionId,
      app.livekitUrlFor(request.url),
    );
    return { displayName: account.displayName, sessionId: session.id, connection };
  } catch {
    // Ended, someone else's, or unknown: back to the queue.
    throw redirect('/console');
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { account } = await requireUserWithPermission(request, context, 'write:session');
  const parsed = Params.safeParse(params);
  if (!parsed.success) throw new Response('Not found', { status: 404 });
  await context.app.sessions.endByOperator(account, parsed.data.sessionId);
  return redirect('/console');
}

export default function InCall() {
  const { displayName, connection } = useLoaderData<typeof loader>();
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  return (
    <>
      <AccountBar title="通話中 / In call" displayName={displayName} />
      <main className="page">
        {mounted ? <OperatorCall connection={connection} /> : <p className="muted">接続しています… / Connecting…</p>}
        <Form method="post">
          <button className="button danger" type="submit">
            通話を終了 / End call
          </button>
        </Form>
      </main>
    </>
  );
}
