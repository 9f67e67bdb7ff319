/**
 * The resident's journey at the booth as a small state machine: which screen is shown, and what
 * each tap or server answer leads to. Pure — no React, no timers, no I/O — so every path is
 * unit-tested (machine.test.ts) and the components only render a state and dispatch events.
 *
 *   attract → language → procedure → eligibility (one screen per question) → consent → requesting
 *     → waiting (in the LiveKit room, queue shown) → call (operator joined) → thanks → (forget) attract
 *
 * Side exits: an eligibility answer ≠ proceedIf → referral (no call); outside opening hours →
 * closed; nobody who could take the call is on duty → no-operator (before any wait); a failed
 * request → problem. Steps the municipality does not use are skipped: no
 * procedures configured → no procedure screen (no procedure sent); no questions for the procedure
 * → no eligibility screens; no consent documents → no consent screen (no consent sent).
 *
 * `transition` returns the next state and the effects it calls for, as data (as the app's `Router`
 * returns `Decision[]`): record a referral, open the camera and ask for the call, close a session.
 * The runner (runner.ts) carries them out and sends the answers back as events. Time — the idle
 * timeout, the screens that return to the start by themselves, opening hours — is visit.ts, on
 * top of this.
 *
 * With a reservation (issue 17, decision 0034): attract → check-in (QR at the camera or the keypad)
 * → checking → consent (language and procedure are the reservation's: no language, procedure or
 * eligibility screens) → requesting with `reservationId` → waiting … as above. A refused code →
 * check-in-refused (why, and when to come), back to the keypad or to the start by itself.
 *
 * A walk-in at a reservation-only municipality (原則予約制): after the procedure (and its
 * eligibility questions) → walk-in-check (the API: is a reservation due in the slot running now at
 * this booth's site?) → consent … as above when none is (called in), otherwise walk-in-slots ("by
 * reservation", the next free slots as large buttons) → a tap → walk-in-booking → walk-in-booked
 * (the code large and as a QR code, and when to come back), back to the start by itself. A slot
 * taken meanwhile → the slots again, asked afresh. Touch only; nothing about the resident is sent
 * but the procedure and the language.
 *
 * Leaving the journey — "back to start", cancel, idle timeout, the end of a session — is not a
 * transition here: visit.ts forgets the resident, and the app throws the whole journey away and
 * mounts a fresh one (see Journey.tsx), so nothing about the previous resident can survive.
 */
import type { CheckInRefusal } from '@madoguchi/db/reservation-contract';
import type { BoothSession } from '../api';
import { defaultLanguage, type Language, type Procedure } from './vocabulary';

/** Why the booth refused a reservation code (the API's contract) and, when early, when to come (Japan time). */
export type { CheckInRefusal };
export type ComeAt = { date: string | null; time: string } | null;

/** The versions of the terms and privacy policy shown on the consent screen. */
export interface ConsentVersions {
  terms: number;
  privacy: number;
}

/** What the machine needs to know about the municipality (from GET /api/v1/booth/me). */
export interface JourneyConfig {
  /** Procedures the municipality offers, in display order. */
  procedures: readonly Procedure[];
  /** Eligibility questions per procedure: only their ids and which answer lets the resident go on. */
  eligibility: Partial<Record<string, readonly { id: string; proceedIf: boolean }[]>>;
  /** Whether a consent screen is shown at all (any current document). */
  consentShown: boolean;
  /** What is sent as `consent` with the call: both versions, or null when the municipality has not published both. */
  consentVersions: ConsentVersions | null;
  /** Whether the booth is open now, and when it opens next. */
  opening: { open: boolean; nextOpening: string | null };
  /** While waiting: ask "are you still there?" after `askAfterMs` without a touch, give the place up `answerWithinMs` later. */
  waitingCheck: { askAfterMs: number; answerWithinMs: number };
  /** 原則予約制: a walk-in is called in only when no reservation is due now, else offered slots to book. */
  reservationOnly?: boolean;
}

/** A free slot offered to a walk-in: its start (ISO) and when that is in Japan time (the date when not today). */
export interface OfferedSlot {
  start: string;
  comeAt: { date: string | null; time: string };
}

/** A slot booked at the booth: the code to keep (`XXXX-XXXX`), its QR code (SVG from the API), when to come. */
export interface BoothBooking {
  code: string;
  qr: string;
  comeAt: { date: string | null; time: string };
}

/** A session the API opened: its id and how to join its LiveKit room. */
export type OpenedSession = Pick<BoothSession, 'sessionId' | 'connection'>;

export type Problem = 'unavailable' | 'connection-lost';

/** Why nobody can take the call (the API's 409): nobody serves it, or nobody who does is on duty. */
export type NoOperatorReason = 'not-served' | 'none-on-duty';

interface Base {
  language: Language;
}
export type JourneyState =
  | (Base & { screen: 'attract' })
  | (Base & { screen: 'language' })
  | (Base & { screen: 'procedure' })
  | (Base & { screen: 'eligibility'; procedure: Procedure; question: number })
  | (Base & { screen: 'referral'; procedure: Procedure; questionId: string })
  /** The resident shows the reservation's QR code or types its code. */
  | (Base & { screen: 'check-in' })
  /** The code is with the API. */
  | (Base & { screen: 'checking'; code: string })
  | (Base & { screen: 'check-in-refused'; reason: CheckInRefusal; comeAt: ComeAt })
  /** A walk-in at a reservation-only town: the API says whether to call them in or which slots to offer. */
  | (Base & { screen: 'walk-in-check'; procedure: Procedure; taken: boolean })
  /** "By reservation": the next free slots at this site (`taken`: the one tapped was taken meanwhile). */
  | (Base & { screen: 'walk-in-slots'; procedure: Procedure; siteKey: string; slots: readonly OfferedSlot[]; taken: boolean })
  | (Base & { screen: 'walk-in-booking'; procedure: Procedure; siteKey: string; slotStart: string })
  | (Base & { screen: 'walk-in-booked'; booking: BoothBooking })
  /** `reservationId`: a checked-in reservation's call (its procedure and language). */
  | (Base & { screen: 'consent'; procedure: Procedure | null; outdated: boolean; reservationId?: string })
  | (Base & { screen: 'requesting'; procedure: Procedure | null; consent: ConsentVersions | null; reservationId?: string })
  | (Base & { screen: 'waiting'; procedure: Procedure | null; session: OpenedSession })
  | (Base & { screen: 'call'; procedure: Procedure | null; session: OpenedSession })
  | (Base & { screen: 'no-operator'; reason: NoOperatorReason })
  | (Base & { screen: 'thanks' })
  | (Base & { screen: 'problem'; problem: Problem })
  /** `resident`: reached from a resident's request (their language), not from the idle attract screen. */
  | (Base & { screen: 'closed'; nextOpening: string | null; resident: boolean });

export type Screen = JourneyState['screen'];

export type JourneyEvent =
  | { type: 'START' }
  /** "I have a reservation" on the attract screen. */
  | { type: 'HAVE_RESERVATION' }
  /** A code read from the QR code or typed (normalised: see reservation-code.ts). */
  | { type: 'SUBMIT_CODE'; code: string }
  /** The API checked the reservation in: its id, procedure and language. */
  | { type: 'CHECKED_IN'; reservationId: string; procedure: Procedure; language: Language }
  | { type: 'CHECK_IN_REFUSED'; reason: CheckInRefusal; comeAt: ComeAt }
  /** The check-in request failed (network, server). */
  | { type: 'CHECK_IN_FAILED' }
  /** "Try again" after a refused code: the keypad again. */
  | { type: 'RETRY' }
  /** GET /booth/reservations/walk-in: no reservation is due now, call them in. */
  | { type: 'WALK_IN_NOW' }
  /** … or the slots to offer (possibly none). */
  | { type: 'WALK_IN_SLOTS'; siteKey: string; slots: readonly OfferedSlot[] }
  /** The walk-in question or the booking failed (network, server). */
  | { type: 'WALK_IN_FAILED' }
  /** A tap on an offered slot. */
  | { type: 'BOOK_SLOT'; slotStart: string }
  | { type: 'BOOKED'; booking: BoothBooking }
  /** The slot was taken (or started) meanwhile: ask again. */
  | { type: 'SLOT_TAKEN' }
  | { type: 'CHOOSE_LANGUAGE'; language: Language }
  | { type: 'CHOOSE_PROCEDURE'; procedure: Procedure }
  | { type: 'ANSWER'; answer: boolean }
  | { type: 'AGREE' }
  | { type: 'BACK' }
  | { type: 'SESSION_OPENED'; session: OpenedSession }
  /** POST /sessions failed: `code` is the API's 409 code, null for any other failure. Leads to one of the four below. */
  | { type: 'REQUEST_REFUSED'; code: string | null }
  /** POST /sessions said 409 consent_outdated; the config has been reloaded before this event. */
  | { type: 'CONSENT_OUTDATED' }
  /** The booth is outside its opening hours (from /me, or 409 closed). */
  | { type: 'CLOSED'; nextOpening: string | null }
  /** /me says the booth is open again. */
  | { type: 'OPENED' }
  | { type: 'REQUEST_FAILED' }
  /** POST /sessions said nobody who could take the call is on duty (nothing to wait for). */
  | { type: 'NO_OPERATOR'; reason: NoOperatorReason }
  | { type: 'OPERATOR_JOINED' }
  /** The call ended normally (the operator closed the room, or the resident ended it). */
  | { type: 'CALL_ENDED' }
  /** The room was lost for good (not a normal end). */
  | { type: 'CONNECTION_LOST' };

/** What POST /booth/sessions is sent. */
export interface CallRequestBody {
  language: Language;
  procedure?: Procedure;
  consent?: ConsentVersions;
  reservationId?: string;
}

/** The I/O a transition calls for; runner.ts carries it out. */
export type JourneyEffect =
  /** POST /booth/referrals (the answer is not waited for). */
  | { type: 'refer'; procedure: Procedure; language: Language; questionId: string }
  /** Start the camera while the request is in flight (the call publishes it; decision 0020). */
  | { type: 'prepare-media' }
  /** No call after all: turn the camera off. */
  | { type: 'release-media' }
  /** POST /booth/reservations/check-in; answered with CHECKED_IN, CHECK_IN_REFUSED or CHECK_IN_FAILED. */
  | { type: 'check-in'; code: string }
  /** GET /booth/reservations/walk-in; answered with WALK_IN_NOW, WALK_IN_SLOTS or WALK_IN_FAILED. */
  | { type: 'walk-in' }
  /** POST /booth/reservations; answered with BOOKED, SLOT_TAKEN or WALK_IN_FAILED. */
  | { type: 'book-slot'; siteKey: string; slotStart: string; procedure: Procedure; language: Language }
  /** POST /booth/sessions; answered with SESSION_OPENED or REQUEST_REFUSED. */
  | { type: 'request-call'; request: CallRequestBody }
  /**
   * GET /me again. `refused`: the call was refused so, and what /me says now decides what follows:
   * the runner then sends CONSENT_OUTDATED (with the fresh config) or CLOSED (with the fresh next opening).
   */
  | { type: 'reload-info'; refused?: 'consent_outdated' | 'closed' }
  /** The booth gives the session up (through the outbox). */
  | { type: 'close-session'; sessionId: string; how: 'cancel' | 'end'; reason?: 'connection-lost' };

/** The next state (the same object when the event means nothing on this screen) and what to do. */
export interface Step {
  state: JourneyState;
  effects: JourneyEffect[];
}

export const initialState: JourneyState = { screen: 'attract', language: defaultLanguage };

// --- steps, each skipping what the municipality does not use ------------------------------------

function toProcedureStep(language: Language, config: JourneyConfig): JourneyState {
  return config.procedures.length > 0 ? { screen: 'procedure', language } : toConsentStep(language, null, config);
}

function toEligibilityStep(language: Language, procedure: Procedure, question: number, config: JourneyConfig): JourneyState {
  const questions = config.eligibility[procedure] ?? [];
  return question < questions.length ? { screen: 'eligibility', language, procedure, question } : toWalkInStep(language, procedure, config);
}

/** A walk-in's last step before consent: at a reservation-only town, ask whether a reservation is due now. */
function toWalkInStep(language: Language, procedure: Procedure, config: JourneyConfig): JourneyState {
  return config.reservationOnly
    ? { screen: 'walk-in-check', language, procedure, taken: false }
    : toConsentStep(language, procedure, config);
}

function toConsentStep(
  language: Language,
  procedure: Procedure | null,
  config: JourneyConfig,
  outdated = false,
  reservationId?: string,
): JourneyState {
  const reserved = reservationId ? { reservationId } : {};
  return config.consentShown
    ? { screen: 'consent', language, procedure, outdated, ...reserved }
    : { screen: 'requesting', language, procedure, consent: null, ...reserved };
}

/** The screen before consent (BACK from consent): the keypad for a reservation (its code checks in again). */
function beforeConsent(language: Language, procedure: Procedure | null, config: JourneyConfig, reserved: boolean): JourneyState {
  if (reserved) return { screen: 'check-in', language };
  if (procedure === null) return { screen: 'language', language };
  const questions = config.eligibility[procedure] ?? [];
  return questions.length > 0
    ? { screen: 'eligibility', language, procedure, question: questions.length - 1 }
    : { screen: 'procedure', language };
}

/** The next state and the effects it calls for; the same state object when the event means nothing on this screen. */
export function transition(state: JourneyState, event: JourneyEvent, config: JourneyConfig): Step {
  const answered = answerEffects(state, event);
  const next = nextState(state, event, config);
  return { state: next, effects: next === state ? answered : [...answered, ...entryEffects(next)] };
}

/** What an answer to the request, or the end of the room, calls for whatever the screen. */
function answerEffects(state: JourneyState, event: JourneyEvent): JourneyEffect[] {
  switch (event.type) {
    case 'SESSION_OPENED':
      // Nobody waits for this session any more: give it up at once.
      return state.screen === 'requesting'
        ? []
        : [{ type: 'release-media' }, { type: 'close-session', sessionId: event.session.sessionId, how: 'cancel' }];
    case 'REQUEST_REFUSED': {
      const reload = event.code === 'consent_outdated' || event.code === 'closed' ? event.code : null;
      return reload && state.screen === 'requesting'
        ? [{ type: 'release-media' }, { type: 'reload-info', refused: reload }]
        : [{ type: 'release-media' }];
    }
    case 'CALL_ENDED':
    case 'CONNECTION_LOST':
      if (state.screen !== 'waiting' && state.screen !== 'call') return [];
      // A lost link ends an answered call as dropped (the server records it so).
      return [
        event.type === 'CALL_ENDED'
          ? { type: 'close-session', sessionId: state.session.sessionId, how: 'end' }
          : { type: 'close-session', sessionId: state.session.sessionId, how: 'end', reason: 'connection-lost' },
      ];
    default:
      return [];
  }
}

/** What showing a screen does: a referral is recorded once, a requesting screen asks for the call once. */
function entryEffects(state: JourneyState): JourneyEffect[] {
  if (state.screen === 'referral') {
    return [{ type: 'refer', procedure: state.procedure, language: state.language, questionId: state.questionId }];
  }
  if (state.screen === 'checking') return [{ type: 'check-in', code: state.code }];
  if (state.screen === 'walk-in-check') return [{ type: 'walk-in' }];
  if (state.screen === 'walk-in-booking') {
    const { siteKey, slotStart, procedure, language } = state;
    return [{ type: 'book-slot', siteKey, slotStart, procedure, language }];
  }
  if (state.screen === 'requesting') {
    const request: CallRequestBody = {
      language: state.language,
      ...(state.procedure ? { procedure: state.procedure } : {}),
      ...(state.consent ? { consent: state.consent } : {}),
      ...(state.reservationId ? { reservationId: state.reservationId } : {}),
    };
    return [{ type: 'prepare-media' }, { type: 'request-call', request }];
  }
  return [];
}

/** What a failed request leads to (consent_outdated and closed wait for /me: see answerEffects). */
function refusal(state: JourneyState, code: string | null, config: JourneyConfig): JourneyState {
  switch (code) {
    case 'consent_outdated':
    case 'closed':
      return state;
    case 'no_operator_for_call':
      return nextState(state, { type: 'NO_OPERATOR', reason: 'not-served' }, config);
    case 'no_operator_on_duty':
      return nextState(state, { type: 'NO_OPERATOR', reason: 'none-on-duty' }, config);
    default:
      return nextState(state, { type: 'REQUEST_FAILED' }, config);
  }
}

function nextState(state: JourneyState, event: JourneyEvent, config: JourneyConfig): JourneyState {
  const { language } = state;
  switch (event.type) {
    case 'START':
      return state.screen === 'attract' ? { screen: 'language', language } : state;

    case 'HAVE_RESERVATION':
      return state.screen === 'attract' ? { screen: 'check-in', language } : state;

    case 'SUBMIT_CODE':
      return state.screen === 'check-in' ? { screen: 'checking', language, code: event.code } : state;

    case 'CHECKED_IN':
      // The reservation says the procedure and the language; consent is still asked.
      return state.screen === 'checking' ? toConsentStep(event.language, event.procedure, config, false, event.reservationId) : state;

    case 'CHECK_IN_REFUSED':
      return state.screen === 'checking' ? { screen: 'check-in-refused', language, reason: event.reason, comeAt: event.comeAt } : state;

    case 'CHECK_IN_FAILED':
      return state.screen === 'checking' ? { screen: 'problem', language, problem: 'unavailable' } : state;

    case 'RETRY':
      return state.screen === 'check-in-refused' ? { screen: 'check-in', language } : state;

    case 'WALK_IN_NOW':
      return state.screen === 'walk-in-check' ? toConsentStep(language, state.procedure, config) : state;

    case 'WALK_IN_SLOTS':
      return state.screen === 'walk-in-check'
        ? { screen: 'walk-in-slots', language, procedure: state.procedure, siteKey: event.siteKey, slots: event.slots, taken: state.taken }
        : state;

    case 'WALK_IN_FAILED':
      return state.screen === 'walk-in-check' || state.screen === 'walk-in-booking'
        ? { screen: 'problem', language, problem: 'unavailable' }
        : state;

    case 'BOOK_SLOT':
      // Only a slot that was offered.
      return state.screen === 'walk-in-slots' && state.slots.some((s) => s.start === event.slotStart)
        ? { screen: 'walk-in-booking', language, procedure: state.procedure, siteKey: state.siteKey, slotStart: event.slotStart }
        : state;

    case 'BOOKED':
      return state.screen === 'walk-in-booking' ? { screen: 'walk-in-booked', language, booking: event.booking } : state;

    case 'SLOT_TAKEN':
      return state.screen === 'walk-in-booking' ? { screen: 'walk-in-check', language, procedure: state.procedure, taken: true } : state;

    case 'CHOOSE_LANGUAGE':
      // On the check-in screen the resident may switch the language of its texts.
      if (state.screen === 'check-in') return state.language === event.language ? state : { screen: 'check-in', language: event.language };
      return state.screen === 'language' ? toProcedureStep(event.language, config) : state;

    case 'CHOOSE_PROCEDURE':
      if (state.screen !== 'procedure' || !config.procedures.includes(event.procedure)) return state;
      return toEligibilityStep(language, event.procedure, 0, config);

    case 'ANSWER': {
      if (state.screen !== 'eligibility') return state;
      const question = config.eligibility[state.procedure]?.[state.question];
      if (!question) return toWalkInStep(language, state.procedure, config);
      if (event.answer !== question.proceedIf) {
        return { screen: 'referral', language, procedure: state.procedure, questionId: question.id };
      }
      return toEligibilityStep(language, state.procedure, state.question + 1, config);
    }

    case 'AGREE':
      return state.screen === 'consent'
        ? {
            screen: 'requesting',
            language,
            procedure: state.procedure,
            consent: config.consentVersions,
            ...(state.reservationId ? { reservationId: state.reservationId } : {}),
          }
        : state;

    case 'BACK':
      switch (state.screen) {
        case 'language':
          return { screen: 'attract', language: defaultLanguage };
        case 'procedure':
          return { screen: 'language', language };
        case 'eligibility':
          return state.question > 0 ? { ...state, question: state.question - 1 } : { screen: 'procedure', language };
        case 'consent':
          return beforeConsent(language, state.procedure, config, state.reservationId !== undefined);
        case 'check-in':
          return { screen: 'attract', language: defaultLanguage };
        case 'walk-in-slots':
          return beforeConsent(language, state.procedure, config, false);
        default:
          return state;
      }

    case 'SESSION_OPENED':
      return state.screen === 'requesting' ? { screen: 'waiting', language, procedure: state.procedure, session: event.session } : state;

    case 'CONSENT_OUTDATED':
      return state.screen === 'requesting' ? toConsentStep(language, state.procedure, config, true, state.reservationId) : state;

    case 'CLOSED':
      return state.screen === 'attract' || state.screen === 'requesting'
        ? { screen: 'closed', language, nextOpening: event.nextOpening, resident: state.screen === 'requesting' }
        : state;

    case 'OPENED':
      return state.screen === 'closed' ? { screen: 'attract', language: defaultLanguage } : state;

    case 'REQUEST_FAILED':
      return state.screen === 'requesting' ? { screen: 'problem', language, problem: 'unavailable' } : state;

    case 'NO_OPERATOR':
      return state.screen === 'requesting' ? { screen: 'no-operator', language, reason: event.reason } : state;

    case 'OPERATOR_JOINED':
      return state.screen === 'waiting' ? { ...state, screen: 'call' } : state;

    case 'CALL_ENDED':
      return state.screen === 'waiting' || state.screen === 'call' ? { screen: 'thanks', language } : state;

    case 'CONNECTION_LOST':
      return state.screen === 'waiting' || state.screen === 'call' ? { screen: 'problem', language, problem: 'connection-lost' } : state;

    case 'REQUEST_REFUSED':
      return refusal(state, event.code, config);
  }
}

// --- what each screen does with time -----------------------------------------------------------

export interface ScreenPolicy {
  /**
   * Whether the idle timeout runs: on the screens where a resident chooses and may walk away.
   * Never while waiting or in a call (someone is coming / talking), nor where the screen returns
   * to the start by itself anyway.
   */
  idle: boolean;
  /**
   * While waiting for an operator: ask "are you still there?" after a while without a touch, and
   * give the place up when nobody answers (the booth's `waitingCheck` timing), so a resident who
   * walked away is not rung through to an operator.
   */
  stillThere: boolean;
  /** Return to the start by itself after this long, or null. */
  autoReturnMs: number | null;
  /** Re-check opening hours (GET /me) every minute. */
  pollOpening: boolean;
}

export const REFERRAL_RETURN_MS = 20_000;
/** Long enough to read where else to go. */
export const NO_OPERATOR_RETURN_MS = 30_000;
export const THANKS_RETURN_MS = 5_000;
export const PROBLEM_RETURN_MS = 20_000;
/** A resident who met the closed screen in their language is forgotten after this long. */
export const CLOSED_RETURN_MS = 60_000;
/** Long enough to read why the code did not check in, and when to come. */
export const CHECK_IN_REFUSED_RETURN_MS = 30_000;
/** Long enough to note or photograph the code booked at the booth. */
export const WALK_IN_BOOKED_RETURN_MS = 120_000;

/** What a screen does with time: nothing, unless its case in `policyFor` says otherwise. */
const policy = (does: Partial<ScreenPolicy> = {}): ScreenPolicy => ({
  idle: false,
  stillThere: false,
  autoReturnMs: null,
  pollOpening: false,
  ...does,
});

export function policyFor(state: JourneyState): ScreenPolicy {
  switch (state.screen) {
    case 'language':
    case 'procedure':
    case 'eligibility':
    case 'consent':
    case 'check-in':
    case 'walk-in-slots':
      return policy({ idle: true });
    case 'walk-in-booked':
      return policy({ autoReturnMs: WALK_IN_BOOKED_RETURN_MS });
    case 'walk-in-check':
    case 'walk-in-booking':
      return policy();
    case 'check-in-refused':
      return policy({ autoReturnMs: CHECK_IN_REFUSED_RETURN_MS });
    case 'checking':
      return policy();
    case 'referral':
      return policy({ autoReturnMs: REFERRAL_RETURN_MS });
    case 'no-operator':
      return policy({ autoReturnMs: NO_OPERATOR_RETURN_MS });
    case 'thanks':
      return policy({ autoReturnMs: THANKS_RETURN_MS });
    case 'problem':
      return policy({ autoReturnMs: PROBLEM_RETURN_MS });
    case 'attract':
      return policy({ pollOpening: true });
    case 'closed':
      return policy({ autoReturnMs: state.resident ? CLOSED_RETURN_MS : null, pollOpening: true });
    case 'waiting':
      return policy({ stillThere: true });
    case 'requesting':
    case 'call':
      return policy();
  }
}

/** Whether leaving this state must forget a resident (rather than just show the attract screen). */
export function holdsResident(state: JourneyState): boolean {
  return !(state.screen === 'attract' || (state.screen === 'closed' && !state.resident));
}

/** The session a forgetting must close: cancel while waiting, end once the operator is there. */
export function sessionToClose(state: JourneyState): { sessionId: string; how: 'cancel' | 'end' } | null {
  if (state.screen === 'waiting') return { sessionId: state.session.sessionId, how: 'cancel' };
  if (state.screen === 'call') return { sessionId: state.session.sessionId, how: 'end' };
  return null;
}
