/**
 * Call routing (decision 0009): which waiting call rings at which operator, and when.
 *
 * Pure and in memory. The queue service holds one `Router`, feeds it every event with the time
 * it happened, and carries out the decisions it returns (push the offer to the console, store
 * statuses, record an abandoned wait). After a restart it rebuilds one from the database with
 * `restore`; no waiting call is lost, they are simply offered again.
 *
 * Rules
 * - Skills: an operator is offered a call only if they serve its municipality AND speak its
 *   language AND handle its procedure. A call without a procedure needs no procedure skill; an
 *   operator whose procedure list is empty handles none (the account lists what they handle,
 *   the seed gives operators all six), so they only get calls without a procedure.
 * - Reserved calls first (a resident who checked in with a reservation, decision 0034), then
 *   longest-waiting call first, ordered by (reserved, requestedAt, sessionId) so ties order the
 *   same way after a restart. "Oldest" below means first in this order. Among eligible available operators, the one available longest, ordered by
 *   (idleSince, id).
 * - At most one outstanding offer per call and per operator. An offer rings `offerTimeoutMs`;
 *   unanswered or declined, the operator goes `away` and the call goes to the next eligible
 *   available operator, or waits. An away operator gets nothing until they set themselves
 *   available; after that they may be offered the same call again. Being away is the back-off;
 *   a per-call "do not offer again" list would strand the resident of a town with one operator.
 * - An offer withdrawn for reasons that are not the operator's (the resident cancelled) returns
 *   them to `available` with their old idleSince: they keep their place in the line.
 * - Break or offline while ringing withdraws the offer and the call goes to the next operator;
 *   so do new skills that no longer cover the ringing call (the operator keeps their place).
 *   `available` while ringing changes nothing (the ring goes on). No status change while on a
 *   call: end it first.
 * - One way out of the queue for a session: `sessionEnded`, however it ended (the operator, the
 *   booth, a cancel, LiveKit closing the room, a sweep). A waiting call leaves the queue (its
 *   ring is withdrawn, the operator keeps their place); the operator on the call goes to
 *   after-call work (`wrap_up`) for it, open-ended: they record the outcome or choose a status.
 *   Nothing else can leave an operator `on_call` for a session that is over.
 * - The operator records the outcome (`callEnded`, also when the session already ended from the
 *   other side) → after-call work until `wrapUpMs` after the call's end, then `available` with
 *   idleSince = the end of the wrap-up (not whenever the service happened to tick), and they are
 *   offered the longest-waiting call they can take straight away. During after-call work they
 *   may choose available (ends it early), break or offline.
 * - A ringing offer stands until answered, declined, timed out or withdrawn: when an older call
 *   comes back to the queue (its operator missed it) it does not take an offer from a newer one.
 *
 * Who could take a call, and what the booth is told (`availability`, `queuePosition`,
 * `estimatedWaitMs`): only operators who serve the call (skills above) and are on duty —
 * available, ringing, on a call or in after-call work. Break, away and offline operators are not
 * coming. Nobody on duty → `nobody`: `not-served` when no operator the router knows serves the
 * call at all (e.g. nobody speaks the language), `none-on-duty` when some do but are on break,
 * away or offline; statuses do not say when they will be back. The place in line counts the
 * older waiting calls of the same municipality that compete for those operators: the call's own
 * (language, procedure), and any other one that at least one of them also serves. Calls they
 * cannot take do not hold this one up.
 *
 * Time is always a parameter. Every event first applies the timers due by its `now` (offers
 * expired at `expiresAt`, wrap-ups ended at `until`), so no event acts on a ring that is over;
 * `tick(now)` is only needed for timers to fire between other events (every 0.5–1 s is plenty).
 *
 * Cost at national scale (n waiting calls ≈ 3,500, operators ≈ 1,000). Indexes, kept in step
 * on every change:
 * - available operators per (municipality, language), in fairness order;
 * - unoffered calls per municipality in buckets per (language, procedure), oldest first;
 * - all waiting calls per municipality in the same buckets, ringing ones included (positions);
 * - operators known per municipality, and those on duty (availability and the estimate);
 * - the operator on each call (session ends);
 * - ringing offers by expiry and timed wrap-ups by end (timers).
 * A call entering the queue looks at the available operators of its (municipality, language)
 * and takes the first that handles its procedure: usually the first. An operator becoming
 * available compares the heads of the non-empty buckets of the municipalities they serve:
 * O(municipalities × buckets), buckets ≤ 6 languages × 7 procedures. A status change updates
 * O(municipalities × languages) sorted arrays (binary search, then a short memmove).
 * Availability, queue position and wait estimate (`placeOf`, every booth every 2 s): O(buckets ×
 * log n), the operators on duty for the call and the buckets competing for them being kept per
 * (municipality, language, procedure) until who is on duty there, their skills, or the set of
 * buckets there change; finding them again is O(on-duty operators of the municipality ×
 * buckets). Nothing scans all calls or all operators, except `snapshot`, `restore` and
 * `liveSessionIds`.
 */
import type { Language, Procedure } from '@madoguchi/db';
import { MinHeap, SortedList } from './sorted-collections';

export type OperatorStatus = 'available' | 'offered' | 'on_call' | 'wrap_up' | 'break' | 'away' | 'offline';
/** The statuses an operator picks themselves (PUT /api/v1/console/status). */
export type ChosenStatus = 'available' | 'break' | 'offline';

export interface Skills {
  municipalityIds: readonly string[];
  languages: readonly Language[];
  procedures: readonly Procedure[];
}

export interface Operator extends Skills {
  id: string;
  status: OperatorStatus;
  /** Since when in this status (ms). For `available` this is idleSince. */
  since: number;
  /** When they last became available: the fairness key. Kept while ringing, so a cancelled call gives them their place back. */
  idleSince: number | null;
  /** End of after-call work (ms) while `wrap_up`; null: open until they record the outcome or choose a status. */
  until: number | null;
  /** The session ringing (`offered`), in progress (`on_call`), or just ended (`wrap_up`). */
  sessionId: string | null;
}

export interface WaitingSession {
  sessionId: string;
  municipalityId: string;
  language: Language;
  procedure: Procedure | null;
  requestedAt: number;
  /**
   * The resident checked in with a reservation (decision 0034): queued ahead of every walk-in, in
   * order of arrival among reserved calls. How many there are is bounded by the slots' capacity
   * (booking refuses more), so walk-ins keep the share the town holds back for them.
   */
  reserved?: boolean;
}

export interface Offer {
  sessionId: string;
  operatorId: string;
  offeredAt: number;
  expiresAt: number;
}

export interface RoutingConfig {
  /** How long an offer rings (OFFER_TIMEOUT_MS). */
  offerTimeoutMs: number;
  /** After-call work; 0 means straight back to available. */
  wrapUpMs: number;
}

export const defaultRoutingConfig: RoutingConfig = { offerTimeoutMs: 20_000, wrapUpMs: 30_000 };

/**
 * Who could take a call now. `staffed`: this many operators serve it and are on duty.
 * `nobody`: no one serves it at all (`not-served`), or those who do are on break, away or
 * offline (`none-on-duty`).
 */
export type Availability = { kind: 'staffed'; operators: number } | { kind: 'nobody'; reason: 'not-served' | 'none-on-duty' };

/**
 * Why an offer stopped ringing without being answered. `operator-unavailable`: they chose break
 * or offline; `skills-changed`: their new skills no longer cover the call.
 */
export type WithdrawReason = 'declined' | 'timeout' | 'cancelled' | 'operator-unavailable' | 'skills-changed';
export type RefusalCode = 'no-such-offer' | 'offer-expired' | 'on-call' | 'unknown-operator';

export type Decision =
  | { kind: 'offer'; offer: Offer }
  | { kind: 'offer-withdrawn'; sessionId: string; operatorId: string; reason: WithdrawReason }
  /** The call left the queue: the session becomes active with this operator. */
  | { kind: 'answered'; sessionId: string; operatorId: string; waitMs: number }
  /** The resident cancelled or walked away while waiting. */
  | { kind: 'abandoned'; sessionId: string; waitMs: number }
  | { kind: 'operator-status'; operatorId: string; status: OperatorStatus; since: number }
  /** The event was not applied (answer 409 with the message); timers due by `now` still ran. */
  | { kind: 'refused'; code: RefusalCode; message: { ja: string; en: string } };

/** Staff read these first in Japanese. */
export const refusalMessages: Record<RefusalCode, { ja: string; en: string }> = {
  'no-such-offer': {
    ja: 'この着信はあなた宛てではありません（他のオペレーターが応答したか、取り消されました）。',
    en: 'This call is not ringing for you (someone else answered it, or it was cancelled).',
  },
  'offer-expired': {
    ja: '応答時間が過ぎたため、状態が「離席」になりました。着信を受けるには「受付可能」に戻してください。',
    en: 'The offer timed out and you are now away. Set yourself available to receive calls again.',
  },
  'on-call': {
    ja: '通話中は状態を変更できません。先に通話を終了してください。',
    en: 'You are on a call. End the call before changing your status.',
  },
  'unknown-operator': {
    ja: 'オペレーターの担当（自治体・言語・手続）が分からないため、受付を開始できません。',
    en: "The operator's municipalities, languages and procedures are needed when they first come online.",
  },
};

export type Refusal = Extract<Decision, { kind: 'refused' }>;

/** The refusal among an event's decisions, or null. Apply the other decisions either way: the timers due by then still ran. */
export function refusalOf(decisions: readonly Decision[]): Refusal | null {
  for (const decision of decisions) if (decision.kind === 'refused') return decision;
  return null;
}

export const staffingStatuses: readonly OperatorStatus[] = ['available', 'offered', 'on_call', 'wrap_up'];

/** Whether `skills` may be offered `call` (the skills rule above). */
export function serves(skills: Skills, call: Pick<WaitingSession, 'municipalityId' | 'language' | 'procedure'>): boolean {
  return (
    skills.municipalityIds.includes(call.municipalityId) &&
    skills.languages.includes(call.language) &&
    (call.procedure === null || skills.procedures.includes(call.procedure))
  );
}

// ---------------------------------------------------------------------------------------------

interface OperatorState {
  readonly id: string;
  municipalities: Set<string>;
  languages: Set<Language>;
  procedures: Set<Procedure>;
  status: OperatorStatus;
  since: number;
  idleSince: number | null;
  until: number | null;
  sessionId: string | null;
}

type OperatorPosition = Pick<OperatorState, 'status' | 'since' | 'idleSince' | 'until' | 'sessionId'>;

interface QueuedSession extends WaitingSession {
  offer: Offer | null;
}

interface Bucket {
  language: Language;
  procedure: Procedure | null;
  calls: SortedList<QueuedSession>;
}

/** What one event changed and caused; dispatch then pairs the new calls and operators. */
interface Batch {
  now: number;
  decisions: Decision[];
  /** Calls that (re)entered the queue unoffered. */
  calls: Set<QueuedSession>;
  /** Operators that became available, or whose skills changed while available. */
  operators: Set<OperatorState>;
}

const compareIds = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
/** Queue order: reserved calls ahead of walk-ins, then by age (the "oldest first" of the rules). */
const byAge = (a: QueuedSession, b: QueuedSession) =>
  Number(b.reserved === true) - Number(a.reserved === true) || a.requestedAt - b.requestedAt || compareIds(a.sessionId, b.sessionId);
const byIdleSince = (a: OperatorState, b: OperatorState) => (a.idleSince ?? 0) - (b.idleSince ?? 0) || compareIds(a.id, b.id);
const byExpiry = (a: Offer, b: Offer) => a.expiresAt - b.expiresAt || compareIds(a.sessionId, b.sessionId);
const byWrapUpEnd = (a: OperatorState, b: OperatorState) => (a.until ?? 0) - (b.until ?? 0) || compareIds(a.id, b.id);

const available = (idleSince: number): OperatorPosition => ({
  status: 'available',
  since: idleSince,
  idleSince,
  until: null,
  sessionId: null,
});
const unavailable = (status: 'break' | 'offline' | 'away', since: number): OperatorPosition => ({
  status,
  since,
  idleSince: null,
  until: null,
  sessionId: null,
});

export class Router {
  private readonly operators = new Map<string, OperatorState>();
  private readonly calls = new Map<string, QueuedSession>();
  /** municipality → language → available operators, longest idle first. */
  private readonly available = new Map<string, Map<Language, SortedList<OperatorState>>>();
  /** municipality → `language/procedure` → unoffered calls, oldest first. */
  private readonly pending = new Map<string, Map<string, Bucket>>();
  /** municipality → `language/procedure` → every waiting call (ringing or not), oldest first. */
  private readonly waiting = new Map<string, Map<string, Bucket>>();
  /** municipality → how many calls wait there. */
  private readonly waitingCounts = new Map<string, number>();
  /** municipality → every operator serving it, whatever their status. */
  private readonly known = new Map<string, Set<OperatorState>>();
  /** municipality → operators serving it that are on duty: available, offered, on a call or in wrap-up. */
  private readonly onDuty = new Map<string, Set<OperatorState>>();
  /** session → the operator on that call. */
  private readonly onCall = new Map<string, OperatorState>();
  private readonly ringing = new SortedList<Offer>(byExpiry);
  /** Timed wrap-ups only (open ones end when the operator acts). */
  private readonly wrapUps = new SortedList<OperatorState>(byWrapUpEnd);
  /** municipality → changes of who is on duty there (or of their skills): `eligible` is kept until then. */
  private readonly dutyVersion = new Map<string, number>();
  /** municipality → a (language, procedure) bucket of waiting calls appeared or went. */
  private readonly bucketVersion = new Map<string, number>();
  private readonly eligibleCache = new Map<string, { duty: number; buckets: number; operators: OperatorState[]; competing: Bucket[] }>();

  constructor(private readonly config: RoutingConfig = defaultRoutingConfig) {
    if (!(config.offerTimeoutMs > 0) || !(config.wrapUpMs >= 0)) {
      throw new RangeError(`RoutingConfig needs offerTimeoutMs > 0 and wrapUpMs ≥ 0, got ${JSON.stringify(config)}`);
    }
  }

  // -------------------------------------------------------------------------------------------
  // Events

  /** A resident called. A sessionId already waiting is ignored (retries are harmless). */
  callRequested(call: WaitingSession, now: number): Decision[] {
    const batch = this.begin(now);
    if (!this.calls.has(call.sessionId)) this.addSession(batch, call);
    return this.finish(batch);
  }

  /** The resident cancelled or walked away. Unknown (already answered or ended) ids: no decisions. */
  callCancelled(sessionId: string, now: number): Decision[] {
    const batch = this.begin(now);
    const call = this.calls.get(sessionId);
    if (call) this.abandon(batch, call);
    return this.finish(batch);
  }

  /**
   * The session ended, however (the one way out, see the rules): a waiting call is abandoned and
   * leaves the queue; the operator on the call goes to open after-call work for it. Ids the
   * router no longer holds (already ended, never seen): no decisions, so repeats are harmless.
   */
  sessionEnded(sessionId: string, now: number): Decision[] {
    const batch = this.begin(now);
    const call = this.calls.get(sessionId);
    if (call) this.abandon(batch, call);
    const operator = this.onCall.get(sessionId);
    if (operator) this.move(batch, operator, { status: 'wrap_up', since: now, idleSince: null, until: null, sessionId });
    return this.finish(batch);
  }

  /**
   * The operator chose a status. `skills` (re)sets what they serve; required the first time an
   * operator is seen, unless they are going offline.
   */
  setStatus(operatorId: string, status: ChosenStatus, now: number, skills?: Skills): Decision[] {
    const batch = this.begin(now);
    let operator = this.operators.get(operatorId);
    if (!operator) {
      if (!skills) return this.finish(batch, status === 'offline' ? undefined : 'unknown-operator');
      operator = this.addOperator({ id: operatorId, ...skills, ...unavailable('offline', now) });
    }
    if (operator.status === 'on_call') return this.finish(batch, 'on-call');
    if (skills) this.setSkills(batch, operator, skills);
    if (operator.status === status) return this.finish(batch);
    if (operator.status === 'offered') {
      if (status === 'available') return this.finish(batch);
      const call = this.calls.get(operator.sessionId ?? '');
      if (call) {
        this.withdraw(batch, call, 'operator-unavailable');
        batch.calls.add(call);
      }
    }
    this.move(batch, operator, status === 'available' ? available(now) : unavailable(status, now));
    return this.finish(batch);
  }

  /**
   * An administrator changed what the operator serves (towns, languages, procedures): re-index
   * them at once, so a waiting call they now serve can ring and a ringing one they no longer
   * serve passes on. An operator the router has not seen yet (a new account) is known from now
   * on, offline: `availability` can tell "nobody serves this" from "nobody is on duty".
   */
  updateSkills(operatorId: string, skills: Skills, now: number): Decision[] {
    const batch = this.begin(now);
    const operator = this.operators.get(operatorId);
    if (operator) this.setSkills(batch, operator, skills);
    else this.addOperator({ id: operatorId, ...skills, ...unavailable('offline', now) });
    return this.finish(batch);
  }

  /** The operator answers: they go on the call and the call leaves the queue. */
  offerAccepted(sessionId: string, operatorId: string, now: number): Decision[] {
    // A repeat of an accept already applied (at-least-once delivery across nodes): no change, no refusal.
    const operator = this.operators.get(operatorId);
    const repeat = operator?.status === 'on_call' && operator.sessionId === sessionId;
    const refusal = repeat ? null : this.checkOffer(sessionId, operatorId, now);
    const batch = this.begin(now);
    if (repeat) return this.finish(batch);
    if (refusal) return this.finish(batch, refusal);
    const call = this.calls.get(sessionId)!;
    this.removeSession(call);
    this.move(batch, operator!, { status: 'on_call', since: now, idleSince: null, until: null, sessionId });
    batch.decisions.push({ kind: 'answered', sessionId, operatorId, waitMs: Math.max(0, now - call.requestedAt) });
    return this.finish(batch);
  }

  /** The operator declines: they go away and the call goes to the next operator. */
  offerDeclined(sessionId: string, operatorId: string, now: number): Decision[] {
    const refusal = this.checkOffer(sessionId, operatorId, now);
    const batch = this.begin(now);
    if (refusal) return this.finish(batch, refusal);
    const call = this.calls.get(sessionId)!;
    const operator = this.withdraw(batch, call, 'declined');
    batch.calls.add(call);
    this.move(batch, operator, unavailable('away', now));
    return this.finish(batch);
  }

  /**
   * The operator ended the call with its outcome, or recorded the outcome of a call that ended
   * from the other side (open after-call work): after-call work until `wrapUpMs` after the call's
   * end (at least until now), then available. With `sessionId`, only for that call, so a late
   * duplicate cannot end their next one. Otherwise (not on that call, nor in its after-call
   * work): no decisions.
   */
  callEnded(operatorId: string, now: number, sessionId?: string): Decision[] {
    const batch = this.begin(now);
    const operator = this.operators.get(operatorId);
    const ours = operator && (sessionId === undefined || operator.sessionId === sessionId);
    if (operator && ours && (operator.status === 'on_call' || (operator.status === 'wrap_up' && operator.until === null))) {
      const endedAt = operator.status === 'on_call' ? now : operator.since;
      const until = Math.max(now, endedAt + this.config.wrapUpMs);
      this.move(
        batch,
        operator,
        until > now ? { status: 'wrap_up', since: endedAt, idleSince: null, until, sessionId: operator.sessionId } : available(now),
      );
    }
    return this.finish(batch);
  }

  /** Fires the timers due by `now`: offers that rang out, wrap-ups that ended. */
  tick(now: number): Decision[] {
    return this.finish(this.begin(now));
  }

  /**
   * Rebuilds a new Router from stored state (the shape of `snapshot()`; its `offers` are not
   * needed). Ringing operators are back to available in their old place, and the waiting calls
   * are offered again by the live rule applied to all at once: oldest call first, to the
   * eligible operator idle longest, whatever order the rows come in. These are the pairs that
   * were ringing before, except where a ring had outlived the rule (an older call came back to
   * the queue while the operator who could take it was ringing for a newer one): then the
   * older call wins. Replaying events instead (operators coming online in idle order, then
   * `callRequested` oldest first) gives the same pairs.
   */
  restore(state: { operators: readonly Operator[]; waiting: readonly WaitingSession[] }, now: number): Decision[] {
    if (this.operators.size > 0 || this.calls.size > 0) throw new Error('Router.restore needs a new Router');
    const batch: Batch = { now, decisions: [], calls: new Set(), operators: new Set() };
    for (const stored of state.operators) {
      const wasRinging = stored.status === 'offered';
      const operator = this.addOperator(wasRinging ? { ...stored, ...available(stored.idleSince ?? stored.since) } : stored);
      if (operator.status === 'available') batch.operators.add(operator);
      if (wasRinging)
        batch.decisions.push({ kind: 'operator-status', operatorId: operator.id, status: 'available', since: operator.since });
    }
    for (const call of state.waiting) if (!this.calls.has(call.sessionId)) this.addSession(batch, call);
    this.fireTimers(batch);
    return this.finish(batch);
  }

  // -------------------------------------------------------------------------------------------
  // Queries

  operator(operatorId: string): Operator | null {
    const operator = this.operators.get(operatorId);
    return operator ? toOperator(operator) : null;
  }

  /** The offer ringing for this operator, if any. */
  ringingFor(operatorId: string): Offer | null {
    const operator = this.operators.get(operatorId);
    const offer = operator?.status === 'offered' ? this.calls.get(operator.sessionId ?? '')?.offer : null;
    return offer ? { ...offer } : null;
  }

  /** Waiting calls (ringing or not) of these municipalities: the console's "waiting" figure. */
  waitingCount(municipalityIds: readonly string[]): number {
    let count = 0;
    for (const municipalityId of new Set(municipalityIds)) count += this.waitingCounts.get(municipalityId) ?? 0;
    return count;
  }

  /** Who could take a call with these fields now (see "Who could take a call" above). */
  availability(call: Pick<WaitingSession, 'municipalityId' | 'language' | 'procedure'>): Availability {
    const operators = this.eligible(call).operators.length;
    if (operators > 0) return { kind: 'staffed', operators };
    for (const operator of this.known.get(call.municipalityId) ?? []) {
      if (servesState(operator, call)) return { kind: 'nobody', reason: 'none-on-duty' };
    }
    return { kind: 'nobody', reason: 'not-served' };
  }

  /**
   * The place of a waiting call (ringing or not); position 1 = next. `ahead` counts the older
   * calls of its municipality that compete for the operators who could take it: the same
   * (language, procedure), or one that at least one of those operators also serves.
   */
  queuePosition(sessionId: string): { position: number; ahead: number } | null {
    const call = this.calls.get(sessionId);
    if (!call) return null;
    const ahead = this.aheadOf(call);
    return { position: ahead + 1, ahead };
  }

  /**
   * 0 while the call rings (an operator is being asked now); otherwise round(position ×
   * averageHandlingMs ÷ operators), the operators being those who serve the call and are on duty.
   * Null when nobody is on duty for it (`availability` says why) or the call is not waiting. A
   * rough figure for the booth, not a promise.
   */
  estimatedWaitMs(sessionId: string, averageHandlingMs: number): number | null {
    return this.placeOf(sessionId, averageHandlingMs)?.estimatedWaitMs ?? null;
  }

  /** What a waiting booth is told, in one pass: `queuePosition`, `estimatedWaitMs` and `availability` together. */
  placeOf(
    sessionId: string,
    averageHandlingMs: number,
  ): { position: number; estimatedWaitMs: number | null; availability: Availability } | null {
    const call = this.calls.get(sessionId);
    if (!call) return null;
    const { operators } = this.eligible(call);
    const position = this.aheadOf(call) + 1;
    if (operators.length === 0) return { position, estimatedWaitMs: null, availability: this.availability(call) };
    const estimatedWaitMs = call.offer ? 0 : Math.round((position * averageHandlingMs) / operators.length);
    return { position, estimatedWaitMs, availability: { kind: 'staffed', operators: operators.length } };
  }

  /** The sessions the router holds as live (waiting, or an operator on the call): for checking against the record. */
  liveSessionIds(): string[] {
    return [...this.calls.keys(), ...this.onCall.keys()];
  }

  /** Everything, for the supervisor overview and for storing: operators by id, calls oldest first, offers by expiry. */
  snapshot(): { operators: Operator[]; waiting: WaitingSession[]; offers: Offer[] } {
    const operators = [...this.operators.values()].sort((a, b) => compareIds(a.id, b.id)).map(toOperator);
    const waiting = [...this.calls.values()].sort(byAge).map(toWaitingSession);
    return { operators, waiting, offers: this.ringing.items.map((offer) => ({ ...offer })) };
  }

  // -------------------------------------------------------------------------------------------
  // Event plumbing

  private begin(now: number): Batch {
    const batch: Batch = { now, decisions: [], calls: new Set(), operators: new Set() };
    this.fireTimers(batch);
    return batch;
  }

  private finish(batch: Batch, refusal?: RefusalCode): Decision[] {
    if (refusal) batch.decisions.push({ kind: 'refused', code: refusal, message: refusalMessages[refusal] });
    this.dispatch(batch);
    return batch.decisions;
  }

  /** Checked before the timers run, so an answer that came too late is told so. */
  private checkOffer(sessionId: string, operatorId: string, now: number): RefusalCode | null {
    const offer = this.calls.get(sessionId)?.offer;
    if (!offer || offer.operatorId !== operatorId) return 'no-such-offer';
    return offer.expiresAt <= now ? 'offer-expired' : null;
  }

  /** Applies due timers in time order, each at its own time. */
  private fireTimers(batch: Batch): void {
    for (;;) {
      const offer = this.ringing.first();
      const wrapUp = this.wrapUps.first();
      const offerDue = offer && offer.expiresAt <= batch.now ? offer.expiresAt : Infinity;
      const wrapUpDue = wrapUp && wrapUp.until !== null && wrapUp.until <= batch.now ? wrapUp.until : Infinity;
      if (offerDue === Infinity && wrapUpDue === Infinity) return;
      if (offer && offerDue <= wrapUpDue) {
        const call = this.calls.get(offer.sessionId)!;
        const operator = this.withdraw(batch, call, 'timeout');
        batch.calls.add(call);
        this.move(batch, operator, unavailable('away', offer.expiresAt));
      } else if (wrapUp) {
        this.move(batch, wrapUp, available(wrapUpDue));
      }
    }
  }

  /**
   * Pairs the calls and operators this event freed, oldest call first, each with the eligible
   * operator idle longest. Before the event no unoffered call had an eligible available
   * operator, so only pairs involving a freed call or a freed operator can exist. A freed
   * operator nominates the oldest call they could take; calls are taken from a heap in age
   * order, and an operator whose nominee went to someone else nominates again (always a newer
   * call, so the order holds). Cost: O((freed + offers made) × lookup + log).
   */
  private dispatch(batch: Batch): void {
    if (batch.calls.size === 0 && batch.operators.size === 0) return;
    const queue = new MinHeap<QueuedSession>(byAge);
    const queued = new Set<QueuedSession>();
    const nominators = new Map<QueuedSession, OperatorState[]>();
    const enqueue = (call: QueuedSession) => {
      if (queued.has(call)) return;
      queued.add(call);
      queue.push(call);
    };
    const nominate = (operator: OperatorState) => {
      const call = this.oldestSessionFor(operator);
      if (!call) return;
      const list = nominators.get(call);
      if (list) list.push(operator);
      else nominators.set(call, [operator]);
      enqueue(call);
    };
    for (const call of batch.calls) if (this.isQueued(call)) enqueue(call);
    for (const operator of batch.operators) if (operator.status === 'available') nominate(operator);
    batch.calls.clear();
    batch.operators.clear();

    for (let call = queue.pop(); call; call = queue.pop()) {
      if (!this.isQueued(call)) continue;
      const operator = this.idleLongestFor(call);
      if (operator) this.offer(batch, call, operator);
      for (const other of nominators.get(call) ?? []) {
        if (other !== operator && other.status === 'available') nominate(other);
      }
    }
  }

  /** The call leaves the queue unanswered; an operator it was ringing for keeps their place in line. */
  private abandon(batch: Batch, call: QueuedSession): void {
    const operator = call.offer ? this.withdraw(batch, call, 'cancelled') : null;
    this.removeSession(call);
    batch.decisions.push({ kind: 'abandoned', sessionId: call.sessionId, waitMs: Math.max(0, batch.now - call.requestedAt) });
    // Not their doing: back in line where they were.
    if (operator) this.move(batch, operator, available(operator.idleSince ?? batch.now));
  }

  private offer(batch: Batch, call: QueuedSession, operator: OperatorState): void {
    const offer: Offer = {
      sessionId: call.sessionId,
      operatorId: operator.id,
      offeredAt: batch.now,
      expiresAt: batch.now + this.config.offerTimeoutMs,
    };
    this.setSessionOffer(call, offer);
    batch.decisions.push({ kind: 'offer', offer: { ...offer } });
    this.move(batch, operator, {
      status: 'offered',
      since: batch.now,
      idleSince: operator.idleSince,
      until: null,
      sessionId: call.sessionId,
    });
  }

  /** Stops the ring of `call` (it stays in the queue, unoffered); the caller decides the operator's status. */
  private withdraw(batch: Batch, call: QueuedSession, reason: WithdrawReason): OperatorState {
    const offer = call.offer!;
    this.setSessionOffer(call, null);
    batch.decisions.push({ kind: 'offer-withdrawn', sessionId: call.sessionId, operatorId: offer.operatorId, reason });
    return this.operators.get(offer.operatorId)!;
  }

  private isQueued(call: QueuedSession): boolean {
    return call.offer === null && this.calls.get(call.sessionId) === call;
  }

  // -------------------------------------------------------------------------------------------
  // Lookups

  /**
   * The operators on duty who serve calls like `call`, and the waiting buckets of its municipality
   * that compete for them (its own, and any one of them also serves). Booths ask for their place
   * every 2 s, far more often than anything changes, so this is kept per (municipality, language,
   * procedure) until who is on duty there, or which buckets exist there, changes.
   */
  private eligible(call: Pick<WaitingSession, 'municipalityId' | 'language' | 'procedure'>): {
    operators: OperatorState[];
    competing: Bucket[];
  } {
    const key = `${call.municipalityId}|${bucketKey(call)}`;
    const duty = this.dutyVersion.get(call.municipalityId) ?? 0;
    const buckets = this.bucketVersion.get(call.municipalityId) ?? 0;
    const cached = this.eligibleCache.get(key);
    if (cached && cached.duty === duty && cached.buckets === buckets) return cached;
    const operators: OperatorState[] = [];
    for (const operator of this.onDuty.get(call.municipalityId) ?? []) if (servesState(operator, call)) operators.push(operator);
    const competing: Bucket[] = [];
    for (const bucket of this.waiting.get(call.municipalityId)?.values() ?? []) {
      const own = bucket.language === call.language && bucket.procedure === call.procedure;
      if (own || operators.some((operator) => servesState(operator, bucket))) competing.push(bucket);
    }
    const fresh = { duty, buckets, operators, competing };
    this.eligibleCache.set(key, fresh);
    return fresh;
  }

  /** Older waiting calls in the buckets that compete with `call`'s. */
  private aheadOf(call: QueuedSession): number {
    let ahead = 0;
    for (const bucket of this.eligible(call).competing) ahead += bucket.calls.rank(call);
    return ahead;
  }

  private bump(versions: Map<string, number>, municipalityId: string): void {
    versions.set(municipalityId, (versions.get(municipalityId) ?? 0) + 1);
  }

  /** The available operator idle longest who can take `call`, or null. */
  private idleLongestFor(call: QueuedSession): OperatorState | null {
    const operators = this.available.get(call.municipalityId)?.get(call.language);
    if (!operators) return null;
    for (const operator of operators.items) {
      if (call.procedure === null || operator.procedures.has(call.procedure)) return operator;
    }
    return null;
  }

  /** The oldest unoffered call `operator` can take, or null. Walks the smaller of their municipalities and those with calls. */
  private oldestSessionFor(operator: OperatorState): QueuedSession | null {
    let best: QueuedSession | null = null;
    const walkQueues = operator.municipalities.size > this.pending.size;
    for (const municipalityId of walkQueues ? this.pending.keys() : operator.municipalities) {
      if (walkQueues && !operator.municipalities.has(municipalityId)) continue;
      const buckets = this.pending.get(municipalityId);
      if (!buckets) continue;
      for (const bucket of buckets.values()) {
        if (!operator.languages.has(bucket.language)) continue;
        if (bucket.procedure !== null && !operator.procedures.has(bucket.procedure)) continue;
        const head = bucket.calls.first();
        if (head && (!best || byAge(head, best) < 0)) best = head;
      }
    }
    return best;
  }

  // -------------------------------------------------------------------------------------------
  // State changes: every one goes through unindex → change → index, so the indexes never see a
  // key change under them.

  private addOperator(operator: Operator): OperatorState {
    const state: OperatorState = {
      id: operator.id,
      municipalities: new Set(operator.municipalityIds),
      languages: new Set(operator.languages),
      procedures: new Set(operator.procedures),
      status: operator.status,
      since: operator.since,
      idleSince: operator.idleSince,
      until: operator.until,
      sessionId: operator.sessionId,
    };
    this.operators.set(state.id, state);
    this.indexOperator(state);
    this.indexKnown(state);
    this.setOnDuty(state, staffingStatuses.includes(state.status));
    return state;
  }

  private setSkills(batch: Batch, operator: OperatorState, skills: Skills): void {
    this.unindexOperator(operator);
    const onDuty = staffingStatuses.includes(operator.status);
    this.setOnDuty(operator, false);
    for (const municipalityId of operator.municipalities) deleteFrom(this.known, municipalityId, operator);
    operator.municipalities = new Set(skills.municipalityIds);
    operator.languages = new Set(skills.languages);
    operator.procedures = new Set(skills.procedures);
    this.indexOperator(operator);
    this.indexKnown(operator);
    this.setOnDuty(operator, onDuty);
    if (operator.status === 'available') batch.operators.add(operator);
    const call = operator.status === 'offered' ? this.calls.get(operator.sessionId ?? '') : undefined;
    if (call && !serves(skills, call)) {
      // Every ringing offer respects skills; the change is not the operator's doing, so they keep their place.
      this.withdraw(batch, call, 'skills-changed');
      batch.calls.add(call);
      this.move(batch, operator, available(operator.idleSince ?? batch.now));
    }
  }

  private move(batch: Batch, operator: OperatorState, next: OperatorPosition): void {
    this.unindexOperator(operator);
    Object.assign(operator, next);
    this.indexOperator(operator);
    this.setOnDuty(operator, staffingStatuses.includes(next.status));
    batch.decisions.push({ kind: 'operator-status', operatorId: operator.id, status: next.status, since: next.since });
    if (next.status === 'available') batch.operators.add(operator);
  }

  private indexOperator(operator: OperatorState): void {
    const { status } = operator;
    if (status === 'available') {
      for (const municipalityId of operator.municipalities) {
        const byLanguage = getOrAdd(this.available, municipalityId, () => new Map<Language, SortedList<OperatorState>>());
        for (const language of operator.languages) getOrAdd(byLanguage, language, () => new SortedList(byIdleSince)).insert(operator);
      }
    }

    if (status === 'on_call' && operator.sessionId !== null) this.onCall.set(operator.sessionId, operator);
    if (status === 'wrap_up' && operator.until !== null) this.wrapUps.insert(operator);
  }

  /**
   * In or out of the on-duty sets of the operator's municipalities. Only a change of membership
   * (or of skills, which takes them out and back) makes `eligible` look again there.
   */
  private setOnDuty(operator: OperatorState, onDuty: boolean): void {
    for (const municipalityId of operator.municipalities) {
      const set = this.onDuty.get(municipalityId);
      if ((set?.has(operator) ?? false) === onDuty) continue;
      if (onDuty) getOrAdd(this.onDuty, municipalityId, () => new Set<OperatorState>()).add(operator);
      else deleteFrom(this.onDuty, municipalityId, operator);
      this.bump(this.dutyVersion, municipalityId);
    }
  }

  /** Who serves each municipality, whatever their status: changes only with skills, not with status. */
  private indexKnown(operator: OperatorState): void {
    for (const municipalityId of operator.municipalities) getOrAdd(this.known, municipalityId, () => new Set()).add(operator);
  }

  private unindexOperator(operator: OperatorState): void {
    const { status } = operator;
    if (status === 'available') {
      for (const municipalityId of operator.municipalities) {
        const byLanguage = this.available.get(municipalityId)!;
        for (const language of operator.languages) {
          const list = byLanguage.get(language)!;
          list.remove(operator);
          if (list.size === 0) byLanguage.delete(language);
        }
        if (byLanguage.size === 0) this.available.delete(municipalityId);
      }
    }

    if (status === 'on_call' && operator.sessionId !== null) this.onCall.delete(operator.sessionId);
    if (status === 'wrap_up' && operator.until !== null) this.wrapUps.remove(operator);
  }

  private addSession(batch: Batch, call: WaitingSession): void {
    const state: QueuedSession = { ...toWaitingSession(call), offer: null };
    this.calls.set(state.sessionId, state);
    this.indexSession(state);
    batch.calls.add(state);
  }

  private removeSession(call: QueuedSession): void {
    this.unindexSession(call);
    this.calls.delete(call.sessionId);
  }

  private setSessionOffer(call: QueuedSession, offer: Offer | null): void {
    this.unindexSession(call);
    call.offer = offer;
    this.indexSession(call);
  }

  private indexSession(call: QueuedSession): void {
    if (insertInBucket(this.waiting, call)) this.bump(this.bucketVersion, call.municipalityId);
    this.waitingCounts.set(call.municipalityId, (this.waitingCounts.get(call.municipalityId) ?? 0) + 1);
    if (call.offer) this.ringing.insert(call.offer);
    else insertInBucket(this.pending, call);
  }

  private unindexSession(call: QueuedSession): void {
    if (removeFromBucket(this.waiting, call)) this.bump(this.bucketVersion, call.municipalityId);
    const count = this.waitingCounts.get(call.municipalityId)! - 1;
    if (count > 0) this.waitingCounts.set(call.municipalityId, count);
    else this.waitingCounts.delete(call.municipalityId);
    if (call.offer) this.ringing.remove(call.offer);
    else removeFromBucket(this.pending, call);
  }
}

// ---------------------------------------------------------------------------------------------

const bucketKey = (call: Pick<WaitingSession, 'language' | 'procedure'>) => `${call.language}/${call.procedure ?? ''}`;

/** `serves` on the indexed state (sets instead of arrays). */
function servesState(
  operator: OperatorState,
  call: Pick<WaitingSession, 'municipalityId' | 'language' | 'procedure'> | Omit<Bucket, 'calls'>,
): boolean {
  return (
    ('municipalityId' in call ? operator.municipalities.has(call.municipalityId) : true) &&
    operator.languages.has(call.language) &&
    (call.procedure === null || operator.procedures.has(call.procedure))
  );
}

/** True when the call's bucket is new. */
function insertInBucket(index: Map<string, Map<string, Bucket>>, call: QueuedSession): boolean {
  const buckets = getOrAdd(index, call.municipalityId, () => new Map<string, Bucket>());
  const key = bucketKey(call);
  let bucket = buckets.get(key);
  const created = bucket === undefined;
  if (!bucket) buckets.set(key, (bucket = { language: call.language, procedure: call.procedure, calls: new SortedList(byAge) }));
  bucket.calls.insert(call);
  return created;
}

/** True when the call's bucket is gone with it. */
function removeFromBucket(index: Map<string, Map<string, Bucket>>, call: QueuedSession): boolean {
  const buckets = index.get(call.municipalityId)!;
  const key = bucketKey(call);
  const bucket = buckets.get(key)!;
  bucket.calls.remove(call);
  const emptied = bucket.calls.size === 0;
  if (emptied) buckets.delete(key);
  if (buckets.size === 0) index.delete(call.municipalityId);
  return emptied;
}

function deleteFrom<K, V>(index: Map<K, Set<V>>, key: K, value: V): void {
  const set = index.get(key);
  if (!set) return;
  set.delete(value);
  if (set.size === 0) index.delete(key);
}

function getOrAdd<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    map.set(key, value);
  }
  return value;
}

function toOperator(operator: OperatorState): Operator {
  return {
    id: operator.id,
    municipalityIds: [...operator.municipalities],
    languages: [...operator.languages],
    procedures: [...operator.procedures],
    status: operator.status,
    since: operator.since,
    idleSince: operator.idleSince,
    until: operator.until,
    sessionId: operator.sessionId,
  };
}

function toWaitingSession(call: WaitingSession): WaitingSession {
  return {
    sessionId: call.sessionId,
    municipalityId: call.municipalityId,
    language: call.language,
    procedure: call.procedure,
    requestedAt: call.requestedAt,
    ...(call.reserved ? { reserved: true } : {}),
  };
}
