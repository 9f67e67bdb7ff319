import type { LoaderFunctionArgs } from '@remix-run/node';
import { eventIcs } from '../../domain/popups/ics';
import { popupsOf } from '../../server/popups/popups.server';
import { publicWords } from '../components/popup-public-texts';
import { procedureNames, publicLanguageOf } from '../public-language';

/** One public pop-up event as an iCalendar file (no login; agreed or held events of that town only). */
export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const code = String(params.code ?? '');
  const id = String(params.eventId ?? '');
  const language = publicLanguageOf(new URL(request.url).searchParams.get('lang'), request.headers.get('accept-language'));
  const found = /^\d{6}$/.test(code) && /^[0-9a-f-]{36}$/i.test(id) ? await popupsOf(context.app).publicEvent(code, id) : null;
  if (!found) throw new Response('Not found', { status: 404 });
  const { municipality, event } = found;
  const body = eventIcs({
    id: event.id,
    title: `${publicWords[language].title(municipality.name)}: ${event.siteName}`,
    location: event.siteName,
    description: event.procedures.map((p) => procedureNames[language][p]).join(', '),
    days: event.days,
    url: new URL(`/popups/${code}`, request.url).toString(),
  });
  return new Response(body, {
    headers: {
      'Content-Type': 'text/calendar; charset=utf-8',
      'Content-Disposition': `attachment; filename="popup-${event.firstDate}.ics"`,
      'Cache-Control': 'no-store',
    },
  });
}
