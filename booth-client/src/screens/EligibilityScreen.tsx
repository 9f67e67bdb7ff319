import type { EligibilityQuestion } from '../api';
import { Text } from '../i18n/Text';
import type { Language } from '../journey/vocabulary';
import { BackButton, Frame } from './Frame';
import { LocalizedBlock } from './Localized';

/** One question of the municipality's eligibility check, answered with two big buttons. */
export function EligibilityScreen({
  municipality,
  language,
  question,
  index,
  total,
  onAnswer,
  onBack,
}: {
  municipality: string;
  language: Language;
  question: EligibilityQuestion;
  index: number;
  total: number;
  onAnswer: (answer: boolean) => void;
  onBack: () => void;
}) {
  return (
    <Frame testid="eligibility-screen" municipality={municipality} footer={<BackButton onClick={onBack} />}>
      <p className="step">
        <Text k="eligibility.title" />
        {total > 1 ? (
          <span className="progress">
            {' '}
            <Text k="eligibility.progress" values={{ current: index + 1, total }} />
          </span>
        ) : null}
      </p>
      <LocalizedBlock as="h1" className="question" text={question.text} language={language} />
      <div className="answers" data-question-id={question.id}>
        <button type="button" className="big answer yes" onClick={() => onAnswer(true)}>
          <span className="mark" aria-hidden="true">
            ○
          </span>
          <Text k="common.yes" />
        </button>
        <button type="button" className="big answer no" onClick={() => onAnswer(false)}>
          <span className="mark" aria-hidden="true">
            ×
          </span>
          <Text k="common.no" />
        </button>
      </div>
    </Frame>
  );
}
