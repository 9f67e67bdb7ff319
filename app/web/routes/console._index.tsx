import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { formProblem, requireUserWithPermission } from '../utils/permissions.server';
import { z } from 'zod';
import { AccountBar } from '../components/account-bar';
import { usePolling } from '../components/use-polling';

export const meta: MetaFunction = () => [{ title: 'オペレーター | Madoguchi' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { account } = await requireUserWithPermission(request, context, 'read:session');
  const waiting = await context.app.sessions.listWaiting(account);
  return {
    displayName: account.displayName,
    now: Date.now(),
    waiting: waiting.map((s) => ({ ...s, requestedAt: s.requestedAt.getTime() })),
  };
}

const AnswerForm = z.object({ sessionId: z.uuid() });

export async function action({ request, context }: ActionFunctionArgs) {
  const { account } = await requireUserWithPermission(request, context, 'write:session');
  const parsed = AnswerForm.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ error: '呼び出しが正しく指定されていません / Invalid call.' }, 400);
  // Typically fails because another operator answered first, or the resident gave up.
  const result = await formProblem(() => context.app.sessions.answer(account, parsed.data.sessionId));
  if (!result.ok) return data({ error: result.error }, result.status);
  return redirect(`/console/sessions/${parsed.data.sessionId}`);
}

export default function Console() {
  const { displayName, waiting, now } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  usePolling(1000);
  return (
    <>
      <AccountBar title="オペレーター / Operator" displayName={displayName} />
      <main className="page">
        <h1>待機中の呼び出し / Waiting calls</h1>
        {actionData?.error ? (
          <p className="error" role="alert">
            {actionData.error}
          </p>
        ) : null}
        {waiting.length === 0 ? (
          <p className="card muted" data-testid="no-calls">
            待機中の呼び出しはありません / No one is waiting.
          </p>
        ) : (
          <table className="card" data-testid="waiting-calls">
            <thead>
              <tr>
                <th>自治体 / Municipality</th>
                <th>ブース / Booth</th>
                <th>待ち時間 / Waiting</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {waiting.map((call) => (
                <tr key={call.id} data-session-id={call.id}>
                  <td>{call.municipalityName}</td>
                  <td>{call.boothName}</td>
                  <td>{Math.max(0, Math.round((now - call.requestedAt) / 1000))} 秒 / s</td>
                  <td>
                    <Form method="post">
                      <input type="hidden" name="sessionId" value={call.id} />
                      <button className="button" type="submit">
                        応答する / Answer
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </main>
    </>
  );
}
