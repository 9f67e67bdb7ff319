import type { ReactNode } from 'react';
import type { QueueState } from '../api';
import { waitMinutes } from '../i18n/format';
import { Text } from '../i18n/Text';
import { AlertDialog, Frame } from './Frame';

/**
 * Waiting for an operator (already in the LiveKit room): place in the queue and the estimated
 * wait, updated every 2 s, the resident's own picture, and a big cancel button. When nobody who
 * could take the call is on duty any more, it says so instead of an estimate: they may keep
 * waiting, or go to the counter.
 */
export function WaitingScreen({
  municipality,
  queue,
  preview,
  onCancel,
}: {
  municipality: string;
  queue: QueueState | null;
  preview?: ReactNode;
  onCancel: () => void;
}) {
  const minutes = waitMinutes(queue?.estimatedWaitSeconds);
  const position = queue?.position ?? null;
  return (
    <Frame
      testid="waiting-screen"
      municipality={municipality}
      className="waiting"
      footer={
        <button type="button" className="big cancel" onClick={onCancel}>
          <Text k="waiting.cancel" />
        </button>
      }
    >
      <div className="spinner" aria-hidden="true" />
      <h1 role="status">
        <Text k="waiting.title" />
      </h1>
      {queue?.status === 'active' ? (
        <p className="lead" aria-live="polite">
          <Text k="waiting.accepted" />
        </p>
      ) : queue?.noOperator ? (
        <p className="lead notice" aria-live="polite" data-testid="queue-no-operator" data-reason={queue.noOperator}>
          <Text k="waiting.noOperator" />
        </p>
      ) : (
        <dl className="queue" aria-live="polite">
          <div>
            <dt>
              <Text k="waiting.position" />
            </dt>
            <dd data-testid="queue-position" data-position={position ?? ''}>
              {position === null ? (
                '…'
              ) : position === 1 ? (
                <Text k="waiting.next" />
              ) : (
                <Text k="waiting.positionValue" values={{ position }} />
              )}
            </dd>
          </div>
          <div>
            <dt>
              <Text k="waiting.wait" />
            </dt>
            <dd data-testid="queue-wait" data-minutes={minutes ?? ''}>
              {minutes === null ? <Text k="waiting.soon" /> : <Text k="waiting.waitValue" values={{ minutes }} />}
            </dd>
          </div>
        </dl>
      )}
      {preview ? <div className="waiting-preview">{preview}</div> : null}
    </Frame>
  );
}

/**
 * "Are you still there?" over the waiting screen, after a while without a touch: one big button
 * to keep the place, and how long before it is given up (so nobody is rung through to an
 * operator for a resident who walked away).
 */
export function StillThereCheck({ secondsLeft, onStay }: { secondsLeft: number; onStay: () => void }) {
  return (
    <AlertDialog testid="still-there" title="waiting.stillThere.title">
      <button type="button" className="big" onClick={onStay}>
        <Text k="waiting.stillThere.stay" />
      </button>
      <p className="countdown-big">
        <Text k="waiting.stillThere.giveUp" values={{ seconds: secondsLeft }} />
      </p>
    </AlertDialog>
  );
}
