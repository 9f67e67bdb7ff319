import { getFormProps } from '@conform-to/react';
import { boothKinds } from '@madoguchi/db/vocabulary';
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { NewBooth } from '../../api/booths/booths.routes';
import { freeText } from '../../domain/free-text';
import { reaches, reachOf } from '../../domain/permissions';
import { calendarOf, openingState } from '../../server/booths/booths.server';
import { CredentialOnce } from '../components/admin-credential';
import { AdminErrorBoundary, AdminLayout } from '../components/admin-layout';
import {
  type FieldMessages,
  FormFooter,
  issuesAt,
  labelOf,
  Pager,
  parseForm,
  SelectField,
  TextField,
  textValue,
  useSchemaForm,
} from '../components/forms';
import { RecordsTable } from '../components/records-table';
import { adminFrame, formatJst, pageRequest, pageWithMunicipalities, vocabularyFor } from '../components/route-data.server';
import { type Translate, useT } from '../i18n/i18n';
import { translatorFor } from '../i18n/language.server';
import { titleWithin } from '../i18n/meta';
import { formProblem, requireUserWithPermission } from '../utils/permissions.server';

export const meta: MetaFunction = ({ matches }) => titleWithin(matches, 'nav.administration', 'nav.booths');

export async function loader(args: LoaderFunctionArgs) {
  const { request, context } = args;
  const { account, language } = await pageRequest(args, 'read:booth');
  const vocabulary = vocabularyFor(language);
  const { page, items, nextCursor, municipalities, names } = await pageWithMunicipalities(request, context, account, (page) =>
    context.app.booths.list(account, page),
  );
  const provisionReach = reachOf(account, 'provision:booth');
  const now = new Date();
  return {
    ...adminFrame(account),
    isFirst: !page.cursor,
    nextCursor,
    booths: items.map((b) => {
      const opening = openingState(calendarOf(b), now);
      return {
        id: b.id,
        name: b.name,
        municipality: names.get(b.municipalityId) ?? b.municipalityId,
        kind: labelOf(vocabulary.boothKinds, b.kind),
        location: b.location,
        enabled: b.enabled,
        hasCredential: b.credentialHash !== null,
        open: opening.open,
        until: formatJst(opening.currentUntil),
        next: formatJst(opening.nextOpening),
      };
    }),
    // The provision form only for roles that may provision, listing only towns within their reach.
    provision: provisionReach
      ? {
          municipalities: municipalities
            .filter((m) => reaches(provisionReach, m.id))
            .map((m) => ({ value: m.id, label: `${m.name}（${m.code}）` })),
          kinds: vocabulary.boothKinds,
        }
      : null,
  };
}

const messagesOf = (t: Translate): FieldMessages => ({
  '': t('forms.checkInput'),
  municipalityId: t('newBooth.municipalityMessage'),
  name: t('adminBooth.nameMessage'),
  kind: t('adminBooth.kindMessage'),
  location: t('adminBooth.locationMessage'),
});

/** The provision form; its free text is checked by the same rule as the API's (decision 0017). */
export const NewBoothForm = z.object({
  municipalityId: z.uuid(),
  name: freeText('booth.name'),
  kind: z.enum(boothKinds),
  location: freeText('booth.location', { allowEmpty: true }).default(''),
});

export async function action({ request, context }: ActionFunctionArgs) {
  const { account } = await requireUserWithPermission(request, context, 'provision:booth');
  const messages = messagesOf((await translatorFor(request)).t);
  const submission = parseForm(await request.formData(), NewBoothForm, messages);
  if (submission.status !== 'success') return data({ result: submission.reply(), error: null, provisioned: null }, 400);
  const parsed = NewBooth.safeParse(submission.value);
  if (!parsed.success) {
    const fieldErrors = issuesAt(parsed.error.issues, messages);
    return data({ result: submission.reply({ fieldErrors }), error: null, provisioned: null }, 400);
  }
  const result = await formProblem(() => context.app.booths.provision(account, parsed.data, context.requestId));
  if (!result.ok) return data({ result: submission.reply(), error: result.error, provisioned: null }, result.status);
  const { booth, credential } = result.value;
  const origin = context.app.env.PUBLIC_ORIGIN ?? new URL(request.url).origin;
  return data(
    {
      result: submission.reply({ resetForm: true }),
      error: null,
      provisioned: { boothId: booth.id, boothName: booth.name, credential, link: `${origin}/booth/?provision=${credential}` },
    },
    // The credential is in this response only: no caching anywhere.
    { headers: { 'Cache-Control': 'no-store' } },
  );
}

export default function Booths() {
  const { displayName, nav, booths, nextCursor, isFirst, provision } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const provisioned = actionData?.provisioned;
  const { t } = useT();
  const messages = messagesOf(t);
  const { form, errors, sent } = useSchemaForm(NewBoothForm, messages, {
    id: 'new-booth',
    lastResult: actionData?.result,
  });
  return (
    <AdminLayout displayName={displayName} nav={nav} title={t('nav.booths')}>
      {provisioned ? (
        <>
          <CredentialOnce boothName={provisioned.boothName} credential={provisioned.credential} link={provisioned.link} />
          <p>
            <Link to={`/admin/booths/${provisioned.boothId}`} data-testid="provisioned-booth">
              {t('adminLists.setOpeningHours', { booth: provisioned.boothName })}
            </Link>
          </p>
        </>
      ) : null}

      <RecordsTable
        testId="booths"
        rows={booths}
        rowProps={(b) => ({ 'data-booth-id': b.id })}
        empty={t('adminLists.noBooths')}
        columns={[
          { header: t('common.municipality'), cell: (b) => b.municipality },
          {
            header: t('common.booth'),
            cell: (b) => (
              <>
                <Link to={`/admin/booths/${b.id}`}>{b.name}</Link>
                {b.location ? <div className="muted">{b.location}</div> : null}
              </>
            ),
          },
          { header: t('adminLists.kind'), cell: (b) => b.kind },
          {
            header: t('adminLists.enabledColumn'),
            cell: (b) => (
              <>
                {b.enabled ? t('adminLists.enabled') : <strong>{t('adminLists.disabled')}</strong>}
                {!b.hasCredential ? <div className="muted">{t('adminLists.noCredential')}</div> : null}
              </>
            ),
          },
          {
            header: t('adminLists.now'),
            cell: (b) =>
              b.open ? (
                <>
                  <span className="admin-badge open">{t('adminLists.open')}</span>
                  {b.until ? <div className="muted">{t('adminLists.until', { time: b.until })}</div> : null}
                </>
              ) : (
                <>
                  <span className="admin-badge">{t('adminLists.closed')}</span>
                  <div className="muted">{b.next ? t('adminLists.next', { time: b.next }) : t('adminLists.noOpening')}</div>
                </>
              ),
          },
        ]}
      />
      <Pager nextCursor={nextCursor} isFirst={isFirst} />

      {provision ? (
        <section className="card admin-section" aria-labelledby="provision">
          <h2 id="provision">{t('adminLists.provision')}</h2>
          <p className="muted">{t('newBooth.intro')}</p>
          <Form method="post" {...getFormProps(form)} key={provisioned?.boothId ?? 'new'}>
            <SelectField
              name="municipalityId"
              label={t('common.municipality')}
              required
              options={provision.municipalities}
              placeholder={t('accountForm.choose')}
              defaultValue={textValue(sent.municipalityId)}
              errors={errors.municipalityId}
            />
            <TextField
              name="name"
              label={t('adminBooth.name')}
              hint={t('newBooth.nameHint')}
              required
              maxLength={100}
              defaultValue={textValue(sent.name)}
              errors={errors.name}
            />
            <SelectField
              name="kind"
              label={t('adminBooth.kind')}
              required
              options={provision.kinds}
              defaultValue={textValue(sent.kind) || 'town_hall'}
              errors={errors.kind}
            />
            <TextField
              name="location"
              label={t('newBooth.location')}
              maxLength={200}
              defaultValue={textValue(sent.location)}
              errors={errors.location}
            />
            <FormFooter error={actionData?.error} submitLabel={t('newBooth.provision')} />
          </Form>
        </section>
      ) : null}
    </AdminLayout>
  );
}

export const ErrorBoundary = AdminErrorBoundary;
