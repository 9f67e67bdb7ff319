import { Text } from '../i18n/Text';
import type { NoOperatorReason } from '../journey/machine';
import type { Language, LocalizedText } from '../journey/vocabulary';
import { Frame, StartOverCountdown } from './Frame';
import { LocalizedBlock } from './Localized';

/**
 * Nobody who could take this call is on duty, so the resident is told before they wait (issue 12,
 * defect 3): why — no operator for this language and procedure, or those who are on a break or
 * away (statuses do not say until when) — and where else to go: the counter, and where it is and
 * its hours when the town wrote them (the same text as the "temporarily unavailable" screen, in the
 * resident's language by the one fallback rule). The booth forgets them by itself.
 */
export function NoOperatorScreen({
  municipality,
  reason,
  language,
  counter,
  secondsLeft,
  onDone,
}: {
  municipality: string;
  reason: NoOperatorReason;
  language: Language;
  counter?: LocalizedText | null | undefined;
  secondsLeft: number;
  onDone: () => void;
}) {
  return (
    <Frame testid="no-operator-screen" municipality={municipality}>
      <h1 role="alert" data-reason={reason}>
        <Text k="noOperator.title" />
      </h1>
      <p className="lead">
        <Text k={`noOperator.${reason}`} />
      </p>
      <p className="lead">
        <strong>
          <Text k="noOperator.where" />
        </strong>
      </p>
      {counter ? (
        <div data-testid="no-operator-counter">
          <LocalizedBlock text={counter} language={language} className="lead" />
        </div>
      ) : null}
      <StartOverCountdown onDone={onDone} secondsLeft={secondsLeft} />
    </Frame>
  );
}
