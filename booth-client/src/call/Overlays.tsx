import { ReadAloudButton } from '../display/DisplayControls';
import { Text } from '../i18n/Text';
import type { GuidanceCardKey } from '../journey/vocabulary';

/** A card the operator put on screen, in the resident's language, until closed or replaced. */
export function GuidanceCard({ card, onClose }: { card: GuidanceCardKey; onClose: () => void }) {
  return (
    <div className="overlay guidance" role="dialog" aria-modal="false" aria-labelledby="guidance-title">
      <div className="dialog card" data-testid="guidance-card" data-card={card}>
        <p className="from">
          <Text k="guidance.from" />
        </p>
        <h2 id="guidance-title">
          <Text k={`guidance.cards.${card}.title`} />
        </h2>
        <p className="body">
          <Text k={`guidance.cards.${card}.body`} />
        </p>
        <button type="button" className="big" onClick={onClose}>
          <Text k="guidance.close" />
        </button>
      </div>
    </div>
  );
}

/**
 * While the resident types a PIN: the whole screen says the operator cannot see the camera, and
 * one big button ends it. (The camera is already unpublished when this shows.)
 */
export function PinPrivacyScreen({ onDone }: { onDone: () => void }) {
  return (
    <div className="overlay pin-privacy" data-testid="pin-privacy-screen" role="alertdialog" aria-modal="true" aria-labelledby="pin-title">
      <div className="dialog">
        <div className="camera-off" aria-hidden="true" />
        <h1 id="pin-title">
          <Text k="pin.title" />
        </h1>
        <p className="pin-body">
          <Text k="pin.body" />
        </p>
        <p className="pin-note">
          <Text k="pin.note" />
        </p>
        <button type="button" className="big pin-done" onClick={onDone}>
          <Text k="pin.done" />
        </button>
        <ReadAloudButton />
      </div>
    </div>
  );
}

/** LiveKit is reconnecting by itself: say so over whatever is on screen. */
export function ReconnectingBanner() {
  return (
    <div className="banner reconnecting" role="alert" data-testid="reconnecting">
      <Text k="call.reconnecting" />
    </div>
  );
}

/** The operator answered, but their audio and video have not arrived (link.ts: failed). */
export function ConnectFailedBanner() {
  return (
    <div className="banner reconnecting" role="alert" data-testid="connect-failed">
      <Text k="call.connectFailed" />
    </div>
  );
}
