/** Our API's problems (RFC 9457 bodies) carry their message in Japanese and English. */
type ProblemBody = { messages?: { ja: string; en: string } };

/** The problem's message in both languages, or the HTTP status when the body has none. */
export async function problemText(response: Response): Promise<string> {
  const payload = (await response.json().catch(() => ({}))) as ProblemBody;
  return payload.messages ? `${payload.messages.ja} / ${payload.messages.en}` : `${response.status} ${response.statusText}`.trim();
}

/**
 * fetch, then JSON ({} for a 2xx without a JSON body, e.g. a 204); an answer other than 2xx throws
 * an Error whose message is the problem's text.
 */
export async function fetchJson<T>(input: string, init?: RequestInit): Promise<T> {
  const response = await fetch(input, init);
  if (!response.ok) throw new Error(await problemText(response));
  return (await response.json().catch(() => ({}))) as T;
}
