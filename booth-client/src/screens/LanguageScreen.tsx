import { Text } from '../i18n/Text';
import { type Language, languages } from '../journey/vocabulary';
import { BackButton, Frame } from './Frame';

/** Each language by its own name; the title in Japanese with "language" in every language under it. */
export function LanguageScreen({
  municipality,
  onChoose,
  onBack,
}: {
  municipality: string;
  onChoose: (language: Language) => void;
  onBack: () => void;
}) {
  return (
    <Frame testid="language-screen" municipality={municipality} footer={<BackButton onClick={onBack} />}>
      <h1>
        <Text k="language.title" />
      </h1>
      <p className="subtitle">
        {languages
          .filter((l) => l !== 'ja')
          .map((l, i) => (
            <span key={l}>
              {i > 0 ? ' / ' : ''}
              <Text k="meta.language" lng={l} />
            </span>
          ))}
      </p>
      <div className="choices languages">
        {languages.map((l) => (
          <button key={l} type="button" className="big choice" lang={l} onClick={() => onChoose(l)}>
            <Text k="meta.name" lng={l} />
          </button>
        ))}
      </div>
    </Frame>
  );
}
