/** The booth's calls to the Madoguchi API, authenticated with its device credential. */

export interface ConnectionDetails {
  serverUrl: string;
  roomName: string;
  participantToken: string;
  participantName: string;
}

export interface BoothSession {
  sessionId: string;
  status: 'waiting' | 'active' | 'ended';
  connection: ConnectionDetails;
}

const CREDENTIAL_KEY = 'madoguchi.boothCredential';

/**
 * The device credential arrives once as ?provision=… (printed when the booth is provisioned),
 * is kept in this device's storage, and is removed from the address bar at once.
 */
export function loadCredential(): string | null {
  const url = new URL(window.location.href);
  const provided = url.searchParams.get('provision');
  if (provided && /^mdgb_[A-Za-z0-9_-]{43}$/.test(provided)) {
    window.localStorage.setItem(CREDENTIAL_KEY, provided);
    url.searchParams.delete('provision');
    window.history.replaceState(null, '', url.pathname + url.search);
  }
  return window.localStorage.getItem(CREDENTIAL_KEY);
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function call<T>(credential: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`/api${path}`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${credential}`,
      'Accept-Language': document.documentElement.lang || 'ja',
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const payload = (await response.json().catch(() => ({}))) as { detail?: string };
  if (!response.ok) throw new ApiError(response.status, payload.detail ?? response.statusText);
  return payload as T;
}

export const boothApi = {
  requestCall: (credential: string) => call<BoothSession>(credential, '/v1/booth/sessions'),
  end: (credential: string, sessionId: string) => call<unknown>(credential, `/v1/booth/sessions/${sessionId}/end`),
  event: (credential: string, sessionId: string, type: string, detail?: Record<string, string | number | boolean>) =>
    call<unknown>(credential, `/v1/booth/sessions/${sessionId}/events`, { type, ...(detail ? { detail } : {}) }),
};
