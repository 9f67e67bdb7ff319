import { Text } from '../i18n/Text';
import { languages } from '../journey/vocabulary';
import { Frame } from './Frame';
import { PopupSite } from './PopupSite';

/** The screen nobody is using: the town's name and one big start button, inviting in every language. */
export function AttractScreen({
  municipality,
  popup,
  onStart,
  onReservation,
  reservationOnly = false,
}: {
  municipality: string;
  popup?: Parameters<typeof PopupSite>[0]['popup'];
  onStart: () => void;
  /** "予約のある方 / I have a reservation" (issue 17). */
  onReservation: () => void;
  /** The town works by reservation: said here, in Japanese and English (walk-ins are still called in, after reservations). */
  reservationOnly?: boolean;
}) {
  return (
    <Frame testid="attract-screen" className="attract">
      <h1 className="municipality-name">{municipality}</h1>
      <PopupSite popup={popup} />
      <p className="lead">
        <Text k="attract.title" />
      </p>
      <button type="button" className="big start" onClick={onStart}>
        <Text k="attract.start" />
      </button>
      {reservationOnly ? (
        <p className="notice" data-testid="reservation-only">
          <Text k="attract.reservationOnly" />
          <br />
          <Text k="attract.reservationOnly" lng="en" />
        </p>
      ) : null}
      <button type="button" className="big secondary reservation" onClick={onReservation} data-testid="have-reservation">
        <Text k="attract.reservation" />
        {' / '}
        <Text k="attract.reservation" lng="en" />
      </button>
      <ul className="invites" aria-hidden="true">
        {languages
          .filter((l) => l !== 'ja')
          .map((l) => (
            <li key={l}>
              <Text k="attract.invite" lng={l} />
            </li>
          ))}
      </ul>
    </Frame>
  );
}
