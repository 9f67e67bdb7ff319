/**
 * The interpreters section of the daily and monthly reports (issue 18, decision 0036): how many
 * interpreter requests there were in the period's calls, how many an interpreter joined, how many
 * found nobody within the wait (the operator was told), and the wait from request to join (mean
 * and median), in all and per language; and how many calls asked for one and how many had one.
 * Read from the requests' session events alone (`interpreter-requested`, `-joined`,
 * `-not-found`), which carry the request id and the language and no personal data. Pure.
 */
import { type Language, languages } from '@madoguchi/db/vocabulary';
import type { InterpreterEventRecord } from '../interpreting';

export interface InterpretingCounts {
  /** Requests made. */
  requested: number;
  /** Requests an interpreter accepted (joined the call). */
  joined: number;
  /** Requests for which nobody was found within the wait (the operator was told; counted once per request). */
  notFound: number;
  /** Request → join of the joined ones, in seconds to a tenth; null without any. */
  meanWaitSeconds: number | null;
  medianWaitSeconds: number | null;
}

export interface InterpretingSection {
  totals: InterpretingCounts;
  /** Calls with at least one request, and with at least one interpreter who joined. */
  calls: { requested: number; interpreted: number };
  /** Languages asked for, in the vocabulary's order. */
  byLanguage: ({ language: Language } & InterpretingCounts)[];
}

interface RequestFacts {
  sessionId: string;
  language: Language;
  notFound: boolean;
  /** Request → first join (ms); null while nobody joined. */
  waitMs: number | null;
}

const tenth = (ms: number) => Math.round(ms / 100) / 10;

/** The median of the values (the mean of the two middle ones for an even count); null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function countsOf(requests: readonly RequestFacts[]): InterpretingCounts {
  const waits = requests.flatMap((r) => (r.waitMs === null ? [] : [Math.max(0, r.waitMs)]));
  const middle = median(waits);
  return {
    requested: requests.length,
    joined: waits.length,
    notFound: requests.filter((r) => r.notFound).length,
    meanWaitSeconds: waits.length === 0 ? null : tenth(waits.reduce((s, w) => s + w, 0) / waits.length),
    medianWaitSeconds: middle === null ? null : tenth(middle),
  };
}

/**
 * The section from the interpreter events of the period's calls (any order). A request counts
 * once its `interpreter-requested` event is there (with a known language); steps of a request
 * never opened, or without a request id, are ignored.
 */
export function interpretingSection(events: readonly InterpreterEventRecord[]): InterpretingSection {
  const ordered = [...events].sort((a, b) => a.at - b.at);
  const opened = new Map<string, RequestFacts & { requestedAt: number }>();
  for (const e of ordered) {
    const requestId = e.detail?.requestId;
    const language = e.detail?.language;
    if (e.type !== 'interpreter-requested' || typeof requestId !== 'string' || opened.has(requestId)) continue;
    if (typeof language !== 'string' || !(languages as readonly string[]).includes(language)) continue;
    opened.set(requestId, { sessionId: e.sessionId, language: language as Language, notFound: false, waitMs: null, requestedAt: e.at });
  }
  for (const e of ordered) {
    const request = opened.get(typeof e.detail?.requestId === 'string' ? e.detail.requestId : '');
    if (!request || request.sessionId !== e.sessionId) continue;
    if (e.type === 'interpreter-not-found') request.notFound = true;
    else if (e.type === 'interpreter-joined' && request.waitMs === null) request.waitMs = e.at - request.requestedAt;
  }
  const requests = [...opened.values()];
  return {
    totals: countsOf(requests),
    calls: {
      requested: new Set(requests.map((r) => r.sessionId)).size,
      interpreted: new Set(requests.filter((r) => r.waitMs !== null).map((r) => r.sessionId)).size,
    },
    byLanguage: languages.flatMap((language) => {
      const of = requests.filter((r) => r.language === language);
      return of.length === 0 ? [] : [{ language, ...countsOf(of) }];
    }),
  };
}
