/**
 * A device credential, shown once right after it is issued. It comes only from the action's
 * response: never from a loader, a URL of ours or a cookie, so reloading the page drops it.
 */
export function CredentialOnce({ boothName, credential, link }: { boothName: string; credential: string; link: string }) {
  return (
    <section className="card admin-credential" aria-labelledby="credential-title" data-testid="credential-once">
      <h2 id="credential-title">端末認証情報 / Device credential — {boothName}</h2>
      <p className="error" role="alert">
        この認証情報は今回だけ表示されます。画面を離れると二度と表示できません。今すぐブース端末に設定してください。紛失した場合は新しい認証情報を発行してください
        / This credential is shown only this once and cannot be shown again. Set it on the booth now. If it is lost, issue a new one.
      </p>
      <label htmlFor="provision-link">設定用リンク（ブース端末のブラウザーで開く） / Provisioning link (open it on the booth device)</label>
      <input id="provision-link" type="text" readOnly value={link} data-testid="provision-link" onFocus={(e) => e.currentTarget.select()} />
      <label htmlFor="device-credential">認証情報 / Credential</label>
      <input id="device-credential" type="text" readOnly value={credential} data-testid="device-credential" onFocus={(e) => e.currentTarget.select()} />
      <p className="muted">
        リンクはこの画面のブラウザーでは開かないでください（このブラウザーがブースとして登録されます） / Do not open the link in this browser: it would
        register this browser as the booth.
      </p>
    </section>
  );
}
