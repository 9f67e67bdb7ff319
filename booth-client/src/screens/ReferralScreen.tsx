import type { EligibilityQuestion } from '../api';
import { Text } from '../i18n/Text';
import type { Language } from '../journey/vocabulary';
import { Frame, StartOverCountdown } from './Frame';
import { LocalizedBlock } from './Localized';

/** An answer sends the resident to the counter: the municipality's guidance, no call. */
export function ReferralScreen({
  municipality,
  language,
  question,
  secondsLeft,
  onDone,
}: {
  municipality: string;
  language: Language;
  question: EligibilityQuestion | undefined;
  secondsLeft: number;
  onDone: () => void;
}) {
  return (
    <Frame testid="referral-screen" municipality={municipality}>
      <h1>
        <Text k="referral.title" />
      </h1>
      <p className="lead">
        <Text k="referral.lead" />
      </p>
      {question ? (
        <div className="guidance-text">
          <LocalizedBlock text={question.guidance} language={language} />
        </div>
      ) : null}
      <StartOverCountdown onDone={onDone} secondsLeft={secondsLeft} />
    </Frame>
  );
}
