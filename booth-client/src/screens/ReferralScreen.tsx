import type { EligibilityQuestion } from '../api';
import type { Language } from '../journey/vocabulary';
import { Frame, StartOverCountdown, TitleAndLead } from './Frame';
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
      <TitleAndLead title="referral.title" lead="referral.lead" />
      {question ? (
        <div className="guidance-text">
          <LocalizedBlock text={question.guidance} language={language} />
        </div>
      ) : null}
      <StartOverCountdown onDone={onDone} secondsLeft={secondsLeft} />
    </Frame>
  );
}
