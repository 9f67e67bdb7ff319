import { languages } from '@madoguchi/db/vocabulary';
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { popupsOf } from '../../server/popups/popups.server';
import { publicDate, publicSiteKinds, publicWords } from '../components/popup-public-texts';
import { languageNames, procedureNames, publicLanguageOf } from '../public-language';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? 'Madoguchi' }];

/**
 * Residents' list of a town's upcoming pop-up sites (agreed or held, not over): date, hours, place,
 * procedures offered, an .ics per event and a link to book a slot (/reserve/<code>). No login; the
 * booth's six languages (`?lang=`, else the browser's, as on the reservation page: publicLanguageOf).
 * Nothing personal is shown or asked.
 */
export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const code = String(params.code ?? '');
  const language = publicLanguageOf(new URL(request.url).searchParams.get('lang'), request.headers.get('accept-language'));
  const listed = /^\d{6}$/.test(code) ? await popupsOf(context.app).upcoming(code) : null;
  if (!listed) throw new Response('Not found', { status: 404 });
  const words = publicWords[language];
  return {
    language,
    code,
    title: words.title(listed.municipality.name),
    events: listed.events.map((e) => ({
      id: e.id,
      siteName: e.siteName,
      kind: publicSiteKinds[language][e.siteKind],
      days: e.days.map((d) => ({
        date: d.date,
        label: publicDate(d.date, language),
        hours: d.ranges.map((r) => `${r.start}–${r.end}`).join(', '),
      })),
      procedures: e.procedures.map((p) => procedureNames[language][p]),
    })),
  };
}

export default function PublicPopups() {
  const { language, code, title, events } = useLoaderData<typeof loader>();
  const words = publicWords[language];
  // Every link names its language: without ?lang the browser's language would win again.
  const q = `?lang=${language}`;
  return (
    <main className="page public-popups" lang={language} data-testid="public-popups">
      <nav aria-label={words.languages}>
        <ul className="inline-list">
          {languages.map((l) => (
            <li key={l}>
              <a href={`/popups/${code}?lang=${l}`} lang={l} hrefLang={l} aria-current={l === language ? 'page' : undefined}>
                {languageNames[l]}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <h1>{title}</h1>
      <p>{words.intro}</p>
      {events.length === 0 ? <p>{words.none}</p> : null}
      {events.map((e) => (
        <article key={e.id} className="card" aria-labelledby={`site-${e.id}`} data-testid="public-popup">
          <h2 id={`site-${e.id}`}>{e.siteName}</h2>
          <p className="muted">{e.kind}</p>
          <h3>{words.dates}</h3>
          <ul>
            {e.days.map((d) => (
              <li key={d.date}>
                <time dateTime={d.date}>{d.label}</time> {d.hours}
              </li>
            ))}
          </ul>
          <h3>{words.procedures}</h3>
          <ul>
            {e.procedures.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
          <p>{words.bring}</p>
          <p>
            <a href={`/popups/${code}/ics/${e.id}${q}`} download>
              {words.calendar}
            </a>
            {' · '}
            <a href={`/reserve/${code}${q}`}>{words.book}</a>
          </p>
        </article>
      ))}
    </main>
  );
}
