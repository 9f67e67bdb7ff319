import { useT } from '../i18n/i18n';

/**
 * A device credential, shown once right after it is issued. It comes only from the action's
 * response: never from a loader, a URL of ours or a cookie, so reloading the page drops it.
 */
export function CredentialOnce({ boothName, credential, link }: { boothName: string; credential: string; link: string }) {
  const { t } = useT();
  return (
    <section className="card admin-credential" aria-labelledby="credential-title" data-testid="credential-once">
      <h2 id="credential-title">
        {t('credentialOnce.title')} — {boothName}
      </h2>
      <p className="error" role="alert">
        {t('credentialOnce.warning')}
      </p>
      <label htmlFor="provision-link">{t('credentialOnce.link')}</label>
      <input id="provision-link" type="text" readOnly value={link} data-testid="provision-link" onFocus={(e) => e.currentTarget.select()} />
      <label htmlFor="device-credential">{t('credentialOnce.credential')}</label>
      <input
        id="device-credential"
        type="text"
        readOnly
        value={credential}
        data-testid="device-credential"
        onFocus={(e) => e.currentTarget.select()}
      />
      <p className="muted">{t('credentialOnce.notHere')}</p>
    </section>
  );
}
