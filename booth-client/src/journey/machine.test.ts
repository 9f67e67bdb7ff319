import { describe, expect, it } from 'vitest';
import {
  holdsResident,
  initialState,
  type JourneyConfig,
  type JourneyEvent,
  type JourneyState,
  policyFor,
  sessionToClose,
  transition,
} from './machine';
import type { Language, Procedure } from './vocabulary';

const full: JourneyConfig = {
  procedures: ['new_application', 'health_insurance', 'other_mynaportal'],
  eligibility: {
    new_application: [{ id: 'has-form', proceedIf: true }],
    health_insurance: [
      { id: 'card-and-pin', proceedIf: true },
      { id: 'pin-locked', proceedIf: false },
    ],
  },
  consentShown: true,
  consentVersions: { terms: 3, privacy: 2 },
  opening: { open: true, nextOpening: null },
  waitingCheck: { askAfterMs: 180_000, answerWithinMs: 30_000 },
};
const bare: JourneyConfig = {
  procedures: [],
  eligibility: {},
  consentShown: false,
  consentVersions: null,
  opening: { open: true, nextOpening: null },
  waitingCheck: { askAfterMs: 180_000, answerWithinMs: 30_000 },
};
const session = {
  sessionId: '00000000-0000-4000-8000-000000000001',
  connection: { serverUrl: 'ws://127.0.0.1:7880', roomName: 'r', participantToken: 't', participantName: 'Booth' },
};

function run(config: JourneyConfig, ...events: JourneyEvent[]): JourneyState {
  return events.reduce((s, e) => transition(s, e, config).state, initialState);
}

/** A resident who starts and picks `language`, then `procedure`. */
function walkUp(language: Language, procedure: Procedure): JourneyEvent[] {
  return [{ type: 'START' }, { type: 'CHOOSE_LANGUAGE', language }, { type: 'CHOOSE_PROCEDURE', procedure }];
}

describe('the booth journey', () => {
  it('starts on the attract screen in Japanese', () => {
    expect(initialState).toEqual({ screen: 'attract', language: 'ja' });
  });

  it('walks attract → language → procedure → eligibility → consent → requesting → waiting → call → thanks', () => {
    let s = run(full, { type: 'START' });
    expect(s).toEqual({ screen: 'language', language: 'ja' });
    s = transition(s, { type: 'CHOOSE_LANGUAGE', language: 'vi' }, full).state;
    expect(s).toEqual({ screen: 'procedure', language: 'vi' });
    s = transition(s, { type: 'CHOOSE_PROCEDURE', procedure: 'health_insurance' }, full).state;
    expect(s).toEqual({ screen: 'eligibility', language: 'vi', procedure: 'health_insurance', question: 0 });
    s = transition(s, { type: 'ANSWER', answer: true }, full).state;
    expect(s).toMatchObject({ screen: 'eligibility', question: 1 });
    s = transition(s, { type: 'ANSWER', answer: false }, full).state;
    expect(s).toEqual({ screen: 'consent', language: 'vi', procedure: 'health_insurance', outdated: false });
    s = transition(s, { type: 'AGREE' }, full).state;
    expect(s).toEqual({
      screen: 'requesting',
      language: 'vi',
      procedure: 'health_insurance',
      consent: { terms: 3, privacy: 2 },
    });
    s = transition(s, { type: 'SESSION_OPENED', session }, full).state;
    expect(s).toEqual({ screen: 'waiting', language: 'vi', procedure: 'health_insurance', session });
    s = transition(s, { type: 'OPERATOR_JOINED' }, full).state;
    expect(s).toMatchObject({ screen: 'call', session, language: 'vi' });
    s = transition(s, { type: 'CALL_ENDED' }, full).state;
    expect(s).toEqual({ screen: 'thanks', language: 'vi' });
  });

  it('refers to the counter when an answer is not the one that lets the resident proceed', () => {
    const s = run(full, ...walkUp('en', 'health_insurance'), { type: 'ANSWER', answer: true }, { type: 'ANSWER', answer: true });
    expect(s).toEqual({ screen: 'referral', language: 'en', procedure: 'health_insurance', questionId: 'pin-locked' });
    // nothing leads from a referral into a call
    expect(transition(s, { type: 'AGREE' }, full).state).toBe(s);
    expect(transition(s, { type: 'SESSION_OPENED', session }, full).state).toBe(s);
  });

  it('goes straight to consent for a procedure without questions', () => {
    const s = run(full, ...walkUp('ja', 'other_mynaportal'));
    expect(s).toEqual({ screen: 'consent', language: 'ja', procedure: 'other_mynaportal', outdated: false });
    expect(transition(s, { type: 'BACK' }, full).state).toEqual({ screen: 'procedure', language: 'ja' });
  });

  it('ignores a procedure the municipality does not offer', () => {
    const s = run(full, { type: 'START' }, { type: 'CHOOSE_LANGUAGE', language: 'ja' });
    expect(transition(s, { type: 'CHOOSE_PROCEDURE', procedure: 'bank_account' }, full).state).toBe(s);
  });

  it('skips every step the municipality does not use', () => {
    const s = run(bare, { type: 'START' }, { type: 'CHOOSE_LANGUAGE', language: 'ko' });
    expect(s).toEqual({ screen: 'requesting', language: 'ko', procedure: null, consent: null });
  });

  it('shows consent but sends none when only one document is published', () => {
    const config: JourneyConfig = { ...bare, consentShown: true, consentVersions: null };
    let s = run(config, { type: 'START' }, { type: 'CHOOSE_LANGUAGE', language: 'pt' });
    expect(s).toEqual({ screen: 'consent', language: 'pt', procedure: null, outdated: false });
    expect(transition(s, { type: 'BACK' }, config).state).toEqual({ screen: 'language', language: 'pt' });
    s = transition(s, { type: 'AGREE' }, config).state;
    expect(s).toMatchObject({ screen: 'requesting', consent: null });
  });

  it('goes back one step at a time', () => {
    let s = run(full, ...walkUp('en', 'health_insurance'), { type: 'ANSWER', answer: true }, { type: 'ANSWER', answer: false });
    expect(s.screen).toBe('consent');
    s = transition(s, { type: 'BACK' }, full).state;
    expect(s).toEqual({ screen: 'eligibility', language: 'en', procedure: 'health_insurance', question: 1 });
    s = transition(s, { type: 'BACK' }, full).state;
    expect(s).toMatchObject({ screen: 'eligibility', question: 0 });
    s = transition(s, { type: 'BACK' }, full).state;
    expect(s).toEqual({ screen: 'procedure', language: 'en' });
    s = transition(s, { type: 'BACK' }, full).state;
    expect(s).toEqual({ screen: 'language', language: 'en' });
    s = transition(s, { type: 'BACK' }, full).state;
    expect(s).toEqual({ screen: 'attract', language: 'ja' });
  });

  it('shows consent again, marked as updated, when the API says it is outdated', () => {
    const requesting = run(full, ...walkUp('ja', 'other_mynaportal'), { type: 'AGREE' });
    const reloaded: JourneyConfig = { ...full, consentVersions: { terms: 4, privacy: 2 } };
    const s = transition(requesting, { type: 'CONSENT_OUTDATED' }, reloaded).state;
    expect(s).toEqual({ screen: 'consent', language: 'ja', procedure: 'other_mynaportal', outdated: true });
    expect(transition(s, { type: 'AGREE' }, reloaded).state).toMatchObject({ consent: { terms: 4, privacy: 2 } });
  });

  it('shows the closed screen from the attract screen or a refused request, and reopens to attract', () => {
    const closed = transition(initialState, { type: 'CLOSED', nextOpening: '2026-01-05T23:15:00.000Z' }, full).state;
    expect(closed).toEqual({ screen: 'closed', language: 'ja', nextOpening: '2026-01-05T23:15:00.000Z', resident: false });
    expect(holdsResident(closed)).toBe(false);
    expect(policyFor(closed).autoReturnMs).toBeNull();
    expect(transition(closed, { type: 'OPENED' }, full).state).toEqual(initialState);
    expect(transition(closed, { type: 'START' }, full).state).toBe(closed);

    const requesting = run(bare, { type: 'START' }, { type: 'CHOOSE_LANGUAGE', language: 'en' });
    const closedInEnglish = transition(requesting, { type: 'CLOSED', nextOpening: null }, bare).state;
    expect(closedInEnglish).toEqual({ screen: 'closed', language: 'en', nextOpening: null, resident: true });
    expect(holdsResident(closedInEnglish)).toBe(true);
    expect(policyFor(closedInEnglish).autoReturnMs).toBe(60_000);
    expect(transition(closedInEnglish, { type: 'OPENED' }, bare).state).toEqual(initialState);
    // a resident in the middle of choosing is not thrown out by the minute check
    const choosing = run(full, { type: 'START' });
    expect(transition(choosing, { type: 'CLOSED', nextOpening: null }, full).state).toBe(choosing);
  });

  it('reports a failed request and a lost connection', () => {
    const requesting = run(bare, { type: 'START' }, { type: 'CHOOSE_LANGUAGE', language: 'ja' });
    expect(transition(requesting, { type: 'REQUEST_FAILED' }, bare).state).toEqual({
      screen: 'problem',
      language: 'ja',
      problem: 'unavailable',
    });
    const waiting = transition(requesting, { type: 'SESSION_OPENED', session }, bare).state;
    expect(transition(waiting, { type: 'CONNECTION_LOST' }, bare).state).toMatchObject({ screen: 'problem', problem: 'connection-lost' });
  });

  it('a room that ends while still waiting (operator never came) also thanks the resident', () => {
    const waiting = run(bare, { type: 'START' }, { type: 'CHOOSE_LANGUAGE', language: 'ja' }, { type: 'SESSION_OPENED', session });
    expect(transition(waiting, { type: 'CALL_ENDED' }, bare).state).toEqual({ screen: 'thanks', language: 'ja' });
  });

  it('runs the idle timeout only where a resident is choosing', () => {
    const idleScreens = ['language', 'procedure', 'eligibility', 'consent'];
    const states: JourneyState[] = [
      initialState,
      { screen: 'language', language: 'ja' },
      { screen: 'procedure', language: 'ja' },
      { screen: 'eligibility', language: 'ja', procedure: 'renewal', question: 0 },
      { screen: 'referral', language: 'ja', procedure: 'renewal', questionId: 'q' },
      { screen: 'consent', language: 'ja', procedure: null, outdated: false },
      { screen: 'requesting', language: 'ja', procedure: null, consent: null },
      { screen: 'waiting', language: 'ja', procedure: null, session },
      { screen: 'call', language: 'ja', procedure: null, session },
      { screen: 'thanks', language: 'ja' },
      { screen: 'problem', language: 'ja', problem: 'unavailable' },
      { screen: 'closed', language: 'ja', nextOpening: null, resident: false },
    ];
    for (const s of states) expect(policyFor(s).idle, s.screen).toBe(idleScreens.includes(s.screen));
    expect(policyFor(states[4]!).autoReturnMs).toBe(20_000);
    expect(policyFor(states[9]!).autoReturnMs).toBe(5_000);
    expect(states.filter((s) => policyFor(s).pollOpening).map((s) => s.screen)).toEqual(['attract', 'closed']);
  });

  it('asks "are you still there?" only while waiting for an operator (not while choosing, not in the call)', () => {
    const states: JourneyState[] = [
      initialState,
      { screen: 'language', language: 'ja' },
      { screen: 'consent', language: 'ja', procedure: null, outdated: false },
      { screen: 'requesting', language: 'ja', procedure: null, consent: null },
      { screen: 'waiting', language: 'vi', procedure: 'renewal', session },
      { screen: 'call', language: 'ja', procedure: null, session },
      { screen: 'no-operator', language: 'vi', reason: 'not-served' },
    ];
    expect(states.filter((s) => policyFor(s).stillThere).map((s) => s.screen)).toEqual(['waiting']);
    // Giving the place up cancels the waiting session (recorded as abandoned).
    expect(sessionToClose(states[4]!)).toEqual({ sessionId: session.sessionId, how: 'cancel' });
  });

  it.each<['not-served' | 'none-on-duty']>([['not-served'], ['none-on-duty']])(
    'nobody can take the call (%s): says so in the resident’s language instead of waiting, and returns to the start by itself',
    (reason) => {
      const requesting = run(full, ...walkUp('vi', 'other_mynaportal'), { type: 'AGREE' });
      expect(requesting).toMatchObject({ screen: 'requesting', language: 'vi' });
      const told = transition(requesting, { type: 'NO_OPERATOR', reason }, full).state;
      expect(told).toEqual({ screen: 'no-operator', language: 'vi', reason });
      expect(policyFor(told)).toEqual({ idle: false, stillThere: false, autoReturnMs: 30_000, pollOpening: false });
      expect(holdsResident(told)).toBe(true);
      expect(sessionToClose(told)).toBeNull();
      // Only an answer to the request means it.
      const waiting = transition(requesting, { type: 'SESSION_OPENED', session }, full).state;
      expect(transition(waiting, { type: 'NO_OPERATOR', reason }, full).state).toBe(waiting);
      expect(transition(initialState, { type: 'NO_OPERATOR', reason }, full).state).toBe(initialState);
    },
  );

  it('knows which states hold a resident', () => {
    expect(holdsResident(initialState)).toBe(false);
    expect(holdsResident({ screen: 'language', language: 'ja' })).toBe(true);
    expect(holdsResident({ screen: 'thanks', language: 'ja' })).toBe(true);
  });

  it('knows which session a forgetting must close', () => {
    expect(sessionToClose(initialState)).toBeNull();
    expect(sessionToClose({ screen: 'waiting', language: 'ja', procedure: null, session })).toEqual({
      sessionId: session.sessionId,
      how: 'cancel',
    });
    expect(sessionToClose({ screen: 'call', language: 'ja', procedure: null, session })).toEqual({
      sessionId: session.sessionId,
      how: 'end',
    });
  });
});

describe('the effects a transition returns', () => {
  const toConsent = walkUp('vi', 'other_mynaportal');
  const requesting = run(full, ...toConsent, { type: 'AGREE' });

  it('screens the resident walks through call for nothing', () => {
    let s = initialState;
    for (const event of [...toConsent, { type: 'BACK' }, { type: 'CHOOSE_PROCEDURE', procedure: 'health_insurance' }] as const) {
      const step = transition(s, event, full);
      expect(step.effects, event.type).toEqual([]);
      s = step.state;
    }
  });

  it('asks for the call once, as the requesting screen shows: camera first, then the request with what was chosen', () => {
    expect(transition(run(full, ...toConsent), { type: 'AGREE' }, full).effects).toEqual([
      { type: 'prepare-media' },
      { type: 'request-call', request: { language: 'vi', procedure: 'other_mynaportal', consent: { terms: 3, privacy: 2 } } },
    ]);
    // without procedures or consent, only the language
    expect(transition(run(bare, { type: 'START' }), { type: 'CHOOSE_LANGUAGE', language: 'ko' }, bare).effects).toEqual([
      { type: 'prepare-media' },
      { type: 'request-call', request: { language: 'ko' } },
    ]);
    // a tap that means nothing on the requesting screen asks nothing again
    expect(transition(requesting, { type: 'AGREE' }, full)).toEqual({ state: requesting, effects: [] });
  });

  it('records a referral once, as its screen shows', () => {
    const answering = run(full, ...walkUp('en', 'new_application'));
    const step = transition(answering, { type: 'ANSWER', answer: false }, full);
    expect(step.state).toMatchObject({ screen: 'referral' });
    expect(step.effects).toEqual([{ type: 'refer', procedure: 'new_application', language: 'en', questionId: 'has-form' }]);
    expect(transition(step.state, { type: 'ANSWER', answer: false }, full).effects).toEqual([]);
  });

  it('an opened session leads to waiting; one nobody asked for is given up at once', () => {
    expect(transition(requesting, { type: 'SESSION_OPENED', session }, full).effects).toEqual([]);
    const referral: JourneyState = { screen: 'referral', language: 'ja', procedure: 'renewal', questionId: 'q' };
    expect(transition(referral, { type: 'SESSION_OPENED', session }, full)).toEqual({
      state: referral,
      effects: [{ type: 'release-media' }, { type: 'close-session', sessionId: session.sessionId, how: 'cancel' }],
    });
  });

  it.each<[string | null, Partial<JourneyState>]>([
    ['no_operator_for_call', { screen: 'no-operator', reason: 'not-served' }],
    ['no_operator_on_duty', { screen: 'no-operator', reason: 'none-on-duty' }],
    ['rate_limited', { screen: 'problem', problem: 'unavailable' }],
    [null, { screen: 'problem', problem: 'unavailable' }],
  ])('a refused request (%s) turns the camera off and says why', (code, screen) => {
    const step = transition(requesting, { type: 'REQUEST_REFUSED', code }, full);
    expect(step.state).toMatchObject({ ...screen, language: 'vi' });
    expect(step.effects).toEqual([{ type: 'release-media' }]);
  });

  it.each(['consent_outdated', 'closed'] as const)('refused as %s: /me again first, and what it says decides the screen', (code) => {
    const step = transition(requesting, { type: 'REQUEST_REFUSED', code }, full);
    expect(step.state).toBe(requesting);
    expect(step.effects).toEqual([{ type: 'release-media' }, { type: 'reload-info', refused: code }]);
    // an answer for a request no longer on screen only turns the camera off
    expect(transition(initialState, { type: 'REQUEST_REFUSED', code }, full)).toEqual({
      state: initialState,
      effects: [{ type: 'release-media' }],
    });
  });

  it('asks again when the reloaded consent is no longer shown (nothing to agree to)', () => {
    const step = transition(requesting, { type: 'CONSENT_OUTDATED' }, { ...full, consentShown: false, consentVersions: null });
    expect(step.state).toEqual({ screen: 'requesting', language: 'vi', procedure: 'other_mynaportal', consent: null });
    expect(step.effects).toEqual([
      { type: 'prepare-media' },
      { type: 'request-call', request: { language: 'vi', procedure: 'other_mynaportal' } },
    ]);
  });

  it('the end of the room ends the session; a lost link says so', () => {
    const waiting = transition(requesting, { type: 'SESSION_OPENED', session }, full).state;
    const call = transition(waiting, { type: 'OPERATOR_JOINED' }, full);
    expect(call.effects).toEqual([]);
    const end = { type: 'close-session', sessionId: session.sessionId, how: 'end' };
    expect(transition(call.state, { type: 'CALL_ENDED' }, full).effects).toEqual([end]);
    expect(transition(waiting, { type: 'CALL_ENDED' }, full).effects).toEqual([end]);
    expect(transition(call.state, { type: 'CONNECTION_LOST' }, full).effects).toEqual([
      { type: 'close-session', sessionId: session.sessionId, how: 'end', reason: 'connection-lost' },
    ]);
    const thanks = transition(call.state, { type: 'CALL_ENDED' }, full).state;
    expect(transition(thanks, { type: 'CALL_ENDED' }, full)).toEqual({ state: thanks, effects: [] });
  });
});

describe('a resident with a reservation', () => {
  const reservationId = '00000000-0000-4000-8000-0000000000aa';
  const checkedIn: JourneyEvent = { type: 'CHECKED_IN', reservationId, procedure: 'renewal', language: 'pt' };

  it("attract → check-in → checking (asks the API once) → consent in the reservation's language → requesting with its id", () => {
    let s = run(full, { type: 'HAVE_RESERVATION' });
    expect(s).toEqual({ screen: 'check-in', language: 'ja' });
    const submitted = transition(s, { type: 'SUBMIT_CODE', code: 'K7PQ2M9X' }, full);
    expect(submitted.state).toEqual({ screen: 'checking', language: 'ja', code: 'K7PQ2M9X' });
    expect(submitted.effects).toEqual([{ type: 'check-in', code: 'K7PQ2M9X' }]);
    // A second read of the QR code while the first is with the API changes nothing.
    expect(transition(submitted.state, { type: 'SUBMIT_CODE', code: 'K7PQ2M9X' }, full).effects).toEqual([]);
    s = transition(submitted.state, checkedIn, full).state;
    // No language, procedure or eligibility screens: the reservation says them.
    expect(s).toEqual({ screen: 'consent', language: 'pt', procedure: 'renewal', outdated: false, reservationId });
    const agreed = transition(s, { type: 'AGREE' }, full);
    expect(agreed.state).toEqual({
      screen: 'requesting',
      language: 'pt',
      procedure: 'renewal',
      consent: { terms: 3, privacy: 2 },
      reservationId,
    });
    expect(agreed.effects).toEqual([
      { type: 'prepare-media' },
      { type: 'request-call', request: { language: 'pt', procedure: 'renewal', consent: { terms: 3, privacy: 2 }, reservationId } },
    ]);
    s = transition(agreed.state, { type: 'SESSION_OPENED', session }, full).state;
    expect(s).toEqual({ screen: 'waiting', language: 'pt', procedure: 'renewal', session });
  });

  it('without consent documents goes straight to the call, still with the reservation', () => {
    const s = run(bare, { type: 'HAVE_RESERVATION' }, { type: 'SUBMIT_CODE', code: 'K7PQ2M9X' }, checkedIn);
    expect(s).toEqual({ screen: 'requesting', language: 'pt', procedure: 'renewal', consent: null, reservationId });
  });

  it('keeps the reservation when the consent was outdated and asked again', () => {
    const s = run(
      full,
      { type: 'HAVE_RESERVATION' },
      { type: 'SUBMIT_CODE', code: 'K7PQ2M9X' },
      checkedIn,
      { type: 'AGREE' },
      { type: 'CONSENT_OUTDATED' },
    );
    expect(s).toEqual({ screen: 'consent', language: 'pt', procedure: 'renewal', outdated: true, reservationId });
  });

  it('a refused code shows why (and when to come); "try again" returns to the keypad', () => {
    const comeAt = { date: '2026-12-08', time: '13:50' };
    let s = run(
      full,
      { type: 'HAVE_RESERVATION' },
      { type: 'SUBMIT_CODE', code: 'K7PQ2M9X' },
      { type: 'CHECK_IN_REFUSED', reason: 'early', comeAt },
    );
    expect(s).toEqual({ screen: 'check-in-refused', language: 'ja', reason: 'early', comeAt });
    expect(policyFor(s).autoReturnMs).toBeGreaterThan(0);
    expect(holdsResident(s)).toBe(true);
    s = transition(s, { type: 'RETRY' }, full).state;
    expect(s).toEqual({ screen: 'check-in', language: 'ja' });
  });

  it('a failed check-in request is the problem screen', () => {
    const s = run(full, { type: 'HAVE_RESERVATION' }, { type: 'SUBMIT_CODE', code: 'K7PQ2M9X' }, { type: 'CHECK_IN_FAILED' });
    expect(s).toEqual({ screen: 'problem', language: 'ja', problem: 'unavailable' });
  });

  it('the check-in screen switches its language and goes back to the start; back from consent is the keypad', () => {
    let s = run(full, { type: 'HAVE_RESERVATION' }, { type: 'CHOOSE_LANGUAGE', language: 'vi' });
    expect(s).toEqual({ screen: 'check-in', language: 'vi' });
    expect(policyFor(s).idle).toBe(true);
    expect(transition(s, { type: 'BACK' }, full).state).toEqual(initialState);
    s = run(full, { type: 'HAVE_RESERVATION' }, { type: 'SUBMIT_CODE', code: 'K7PQ2M9X' }, checkedIn, { type: 'BACK' });
    expect(s).toEqual({ screen: 'check-in', language: 'pt' });
  });

  it('ignores check-in answers and codes where they mean nothing', () => {
    const attract = initialState;
    for (const event of [
      checkedIn,
      { type: 'SUBMIT_CODE', code: 'K7PQ2M9X' },
      { type: 'CHECK_IN_REFUSED', reason: 'unknown', comeAt: null },
      { type: 'CHECK_IN_FAILED' },
      { type: 'RETRY' },
    ] satisfies JourneyEvent[]) {
      expect(transition(attract, event, full).state).toBe(attract);
    }
    const language = run(full, { type: 'START' });
    expect(transition(language, { type: 'HAVE_RESERVATION' }, full).state).toBe(language);
  });
});

describe('a walk-in at a reservation-only town (issue 17)', () => {
  const only: JourneyConfig = { ...full, reservationOnly: true };
  const slots = [
    { start: '2026-12-07T02:00:00.000Z', comeAt: { date: null, time: '11:00' } },
    { start: '2026-12-08T00:00:00.000Z', comeAt: { date: '2026-12-08', time: '09:00' } },
  ];
  const booking = { code: 'K7PQ-2M9X', qr: '<svg/>', comeAt: { date: null, time: '11:00' } };
  /** Walks up in Vietnamese for a procedure with one question (answered so as to go on). */
  const upToCheck: JourneyEvent[] = [...walkUp('vi', 'new_application'), { type: 'ANSWER', answer: true }];

  it('asks the API after the questions; no reservation due now → consent and the call as a walk-in', () => {
    const asked = transition(run(only, ...walkUp('vi', 'new_application')), { type: 'ANSWER', answer: true }, only);
    expect(asked.state).toEqual({ screen: 'walk-in-check', language: 'vi', procedure: 'new_application', taken: false });
    expect(asked.effects).toEqual([{ type: 'walk-in' }]);
    const s = run(only, ...upToCheck, { type: 'WALK_IN_NOW' });
    expect(s).toEqual({ screen: 'consent', language: 'vi', procedure: 'new_application', outdated: false });
  });

  it('a town that is not reservation-only goes straight to consent (no question asked)', () => {
    const step = transition(run(full, ...walkUp('vi', 'new_application')), { type: 'ANSWER', answer: true }, full);
    expect(step.state.screen).toBe('consent');
    expect(step.effects).toEqual([]);
  });

  it('otherwise offers the slots; a tap on an offered one books it (procedure and language only) and shows the code', () => {
    let s = run(only, ...upToCheck, { type: 'WALK_IN_SLOTS', siteKey: 'b-0123456789ab', slots });
    expect(s).toEqual({
      screen: 'walk-in-slots',
      language: 'vi',
      procedure: 'new_application',
      siteKey: 'b-0123456789ab',
      slots,
      taken: false,
    });
    expect(policyFor(s).idle).toBe(true);
    // A time that was not offered means nothing.
    expect(transition(s, { type: 'BOOK_SLOT', slotStart: '2026-12-09T00:00:00.000Z' }, only).state).toBe(s);
    const tapped = transition(s, { type: 'BOOK_SLOT', slotStart: slots[1]!.start }, only);
    expect(tapped.effects).toEqual([
      { type: 'book-slot', siteKey: 'b-0123456789ab', slotStart: slots[1]!.start, procedure: 'new_application', language: 'vi' },
    ]);
    s = transition(tapped.state, { type: 'BOOKED', booking }, only).state;
    expect(s).toEqual({ screen: 'walk-in-booked', language: 'vi', booking });
    expect(policyFor(s).autoReturnMs).toBeGreaterThanOrEqual(60_000);
    expect(holdsResident(s)).toBe(true);
  });

  it('a slot taken meanwhile asks again and says so; a failure is the problem screen; back returns to the questions', () => {
    const offered = run(only, ...upToCheck, { type: 'WALK_IN_SLOTS', siteKey: 'b-0123456789ab', slots });
    const again = transition(
      run(
        only,
        ...upToCheck,
        { type: 'WALK_IN_SLOTS', siteKey: 'b-0123456789ab', slots },
        { type: 'BOOK_SLOT', slotStart: slots[0]!.start },
      ),
      { type: 'SLOT_TAKEN' },
      only,
    );
    expect(again.state).toEqual({ screen: 'walk-in-check', language: 'vi', procedure: 'new_application', taken: true });
    expect(again.effects).toEqual([{ type: 'walk-in' }]);
    expect(transition(again.state, { type: 'WALK_IN_SLOTS', siteKey: 'k', slots }, only).state).toMatchObject({ taken: true });
    expect(run(only, ...upToCheck, { type: 'WALK_IN_FAILED' })).toEqual({ screen: 'problem', language: 'vi', problem: 'unavailable' });
    expect(transition(offered, { type: 'BACK' }, only).state).toEqual({
      screen: 'eligibility',
      language: 'vi',
      procedure: 'new_application',
      question: 0,
    });
  });

  it('ignores walk-in answers where they mean nothing', () => {
    const consent = run(only, ...upToCheck, { type: 'WALK_IN_NOW' });
    for (const event of [
      { type: 'WALK_IN_NOW' },
      { type: 'WALK_IN_SLOTS', siteKey: 'k', slots },
      { type: 'BOOK_SLOT', slotStart: slots[0]!.start },
      { type: 'BOOKED', booking },
      { type: 'SLOT_TAKEN' },
      { type: 'WALK_IN_FAILED' },
    ] satisfies JourneyEvent[]) {
      expect(transition(consent, event, only).state).toBe(consent);
      expect(transition(initialState, event, only).state).toBe(initialState);
    }
  });
});
