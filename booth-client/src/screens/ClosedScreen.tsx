import { formatOpening } from '../i18n/format';
import { Text } from '../i18n/Text';
import { type Language, languages } from '../journey/vocabulary';
import { Frame } from './Frame';

/**
 * Outside opening hours: when the booth opens next, in Japan time, in the resident's language —
 * and, below it, in every other language (on the attract screen nobody has chosen one yet).
 */
export function ClosedScreen({
  municipality,
  language,
  nextOpening,
  onDone,
}: {
  municipality: string;
  language: Language;
  nextOpening: string | null;
  onDone?: () => void;
}) {
  const others = languages.filter((l) => l !== language);
  return (
    <Frame testid="closed-screen" className="closed">
      <h1 className="municipality-name">{municipality}</h1>
      <ClosedMessage language={language} nextOpening={nextOpening} main />
      <ul className="closed-others">
        {others.map((l) => (
          <li key={l} lang={l}>
            <ClosedMessage language={l} nextOpening={nextOpening} />
          </li>
        ))}
      </ul>
      {onDone ? (
        <button type="button" className="big secondary" onClick={onDone}>
          <Text k="common.toStart" />
        </button>
      ) : null}
    </Frame>
  );
}

function ClosedMessage({ language, nextOpening, main = false }: { language: Language; nextOpening: string | null; main?: boolean }) {
  const Title = main ? 'h2' : 'p';
  return (
    <div className={main ? 'closed-main' : 'closed-other'} lang={language}>
      <Title className="closed-title">
        <Text k="closed.title" lng={language} />
      </Title>
      {nextOpening ? (
        <p className="next-opening">
          <Text k="closed.next" lng={language} />
          <br />
          <time dateTime={nextOpening} data-testid={main ? 'next-opening' : undefined}>
            {formatOpening(nextOpening, language)}
          </time>
        </p>
      ) : (
        <p className="next-opening">
          <Text k="closed.nextUnknown" lng={language} />
        </p>
      )}
    </div>
  );
}
