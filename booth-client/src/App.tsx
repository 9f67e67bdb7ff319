import { useCallback, useState } from 'react';
import { ApiError, boothApi, loadCredential, type BoothSession } from './api';
import { Call } from './Call';

type Screen =
  | { name: 'attract' }
  | { name: 'requesting' }
  | { name: 'call'; session: BoothSession }
  | { name: 'error'; message: string };

export function App() {
  const [credential] = useState(loadCredential);
  const [screen, setScreen] = useState<Screen>({ name: 'attract' });

  const start = useCallback(async () => {
    if (!credential) return;
    setScreen({ name: 'requesting' });
    try {
      setScreen({ name: 'call', session: await boothApi.requestCall(credential) });
    } catch (error) {
      setScreen({ name: 'error', message: error instanceof ApiError ? error.message : String(error) });
    }
  }, [credential]);

  // Ending always returns to the attract screen and drops the session from memory.
  const end = useCallback(async () => {
    if (screen.name === 'call' && credential) {
      await boothApi.end(credential, screen.session.sessionId).catch(() => undefined);
    }
    setScreen({ name: 'attract' });
  }, [credential, screen]);

  if (!credential) {
    return (
      <main className="screen">
        <h1>この端末は登録されていません</h1>
        <p>This device is not provisioned. Ask the administrator for its provisioning link.</p>
      </main>
    );
  }
  switch (screen.name) {
    case 'attract':
    case 'requesting':
      return (
        <main className="screen">
          <h1>マイナンバーカードの手続きをお手伝いします</h1>
          <p>We help with My Number Card procedures.</p>
          <button className="big" type="button" onClick={start} disabled={screen.name === 'requesting'}>
            ビデオ通話で相談する
            <br />
            <small>Start a video call</small>
          </button>
        </main>
      );
    case 'call': {
      const { session } = screen;
      return (
        <main className="screen in-call" data-session-id={session.sessionId}>
          <Call
            connection={session.connection}
            onConnected={() => void boothApi.event(credential, session.sessionId, 'connected').catch(() => undefined)}
            onDisconnected={() => void end()}
            onEnd={() => void end()}
          />
        </main>
      );
    }
    case 'error':
      return (
        <main className="screen">
          <h1>ただいま接続できません</h1>
          <p role="alert">{screen.message}</p>
          <button className="big" type="button" onClick={() => setScreen({ name: 'attract' })}>
            最初に戻る / Back
          </button>
        </main>
      );
  }
}
