import { Text } from '../i18n/Text';
import { type Language, type LocalizedText, shownText } from '../journey/vocabulary';

/**
 * Municipality-written text (questions, guidance, terms) in the resident's language — or, when
 * the municipality has not written it in that language, in やさしい日本語 or Japanese (the rule in
 * @madoguchi/db/localized-text.ts), with a note in the resident's language saying so.
 * `data-shown-language` names the language shown.
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
  const shown = shownText(text, language);
  return (
    <>
      {shown.fallback ? (
        <p className="ja-only">
          <Text k={shown.language === 'ja' ? 'common.jaOnly' : 'common.easyJaOnly'} />
        </p>
      ) : null}
      <Tag className={className} lang={shown.language} data-shown-language={shown.language}>
        {shown.text}
      </Tag>
    </>
  );
}
