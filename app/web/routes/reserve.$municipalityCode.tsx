/**
 * `/reserve/<municipality code>`: residents book a time (issue 17, decision 0034). Phone-first,
 * six languages (`?lang=`), no login, no personal data: procedure, language, site, day, time →
 * code + QR code (the code only) + .ics. Cancel or move with the code (`?reservation=`). Works
 * without JavaScript (plain GET and POST forms); with it, the altcha widget solves the
 * proof-of-work before a booking or a move is sent. `?site=<site key>` preselects a site.
 */
import { type Language, languages, type Procedure } from '@madoguchi/db/vocabulary';
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, redirect } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import QRCode from 'qrcode';
import { useCallback, useEffect, useState } from 'react';
import { localDate, localDateTime } from '../../domain/japan-time';
import { formatCode, parseCode } from '../../domain/reservations/code';
import { dayToShow } from '../../domain/reservations/day-choice';
import { Problem } from '../../server/platform/problems';
import { MAX_DAYS_PER_LIST } from '../../server/reservations/reservations.server';
import { isPublicLanguage, languageNames, procedureNames, publicLanguageOf } from '../public-language';
import { stateNames, text } from '../reserve/strings';

const hhmm = (iso: string) => localDateTime(Date.parse(iso), 'minute').slice(11);
const jstDate = (iso: string) => localDate(new Date(iso));
const today = () => localDate(new Date());

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${text[data.lang].title} — ${data.municipality.name}` : 'Reservation' },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const lang = publicLanguageOf(url.searchParams.get('lang'), request.headers.get('accept-language'));
  const service = context.app.reservations;
  try {
    await service.admit(context.clientAddress, 'request');
  } catch (error) {
    if (!Problem.is(error)) throw error;
    // Over the address budget: the refusal in Japanese or English (the page's other five speak
    // English), with when to come back.
    const retry = (error as { retryAfterSeconds?: number }).retryAfterSeconds;
    throw new Response(lang === 'ja' ? error.messages.ja : error.messages.en, {
      status: error.status,
      headers: { 'Content-Type': 'text/plain; charset=utf-8', ...(retry ? { 'Retry-After': String(retry) } : {}) },
    });
  }
  const code = params.municipalityCode ?? '';
  if (!/^\d{6}$/.test(code)) throw new Response('Not found', { status: 404 });
  const town = await service.municipalityByCode(code).catch(() => null);
  if (!town) throw new Response('Not found', { status: 404 });

  const reservationCode = url.searchParams.get('reservation');
  let reservation = null as null | {
    code: string;
    procedure: Procedure;
    language: Language;
    slotStart: string;
    slotEnd: string;
    state: 'booked' | 'checked_in' | 'served' | 'no_show' | 'cancelled';
    siteName: string;
    opensAt: string;
    closesAt: string;
    qr: string;
  };
  let notFound = false;
  if (reservationCode) {
    const row = parseCode(reservationCode) ? await service.byCode(reservationCode) : null;
    if (row && row.municipalityId === town.id) {
      const window = await service.checkInWindowOf(row);
      const site = (await service.sitesOfTown(town.id)).find((s) => s.key === row.siteKey);
      reservation = {
        code: formatCode(row.code),
        procedure: row.procedure,
        language: row.language,
        slotStart: row.slotStart.toISOString(),
        slotEnd: row.slotEnd.toISOString(),
        state: row.state,
        siteName: site?.name ?? '',
        opensAt: window.opensAt.toISOString(),
        closesAt: window.closesAt.toISOString(),
        // The QR code holds the code only.
        qr: await QRCode.toString(formatCode(row.code), { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }),
      };
    } else notFound = true;
  }

  const procedure = (town.procedures as string[]).includes(url.searchParams.get('procedure') ?? '')
    ? (url.searchParams.get('procedure') as Procedure)
    : (town.procedures[0] ?? 'renewal');
  const requestedLanguage = url.searchParams.get('language');
  const callLanguage = isPublicLanguage(requestedLanguage) ? requestedLanguage : lang;
  // One reading of the date for the whole list (two could fall either side of midnight).
  const from = today();
  const listed = await service.slots(town.id, { from, days: MAX_DAYS_PER_LIST });
  const requestedSite = url.searchParams.get('site');
  const site = listed.sites.find((s) => s.key === requestedSite) ?? listed.sites[0] ?? null;
  const days = site?.days.map((d) => ({ date: d.date, free: d.slots.some((s) => s.remaining > 0) })) ?? [];
  const day =
    dayToShow(days, { requested: url.searchParams.get('day'), reservationDay: reservation ? jstDate(reservation.slotStart) : null }) ??
    from;
  const slots =
    site?.days
      .find((d) => d.date === day)
      ?.slots.filter((s) => s.remaining > 0)
      .map((s) => ({ start: s.start.toISOString(), remaining: s.remaining })) ?? [];
  return {
    lang,
    municipality: { code: town.code, name: town.name, procedures: town.procedures },
    sites: listed.sites.map((s) => ({ key: s.key, name: s.name })),
    choice: { procedure, language: callLanguage, site: site?.key ?? '', day },
    days,
    slots,
    reservation,
    notFound,
    cancelled: url.searchParams.get('done') === 'cancelled',
    powRequired: service.proofOfWork.maxNumber > 0,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const service = context.app.reservations;
  const form = await request.formData();
  const field = (name: string) => String(form.get(name) ?? '').slice(0, 100);
  const lang = publicLanguageOf(field('lang'), request.headers.get('accept-language'));
  const back = (query: Record<string, string>) =>
    redirect(`/reserve/${params.municipalityCode}?${new URLSearchParams({ lang, ...query }).toString()}`);
  try {
    await service.admit(context.clientAddress, 'request');
    const intent = field('intent');
    if (intent === 'cancel') {
      const row = await service.cancelByCode(field('code'));
      return back({ reservation: row.code, done: 'cancelled' });
    }
    await service.proofOfWork.verify(String(form.get('altcha') ?? '') || undefined, Date.now());
    await service.admit(context.clientAddress, 'booking');
    const slotStart = new Date(field('slot'));
    if (Number.isNaN(slotStart.getTime())) return { error: 'error' as const };
    if (intent === 'move') {
      const row = await service.moveByCode(field('code'), { siteKey: field('site'), slotStart });
      return back({ reservation: row.code });
    }
    const row = await service.bookAsResident(params.municipalityCode ?? '', {
      siteKey: field('site'),
      slotStart,
      procedure: field('procedure') as Procedure,
      language: field('language') as Language,
    });
    return back({ reservation: row.code });
  } catch (error) {
    if (Problem.is(error)) return { error: error.code === 'slot_full' ? ('full' as const) : ('error' as const), code: error.code };
    throw error;
  }
}

/**
 * The proof-of-work (decision 0034): altcha-lib's v1 challenge solved in the browser (Web Crypto)
 * while the resident picks a time; its payload goes in the hidden `altcha` field. The altcha
 * widget 3 speaks altcha-lib's v2 protocol, so the page solves the v1 challenge itself. A solution
 * is accepted once, so the page mounts this afresh (a new `key`) for each submission: a move after
 * a booking, or a second try after a full slot, solves a new challenge.
 */
function ProofOfWork({ required, onReady }: { required: boolean; onReady: (ready: boolean) => void }) {
  const [payload, setPayload] = useState('');
  useEffect(() => {
    if (!required) return;
    let stopped = false;
    const controller = new AbortController();
    void (async () => {
      const challenge = (await (await fetch('/api/v1/public/reservation-challenge', { signal: controller.signal })).json()) as {
        algorithm: string;
        challenge: string;
        maxnumber?: number;
        salt: string;
        signature: string;
      };
      const { solveChallenge } = await import('altcha-lib/v1');
      if (stopped) return;
      const solving = solveChallenge(challenge.challenge, challenge.salt, challenge.algorithm, challenge.maxnumber);
      controller.signal.addEventListener('abort', () => solving.controller.abort());
      const solution = await solving.promise;
      // An unmounted solver (its payload sent or replaced) must not enable the button.
      if (!solution || stopped) return;
      const { algorithm, challenge: c, salt, signature } = challenge;
      setPayload(btoa(JSON.stringify({ algorithm, challenge: c, number: solution.number, salt, signature })));
      onReady(true);
    })().catch(() => {});
    return () => {
      stopped = true;
      controller.abort();
    };
  }, [required, onReady]);
  return required ? <input type="hidden" name="altcha" value={payload} /> : null;
}

export default function Reserve() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = text[data.lang];
  const { choice } = data;
  const self = `/reserve/${data.municipality.code}`;
  const r = data.reservation;
  const [powReady, setPowReady] = useState(false);
  const onReady = useCallback((ready: boolean) => setPowReady(ready), []);
  // Each submission spends the solution: the button waits for a new one (no double sending either).
  const [powRound, setPowRound] = useState(0);
  const spendProofOfWork = useCallback(() => {
    setPowReady(false);
    setPowRound((round) => round + 1);
  }, []);
  return (
    <main lang={data.lang} className="reserve">
      <h1>
        {t.title} — {data.municipality.name}
      </h1>
      <nav aria-label={t.pageLanguage}>
        <ul className="reserve-languages">
          {languages.map((l) => (
            <li key={l}>
              <a href={`${self}?lang=${encodeURIComponent(l)}`} lang={l} aria-current={l === data.lang ? 'page' : undefined}>
                {languageNames[l]}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {result && 'error' in result ? (
        <p role="alert" className="reserve-error">
          {t[result.error]}
        </p>
      ) : null}

      {r ? (
        <section aria-labelledby="reservation-heading">
          <h2 id="reservation-heading">
            {data.cancelled ? t.cancelled : r.state === 'booked' ? t.booked : stateNames[data.lang][r.state]}
          </h2>
          <p>
            {t.yourCode}: <strong data-testid="reservation-code">{r.code}</strong>
          </p>
          {r.state === 'booked' ? (
            <>
              {/* biome-ignore lint/security/noDangerouslySetInnerHtml: the SVG is made here by the qrcode package from the code alone */}
              <div className="reserve-qr" role="img" aria-label={`QR ${r.code}`} dangerouslySetInnerHTML={{ __html: r.qr }} />
              <p>{t.showAtBooth}</p>
            </>
          ) : null}
          <dl>
            <dt>{t.state}</dt>
            <dd data-testid="reservation-state">{stateNames[data.lang][r.state]}</dd>
            <dt>{t.procedure}</dt>
            <dd>{procedureNames[data.lang][r.procedure]}</dd>
            <dt>{t.callLanguage}</dt>
            <dd>{languageNames[r.language]}</dd>
            <dt>{t.site}</dt>
            <dd>{r.siteName}</dd>
            <dt>{t.time}</dt>
            <dd data-testid="reservation-time">
              {jstDate(r.slotStart)} {hhmm(r.slotStart)}–{hhmm(r.slotEnd)}
            </dd>
            <dt>{t.window}</dt>
            <dd>
              {hhmm(r.opensAt)}–{hhmm(r.closesAt)}
            </dd>
          </dl>
          {r.state === 'booked' ? (
            <>
              <p>
                <a href={`/api/v1/public/reservations/${r.code}/calendar.ics`} download>
                  {t.ics}
                </a>
              </p>
              <Form method="post">
                <input type="hidden" name="lang" value={data.lang} />
                <input type="hidden" name="intent" value="cancel" />
                <input type="hidden" name="code" value={r.code} />
                <button type="submit">{t.cancel}</button>
              </Form>
            </>
          ) : null}
        </section>
      ) : null}
      {data.notFound ? <p role="alert">{t.notFound}</p> : null}

      <section aria-labelledby="choose-heading">
        <h2 id="choose-heading">{r?.state === 'booked' ? t.move : t.book}</h2>
        {/* Keyed by the choice the page loaded with: its selects are uncontrolled, so a new choice
            (after "Show free times", a booking or a move) mounts them afresh instead of leaving the
            previous selection on screen. */}
        <Form
          method="get"
          className="reserve-form"
          key={[choice.procedure, choice.language, choice.site, choice.day, r?.code ?? ''].join('|')}
        >
          <input type="hidden" name="lang" value={data.lang} />
          {r ? <input type="hidden" name="reservation" value={r.code} /> : null}
          <label>
            {t.procedure}
            <select name="procedure" defaultValue={choice.procedure}>
              {data.municipality.procedures.map((p) => (
                <option key={p} value={p}>
                  {procedureNames[data.lang][p]}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t.callLanguage}
            <select name="language" defaultValue={choice.language}>
              {languages.map((l) => (
                <option key={l} value={l} lang={l}>
                  {languageNames[l]}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t.site}
            <select name="site" defaultValue={choice.site}>
              {data.sites.map((s) => (
                <option key={s.key} value={s.key}>
                  {s.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t.day}
            <select name="day" defaultValue={choice.day}>
              {data.days.map((d) => (
                // The day shown stays selectable even when full: a disabled selection would be left
                // out of the form, and the next "Show free times" would fall back to another day.
                <option key={d.date} value={d.date} disabled={!d.free && d.date !== choice.day}>
                  {d.date}
                </option>
              ))}
            </select>
          </label>
          <button type="submit">{t.showTimes}</button>
        </Form>

        {data.slots.length === 0 ? (
          <p>{t.noTimes}</p>
        ) : (
          <Form method="post" className="reserve-form" onSubmit={spendProofOfWork}>
            <input type="hidden" name="lang" value={data.lang} />
            <input type="hidden" name="intent" value={r?.state === 'booked' ? 'move' : 'book'} />
            {r ? <input type="hidden" name="code" value={r.code} /> : null}
            <input type="hidden" name="procedure" value={choice.procedure} />
            <input type="hidden" name="language" value={choice.language} />
            <input type="hidden" name="site" value={choice.site} />
            <fieldset>
              <legend>
                {t.time} ({choice.day})
              </legend>
              <div className="reserve-times">
                {data.slots.map((s, i) => (
                  <label key={s.start}>
                    <input type="radio" name="slot" value={s.start} defaultChecked={i === 0} required />
                    {hhmm(s.start)}{' '}
                    <small>
                      ({t.placesLeft} {s.remaining})
                    </small>
                  </label>
                ))}
              </div>
            </fieldset>
            <ProofOfWork key={powRound} required={data.powRequired} onReady={onReady} />
            <button type="submit" disabled={data.powRequired && !powReady} data-testid="reserve-submit">
              {r?.state === 'booked' ? t.moveTo : t.book}
            </button>
          </Form>
        )}
      </section>

      <section aria-labelledby="code-heading">
        <h2 id="code-heading">{t.haveCode}</h2>
        <Form method="get" className="reserve-form">
          <input type="hidden" name="lang" value={data.lang} />
          <label>
            {t.yourCode}
            <input name="reservation" autoComplete="off" autoCapitalize="characters" inputMode="text" maxLength={12} required />
          </label>
          <button type="submit">{t.lookUp}</button>
        </Form>
      </section>
    </main>
  );
}
