import type { ConsentDocument } from '../api';
import { Text } from '../i18n/Text';
import type { Language } from '../journey/vocabulary';
import { BackButton, Frame } from './Frame';
import { LocalizedBlock } from './Localized';

/** The current terms and privacy policy, scrollable, and one "agree" button. */
export function ConsentScreen({
  municipality,
  language,
  terms,
  privacy,
  outdated,
  listenInNotice = false,
  onAgree,
  onBack,
}: {
  municipality: string;
  language: Language;
  terms: ConsentDocument | null;
  privacy: ConsentDocument | null;
  outdated: boolean;
  /** The town allows supervisors to listen in, and tells residents so (issue 18). */
  listenInNotice?: boolean;
  onAgree: () => void;
  onBack: () => void;
}) {
  return (
    <Frame
      testid="consent-screen"
      municipality={municipality}
      className="consent"
      footer={
        <>
          <BackButton onClick={onBack} />
          <button type="button" className="big agree" onClick={onAgree}>
            <Text k="consent.agree" />
          </button>
        </>
      }
    >
      <h1>
        <Text k="consent.title" />
      </h1>
      {outdated ? (
        <p className="notice" role="alert">
          <Text k="consent.updated" />
        </p>
      ) : null}
      <p className="lead">
        <Text k="consent.lead" />
      </p>
      {listenInNotice ? (
        <p className="notice" data-testid="listen-in-notice">
          <Text k="consent.listenIn" />
        </p>
      ) : null}
      <div className="documents" tabIndex={0}>
        {terms ? <DocumentSection kind="terms" document={terms} language={language} /> : null}
        {privacy ? <DocumentSection kind="privacy" document={privacy} language={language} /> : null}
      </div>
      <p className="hint">
        <Text k="consent.scroll" />
      </p>
    </Frame>
  );
}

/** One document to consent to, under its heading (`data-consent` and `data-version` say which, for the e2e tests). */
function DocumentSection({ kind, document, language }: { kind: 'terms' | 'privacy'; document: ConsentDocument; language: Language }) {
  return (
    <section data-consent={kind} data-version={document.version}>
      <h2>
        <Text k={`consent.${kind}`} />
      </h2>
      <LocalizedBlock as="div" className="document" text={document.texts} language={language} />
    </section>
  );
}
