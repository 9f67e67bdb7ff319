import lkStyles from '@livekit/components-styles?url';
import { procedureLabels } from '@madoguchi/db/vocabulary';
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData, useNavigate } from '@remix-run/react';
import { useEffect, useState } from 'react';
import { z } from 'zod';
import { supervisionActions } from '../../domain/supervision';
import { Problem } from '../../server/platform/problems';
import { AccountBar } from '../components/account-bar';
import SupervisorCall from '../components/supervisor-call.client';
import { useT } from '../i18n/i18n';
import { translatorFor } from '../i18n/language.server';
import { pageTitle } from '../i18n/meta';
import { requireUserWithPermission } from '../utils/permissions.server';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'supervise.title');
export const links = () => [{ rel: 'stylesheet', href: lkStyles }];

const Params = z.object({ sessionId: z.uuid() });
const Start = z.enum(supervisionActions.filter((a) => a === 'listen' || a === 'coach' || a === 'join'));

/** A supervisor in someone else's call (issue 18): `?start=listen` from the live overview. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { account } = await requireUserWithPermission(request, context, 'write:supervision');
  const parsed = Params.safeParse(params);
  if (!parsed.success) throw new Response('Not found', { status: 404 });
  const { language: ui, t } = await translatorFor(request);
  const sessionId = parsed.data.sessionId;
  try {
    const call = await context.app.supervision.view(account, sessionId);
    const start = Start.safeParse(new URL(request.url).searchParams.get('start'));
    return {
      displayName: account.displayName,
      sessionId,
      live: call.status === 'active',
      allowed: call.listenInAllowed,
      operatorName: call.operatorName,
      where: `${call.municipalityName} · ${call.boothName}`,
      procedure: call.procedure ? procedureLabels[call.procedure][ui] : '—',
      language: call.language ?? 'ja',
      start: start.success ? start.data : null,
    };
  } catch (error) {
    if (error instanceof Problem) throw new Response(t('errors.notFound'), { status: error.status });
    throw error;
  }
}

export default function Supervise() {
  const { displayName, sessionId, live, allowed, operatorName, where, procedure, language, start } = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  const { t } = useT();
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  return (
    <>
      <AccountBar title={t('supervise.title')} displayName={displayName} />
      <main className="page wide">
        <h1>{t('supervise.title')}</h1>
        <p>
          {where} · {procedure} · {language} · {t('supervise.operator', { name: operatorName ?? '—' })}
        </p>
        <p>
          <Link to="/console/overview">{t('supervise.back')}</Link>
        </p>
        {!allowed ? (
          <p className="card" role="alert" data-testid="supervision-not-allowed">
            {t('supervise.notAllowed')}
          </p>
        ) : !live ? (
          <p className="card" role="status" data-testid="call-ended">
            {t('call.ended')}
          </p>
        ) : mounted ? (
          <SupervisorCall
            sessionId={sessionId}
            start={start}
            onTakenOver={() => navigate(`/console/sessions/${sessionId}`)}
            onLeft={() => navigate('/console/overview')}
          />
        ) : (
          <p className="muted">{t('call.connecting')}</p>
        )}
      </main>
    </>
  );
}
