import { Text } from '../i18n/Text';
import { localized, type Language, type LocalizedText } from '../journey/vocabulary';

/**
 * Municipality-written text (questions, guidance, terms) in the resident's language, or in
 * Japanese with a note saying so when the municipality has not translated it.
 */
export function LocalizedBlock({
  text,
  language,
  as: Tag = 'p',
  className,
}: {
  text: LocalizedText;
  language: Language;
  as?: 'p' | 'div' | 'h1' | 'h2';
  className?: string;
}) {
  const shown = localized(text, language);
  return (
    <>
      {shown.fallback ? (
        <p className="ja-only">
          <Text k="common.jaOnly" />
        </p>
      ) : null}
      <Tag className={className} lang={shown.fallback ? 'ja' : language}>
        {shown.text}
      </Tag>
    </>
  );
}
