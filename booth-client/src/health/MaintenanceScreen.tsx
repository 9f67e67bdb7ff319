/** Shown while staff keep the booth in maintenance: no journey, no calls; in all six languages at once. */
import { messages } from '../i18n';
import { languages } from '../journey/vocabulary';

export function MaintenanceScreen() {
  return (
    <main className="screen" data-testid="maintenance-screen">
      <div className="content">
        <h1 lang="ja">{messages.ja.maintenance.title}</h1>
        <p className="lead" lang="ja">
          {messages.ja.maintenance.body}
        </p>
        {languages
          .filter((l) => l !== 'ja')
          .map((l) => (
            <p key={l} lang={l} className="lead">
              <strong>{messages[l].maintenance.title}</strong> — {messages[l].maintenance.body}
            </p>
          ))}
      </div>
    </main>
  );
}
