import { Text } from '../i18n/Text';
import type { Problem } from '../journey/machine';
import { AlertDialog, Frame, StartOverButton, TitleAndLead } from './Frame';

/** Between "agree" and the session: a moment while the API opens it. */
export function RequestingScreen({ municipality }: { municipality: string }) {
  return (
    <Frame testid="requesting-screen" municipality={municipality}>
      <div className="spinner" aria-hidden="true" />
      <h1 aria-live="polite">
        <Text k="requesting.title" />
      </h1>
    </Frame>
  );
}

/** The reservation code is with the API (check-in). */
export function CheckingScreen({ municipality }: { municipality: string }) {
  return (
    <Frame testid="checking-screen" municipality={municipality}>
      <div className="spinner" aria-hidden="true" />
      <h1 aria-live="polite">
        <Text k="checking.title" />
      </h1>
    </Frame>
  );
}

/** After a call: a short thank-you, then the start screen by itself. */
export function ThanksScreen({ municipality }: { municipality: string }) {
  return (
    <Frame testid="thanks-screen" municipality={municipality}>
      <TitleAndLead title="thanks.title" lead="thanks.body" />
    </Frame>
  );
}

/** Something went wrong: say so plainly, offer the start, and go there by itself. */
export function ProblemScreen({
  municipality,
  problem,
  secondsLeft,
  onDone,
}: {
  municipality: string;
  problem: Problem;
  secondsLeft: number;
  onDone: () => void;
}) {
  return (
    <Frame testid="problem-screen" municipality={municipality}>
      {/* Announced as it appears; the title stays a heading (an h1 with role=alert is none). */}
      <div role="alert" className="problem-text">
        <TitleAndLead title={`problem.${problem}.title`} lead={`problem.${problem}.body`} />
      </div>
      <StartOverButton onClick={onDone} />
      <p className="countdown">
        <Text k="common.secondsToStart" values={{ seconds: secondsLeft }} />
      </p>
    </Frame>
  );
}

/** Before the booth can serve anyone: not provisioned, or still loading (unreachable: UnavailableScreen). */
export function DeviceScreen({ kind }: { kind: 'notProvisioned' | 'loading' }) {
  return (
    <main className="screen" data-testid="device-screen">
      <div className="content">
        {kind === 'loading' ? (
          <div className="spinner" aria-hidden="true" />
        ) : (
          <>
            <TitleAndLead title={`device.${kind}.title`} lead={`device.${kind}.body`} />
            <p className="lead" lang="en">
              <Text k={`device.${kind}.title`} lng="en" /> — <Text k={`device.${kind}.body`} lng="en" />
            </p>
          </>
        )}
      </div>
    </main>
  );
}

/** The idle warning: a countdown and one big "continue" button over the current screen. */
export function IdleWarning({ secondsLeft, onContinue }: { secondsLeft: number; onContinue: () => void }) {
  return (
    <AlertDialog testid="idle-warning" title="idle.title">
      <p className="countdown-big">
        <Text k="common.secondsToStart" values={{ seconds: secondsLeft }} />
      </p>
      <button type="button" className="big" onClick={onContinue}>
        <Text k="idle.continue" />
      </button>
    </AlertDialog>
  );
}
