import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { popupsOf } from '../../server/popups/popups.server';
import { FilterForm, SelectField, TextField } from '../components/forms';
import { PopupList, YearPlanTable } from '../components/popup-tables';
import { popupPageData, yearParam } from '../components/popups-data.server';
import { allMunicipalities, pageRequest, unknownAction } from '../components/route-data.server';
import { useT } from '../i18n/i18n';
import { pageTitle } from '../i18n/meta';
import { formProblem } from '../utils/permissions.server';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'nav.popups');

/**
 * Town staff: their town's pop-up sites of a year, with "Agree" on the planned ones (the service
 * records who and when; another town's event is a 404), and the year plan. `?municipalityId`, `?year`.
 */
export async function loader(args: LoaderFunctionArgs) {
  const { account, t, language } = await pageRequest(args, 'read:popup');
  const { context, request } = args;
  const url = new URL(request.url);
  const municipalities = await allMunicipalities(context, account);
  const chosen = municipalities.find((m) => m.id === url.searchParams.get('municipalityId')) ?? municipalities[0];
  if (!chosen) throw new Response(t('popups.none'), { status: 404 });
  const page = await popupPageData(context, account, {
    municipalityId: chosen.id,
    municipalityName: chosen.name,
    year: yearParam(url),
    language,
    boothNames: new Map(),
  });
  return {
    municipalityId: chosen.id,
    municipalityCode: chosen.code,
    municipalities: municipalities.map((m) => ({ value: m.id, label: m.name })),
    ...page,
  };
}

export async function action(args: ActionFunctionArgs) {
  const { account, t } = await pageRequest(args, 'approve:popup');
  const form = await args.request.formData();
  if (form.get('intent') !== 'agree') throw unknownAction(t);
  const eventId = String(form.get('eventId') ?? '').slice(0, 40);
  const done = await formProblem(() => popupsOf(args.context.app).transition(account, eventId, 'agree', args.context.requestId));
  if (!done.ok) return data({ error: done.error, notice: null }, done.status);
  return data({ error: null, notice: t('popups.done') });
}

export default function StaffPopups() {
  const page = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const { t } = useT();
  return (
    <main className="page wide admin">
      <h1>{t('popups.staffTitle')}</h1>
      <p className="muted">{t('popups.staffIntro')}</p>
      <FilterForm label={t('popups.filterLabel')}>
        <SelectField
          name="municipalityId"
          label={t('popups.municipality')}
          options={page.municipalities}
          defaultValue={page.municipalityId}
        />
        <TextField name="year" label={t('popups.year')} defaultValue={String(page.year)} inputMode="numeric" maxLength={4} />
      </FilterForm>
      <p>
        <a href={`/popups/${page.municipalityCode}`}>{t('popups.publicPage')}</a>
      </p>
      {answer?.notice ? <p role="status">{answer.notice}</p> : null}
      {answer?.error ? <p role="alert">{answer.error}</p> : null}
      <PopupList
        rows={page.events}
        caption={t('popups.listCaption', { year: page.year })}
        actions={(row) =>
          row.state === 'planned' ? (
            <Form method="post">
              <input type="hidden" name="intent" value="agree" />
              <input type="hidden" name="eventId" value={row.id} />
              <button type="submit" className="button" data-testid="popup-agree">
                {t('popups.agree')}
              </button>
            </Form>
          ) : null
        }
      />
      <YearPlanTable plan={page.plan} municipality={page.municipalityName} />
    </main>
  );
}
