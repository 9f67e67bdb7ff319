import { useCallback, useState } from 'react';
import { useQrReader } from '../checkin/useQrReader';
import { formatCheckInDate } from '../i18n/format';
import { Text, useT } from '../i18n/Text';
import type { CheckInRefusal, ComeAt } from '../journey/machine';
import { displayCode, RESERVATION_CODE_ALPHABET, RESERVATION_CODE_LENGTH, typeKey } from '../journey/reservation-code';
import { type Language, languages } from '../journey/vocabulary';
import { BackButton, Frame, StartOverCountdown } from './Frame';

/**
 * "I have a reservation": the camera reads the QR code, or the resident types the code on a large
 * keypad (only the code's alphabet, the hyphen shown after four characters). The texts follow the
 * language row on top; the reservation's own language takes over once it is checked in.
 */
export function CheckInScreen({
  municipality,
  language,
  onLanguage,
  onCode,
  onBack,
}: {
  municipality: string;
  language: Language;
  onLanguage: (language: Language) => void;
  onCode: (code: string) => void;
  onBack: () => void;
}) {
  const t = useT();
  const [typed, setTyped] = useState('');
  const scanned = useCallback((code: string) => onCode(code), [onCode]);
  const { video, camera } = useQrReader(scanned);
  const complete = typed.length === RESERVATION_CODE_LENGTH;

  return (
    <Frame testid="check-in-screen" municipality={municipality} className="check-in" footer={<BackButton onClick={onBack} />}>
      <h1>
        <Text k="checkIn.title" />
      </h1>
      <nav className="check-in-languages" aria-label={t('checkIn.language')}>
        {languages.map((l) => (
          <button
            key={l}
            type="button"
            className={`big secondary small-choice${l === language ? ' current' : ''}`}
            lang={l}
            aria-pressed={l === language}
            onClick={() => onLanguage(l)}
          >
            <Text k="meta.name" lng={l} />
          </button>
        ))}
      </nav>
      <div className="check-in-body">
        <section className="check-in-camera">
          <p className="lead">
            <Text k="checkIn.scan" />
          </p>
          {camera === 'off' ? (
            <p className="notice" role="status">
              <Text k="checkIn.cameraOff" />
            </p>
          ) : (
            <video ref={video} className="qr-preview" muted playsInline aria-label={t('checkIn.camera')} data-testid="qr-preview" />
          )}
        </section>
        <section className="check-in-keypad">
          <p className="lead">
            <Text k="checkIn.type" />
          </p>
          <output className="code-display" aria-label={t('checkIn.code')} data-testid="code-display" aria-live="polite">
            {displayCode(typed) || '\u00a0'}
          </output>
          <div className="keypad">
            {[...RESERVATION_CODE_ALPHABET].map((key) => (
              <button key={key} type="button" className="big key" disabled={complete} onClick={() => setTyped((v) => typeKey(v, key))}>
                {key}
              </button>
            ))}
            <button
              type="button"
              className="big secondary key delete"
              aria-label={t('checkIn.delete')}
              disabled={typed.length === 0}
              onClick={() => setTyped((v) => v.slice(0, -1))}
            >
              ⌫
            </button>
            <button type="button" className="big key ok" disabled={!complete} onClick={() => onCode(typed)}>
              <Text k="checkIn.ok" />
            </button>
          </div>
        </section>
      </div>
    </Frame>
  );
}

/** Why the code did not check in, and for `early` when to come; "try again" where retyping can help. */
export function CheckInRefusedScreen({
  municipality,
  language,
  reason,
  comeAt,
  secondsLeft,
  onRetry,
  onDone,
}: {
  municipality: string;
  language: Language;
  reason: CheckInRefusal;
  comeAt: ComeAt;
  secondsLeft: number;
  onRetry: () => void;
  onDone: () => void;
}) {
  const retry = reason === 'mistyped' || reason === 'unknown';
  return (
    <Frame testid="check-in-refused-screen" municipality={municipality}>
      <div role="alert" className="problem-text">
        <h1>
          <Text k="checkInRefused.title" />
        </h1>
        <p className="lead" data-reason={reason}>
          {reason === 'early' && comeAt ? (
            comeAt.date ? (
              <Text k="checkInRefused.earlyOn" values={{ date: formatCheckInDate(comeAt.date, language), time: comeAt.time }} />
            ) : (
              <Text k="checkInRefused.early" values={{ time: comeAt.time }} />
            )
          ) : (
            <Text k={`checkInRefused.${reason}`} />
          )}
        </p>
      </div>
      {retry ? (
        <button type="button" className="big" onClick={onRetry}>
          <Text k="checkInRefused.retry" />
        </button>
      ) : null}
      <StartOverCountdown onDone={onDone} secondsLeft={secondsLeft} />
    </Frame>
  );
}
