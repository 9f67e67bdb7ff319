import type { MetaFunction } from '@remix-run/node';
import { ReservationsPage } from '../components/reservations-page';
import { pageTitle } from '../i18n/meta';

export { reservationsAction as action, reservationsLoader as loader } from '../components/reservations-data.server';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'reservationsPage.title');

/** Booking for a resident on the phone (issue 17): components/reservations-page.tsx. */
export default ReservationsPage;
