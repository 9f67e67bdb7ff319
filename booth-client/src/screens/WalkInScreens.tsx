import { formatCheckInDate } from '../i18n/format';
import { Text } from '../i18n/Text';
import type { BoothBooking, OfferedSlot } from '../journey/machine';
import type { Language } from '../journey/vocabulary';
import { BackButton, Frame, StartOverCountdown } from './Frame';

/** A moment while the API says whether a reservation is due now, or books the slot tapped. */
export function WalkInWaitScreen({ municipality, booking }: { municipality: string; booking: boolean }) {
  return (
    <Frame testid="walk-in-wait-screen" municipality={municipality}>
      <div className="spinner" aria-hidden="true" />
      <h1 aria-live="polite">
        <Text k={booking ? 'walkIn.booking' : 'walkIn.checking'} />
      </h1>
    </Frame>
  );
}

/** A slot's day and time as the resident reads it: today's time alone, another day with its date. */
function When({ comeAt, language }: { comeAt: OfferedSlot['comeAt']; language: Language }) {
  return comeAt.date ? (
    <Text k="walkIn.slotOn" values={{ date: formatCheckInDate(comeAt.date, language), time: comeAt.time }} />
  ) : (
    <Text k="walkIn.slotToday" values={{ time: comeAt.time }} />
  );
}

/**
 * 原則予約制: service is by reservation; the next free slots at this site as large touch buttons
 * (no keyboard, nothing about the resident asked). None free: say so, and where to book.
 */
export function WalkInSlotsScreen({
  municipality,
  language,
  slots,
  taken,
  onBook,
  onBack,
}: {
  municipality: string;
  language: Language;
  slots: readonly OfferedSlot[];
  taken: boolean;
  onBook: (slotStart: string) => void;
  onBack: () => void;
}) {
  return (
    <Frame testid="walk-in-slots-screen" municipality={municipality} footer={<BackButton onClick={onBack} />}>
      <h1>
        <Text k="walkIn.title" />
      </h1>
      <p className="lead">
        <Text k="walkIn.body" />
      </p>
      {taken ? (
        <p className="notice" role="status">
          <Text k="walkIn.taken" />
        </p>
      ) : null}
      {slots.length > 0 ? (
        <>
          <p className="lead">
            <Text k="walkIn.choose" />
          </p>
          <div className="choices walk-in-slots">
            {slots.map((slot) => (
              <button key={slot.start} type="button" className="big choice" data-slot={slot.start} onClick={() => onBook(slot.start)}>
                <When comeAt={slot.comeAt} language={language} />
              </button>
            ))}
          </div>
        </>
      ) : (
        <p className="notice" role="status">
          <Text k="walkIn.none" />
        </p>
      )}
    </Frame>
  );
}

/** Booked: the code large and as a QR code to note or photograph, and when to come back. */
export function WalkInBookedScreen({
  municipality,
  language,
  booking,
  secondsLeft,
  onDone,
}: {
  municipality: string;
  language: Language;
  booking: BoothBooking;
  secondsLeft: number;
  onDone: () => void;
}) {
  return (
    <Frame testid="walk-in-booked-screen" municipality={municipality}>
      <h1>
        <Text k="walkIn.booked" />
      </h1>
      <p className="lead">
        <Text k="walkIn.keepCode" />
      </p>
      <output className="code-display booked-code" data-testid="booked-code">
        {booking.code}
      </output>
      {/* biome-ignore lint/security/noDangerouslySetInnerHtml: the SVG is made by the API's qrcode package from the code alone */}
      <div className="booked-qr" role="img" aria-label={`QR ${booking.code}`} dangerouslySetInnerHTML={{ __html: booking.qr }} />
      <p className="lead" data-testid="come-back">
        <Text k="walkIn.comeBack" /> <When comeAt={booking.comeAt} language={language} />
      </p>
      <StartOverCountdown onDone={onDone} secondsLeft={secondsLeft} />
    </Frame>
  );
}
