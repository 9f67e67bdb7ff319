import { seededRandom } from '@madoguchi/app/seeded-random';
import { describe, expect, it } from 'vitest';
import { IDLE_MS, WARN_MS } from './idle';
import { CLOSED_RETURN_MS, type JourneyConfig, type JourneyState, REFERRAL_RETURN_MS, type Screen, THANKS_RETURN_MS } from './machine';
import { advance, begin, type Effect, OPENING_RECHECK_MS, type TimerId, type Visit, type VisitEvent, type VisitStep } from './visit';

const config: JourneyConfig = {
  procedures: ['renewal'],
  eligibility: { renewal: [{ id: 'has-card', proceedIf: true }] },
  consentShown: true,
  consentVersions: { terms: 1, privacy: 1 },
  opening: { open: true, nextOpening: null },
  waitingCheck: { askAfterMs: 12_000, answerWithinMs: 8_000 },
};
const T0 = Date.parse('2026-01-05T09:00:00.000Z');
const closedUntil = (nextOpening: string | null): JourneyConfig => ({ ...config, opening: { open: false, nextOpening } });
const session = {
  sessionId: '00000000-0000-4000-8000-000000000001',
  connection: { serverUrl: 'ws://127.0.0.1:7880', roomName: 'r', participantToken: 't', participantName: 'Booth' },
};

/** A visit driven by events at given times, keeping every effect. */
class Drive {
  step: VisitStep;
  constructor(
    public cfg: JourneyConfig = config,
    public now = T0,
  ) {
    this.step = begin(cfg, now);
  }
  get visit(): Visit {
    return this.step.visit;
  }
  get state(): JourneyState {
    return this.step.visit.state;
  }
  send(event: VisitEvent, at = this.now): Effect[] {
    this.now = at;
    this.step = advance(this.step.visit, event, this.cfg, at);
    return this.step.effects;
  }
  /** Events that walk from attract to the waiting screen. */
  toWaiting(): Effect[] {
    this.send({ type: 'START' });
    this.send({ type: 'CHOOSE_LANGUAGE', language: 'vi' });
    this.send({ type: 'CHOOSE_PROCEDURE', procedure: 'renewal' });
    this.send({ type: 'ANSWER', answer: true });
    this.send({ type: 'AGREE' });
    return this.send({ type: 'SESSION_OPENED', session });
  }
}

const start = (id: TimerId, ms: number): Effect => ({ type: 'start-timer', id, ms });
const cancel = (id: TimerId): Effect => ({ type: 'cancel-timer', id });

describe('a visit begins', () => {
  it('on the attract screen, checking the opening hours every minute', () => {
    const { visit, effects } = begin(config, T0);
    expect(visit).toEqual({
      state: { screen: 'attract', language: 'ja' },
      touchedAt: null,
      warning: null,
      returnsAt: null,
      awaitsOpening: null,
      over: false,
    });
    expect(effects).toEqual([start('opening-check', OPENING_RECHECK_MS)]);
  });

  it('on the closed screen when /me says closed, and asks again a second after the next opening', () => {
    const { visit, effects } = begin(closedUntil('2026-01-05T09:30:00.000Z'), T0);
    expect(visit.state).toEqual({ screen: 'closed', language: 'ja', nextOpening: '2026-01-05T09:30:00.000Z', resident: false });
    expect(visit.awaitsOpening).toBe('2026-01-05T09:30:00.000Z');
    expect(effects).toEqual([start('opening-check', OPENING_RECHECK_MS), start('next-opening', 30 * 60_000 + 1000)]);
  });

  it('sets no next-opening timer for an opening past, unknown, or beyond what setTimeout can wait', () => {
    for (const next of ['2026-01-05T08:00:00.000Z', null, '2026-03-05T09:00:00.000Z']) {
      expect(begin(closedUntil(next), T0).effects).toEqual([start('opening-check', OPENING_RECHECK_MS)]);
    }
  });
});

describe('the idle timeout', () => {
  it('starts with each choosing screen, warns after IDLE_MS, forgets WARN_MS later', () => {
    const d = new Drive();
    expect(d.send({ type: 'START' })).toEqual([start('idle', IDLE_MS), cancel('opening-check')]);
    expect(d.visit.touchedAt).toBe(T0);
    // the next screen starts it over
    expect(d.send({ type: 'CHOOSE_LANGUAGE', language: 'en' }, T0 + 30_000)).toEqual([start('idle', IDLE_MS)]);
    const chosen = T0 + 30_000;
    expect(d.send({ type: 'TIMER_FIRED', id: 'idle' }, chosen + IDLE_MS)).toEqual([start('idle', WARN_MS)]);
    expect(d.visit.warning).toEqual({ endsAt: chosen + IDLE_MS + WARN_MS });
    expect(d.send({ type: 'TIMER_FIRED', id: 'idle' }, chosen + IDLE_MS + WARN_MS)).toEqual([cancel('idle'), { type: 'forget' }]);
    expect(d.visit.over).toBe(true);
  });

  it('a touch hides the warning and starts the count over', () => {
    const d = new Drive();
    d.send({ type: 'START' });
    d.send({ type: 'TIMER_FIRED', id: 'idle' }, T0 + IDLE_MS);
    expect(d.visit.warning).not.toBeNull();
    expect(d.send({ type: 'ACTIVITY' }, T0 + IDLE_MS + 3000)).toEqual([start('idle', IDLE_MS)]);
    expect(d.visit).toMatchObject({ warning: null, touchedAt: T0 + IDLE_MS + 3000 });
    expect(d.visit.over).toBe(false);
  });

  it('a timer that fires before its time (a touch meanwhile) only waits for the rest', () => {
    const d = new Drive();
    d.send({ type: 'START' });
    d.send({ type: 'ACTIVITY' }, T0 + 10_000);
    expect(d.send({ type: 'TIMER_FIRED', id: 'idle' }, T0 + IDLE_MS)).toEqual([start('idle', 10_000)]);
    expect(d.visit.warning).toBeNull();
  });

  it('does not run, and touches mean nothing, where nobody is choosing', () => {
    const d = new Drive();
    const before = d.step.visit;
    expect(d.send({ type: 'ACTIVITY' })).toEqual([]);
    expect(d.visit).toBe(before);
    expect(d.send({ type: 'TIMER_FIRED', id: 'idle' })).toEqual([]);
    expect(d.visit).toBe(before);
  });

  it('while waiting asks "are you still there?" on /me’s timing; no answer gives the place up, recorded as idle', () => {
    const d = new Drive();
    const toWait = d.toWaiting();
    expect(toWait).toEqual([start('idle', 12_000)]);
    expect(d.send({ type: 'TIMER_FIRED', id: 'idle' }, T0 + 12_000)).toEqual([start('idle', 8_000)]);
    expect(d.visit.warning).toEqual({ endsAt: T0 + 20_000 });
    expect(d.send({ type: 'TIMER_FIRED', id: 'idle' }, T0 + 20_000)).toEqual([
      { type: 'record', sessionId: session.sessionId, event: 'idle-timeout' },
      { type: 'close-session', sessionId: session.sessionId, how: 'cancel' },
      cancel('idle'),
      { type: 'forget' },
    ]);
  });

  it('stops once the operator joins', () => {
    const d = new Drive();
    d.toWaiting();
    d.send({ type: 'TIMER_FIRED', id: 'idle' }, T0 + 12_000);
    expect(d.send({ type: 'OPERATOR_JOINED' })).toEqual([cancel('idle')]);
    expect(d.visit).toMatchObject({ state: { screen: 'call' }, warning: null, touchedAt: null });
  });
});

describe('screens that return to the start by themselves', () => {
  it('a referral records itself, counts down, and forgets the resident', () => {
    const d = new Drive();
    d.send({ type: 'START' });
    d.send({ type: 'CHOOSE_LANGUAGE', language: 'en' });
    d.send({ type: 'CHOOSE_PROCEDURE', procedure: 'renewal' });
    expect(d.send({ type: 'ANSWER', answer: false }, T0 + 5000)).toEqual([
      { type: 'refer', procedure: 'renewal', language: 'en', questionId: 'has-card' },
      cancel('idle'),
      start('auto-return', REFERRAL_RETURN_MS),
    ]);
    expect(d.visit.returnsAt).toBe(T0 + 5000 + REFERRAL_RETURN_MS);
    const returned = d.send({ type: 'TIMER_FIRED', id: 'auto-return' }, T0 + 5000 + REFERRAL_RETURN_MS);
    expect(returned).toEqual([cancel('auto-return'), { type: 'forget' }]);
  });

  it('thanks for 5 s after the call, and the resident may go earlier', () => {
    const d = new Drive();
    d.toWaiting();
    d.send({ type: 'OPERATOR_JOINED' });
    expect(d.send({ type: 'CALL_ENDED' })).toEqual([
      { type: 'close-session', sessionId: session.sessionId, how: 'end' },
      start('auto-return', THANKS_RETURN_MS),
    ]);
    expect(d.send({ type: 'START_OVER' })).toEqual([cancel('auto-return'), { type: 'forget' }]);
  });
});

describe('leaving', () => {
  it('back from the language screen forgets (nothing to close)', () => {
    const d = new Drive();
    d.send({ type: 'START' });
    expect(d.send({ type: 'START_OVER' })).toEqual([cancel('idle'), { type: 'forget' }]);
  });

  it('cancelling the wait cancels the session, without an idle event', () => {
    const d = new Drive();
    d.toWaiting();
    expect(d.send({ type: 'CANCEL' })).toEqual([
      { type: 'close-session', sessionId: session.sessionId, how: 'cancel' },
      cancel('idle'),
      { type: 'forget' },
    ]);
  });

  it('a forgotten visit does nothing more, except give up a session a late answer opened', () => {
    const d = new Drive();
    d.send({ type: 'START' });
    d.send({ type: 'CHOOSE_LANGUAGE', language: 'en' });
    d.send({ type: 'START_OVER' });
    const over = d.visit;
    const later = [
      { type: 'START' },
      { type: 'TIMER_FIRED', id: 'idle' },
      { type: 'ACTIVITY' },
      { type: 'INFO_CHANGED' },
      { type: 'CALL_ENDED' },
    ] as const;
    for (const event of later) {
      expect(d.send(event), event.type).toEqual([]);
    }
    expect(d.send({ type: 'SESSION_OPENED', session })).toEqual([
      { type: 'release-media' },
      { type: 'close-session', sessionId: session.sessionId, how: 'cancel' },
    ]);
    expect(d.send({ type: 'REQUEST_REFUSED', code: 'closed' })).toEqual([{ type: 'release-media' }]);
    expect(d.visit).toBe(over);
  });

  it('the screen going away (maintenance) stops the timers but forgets nobody', () => {
    const d = new Drive();
    d.send({ type: 'START' });
    expect(d.send({ type: 'LEFT' })).toEqual([cancel('idle')]);
    expect(d.visit.over).toBe(true);
    // left while the request was in flight: its session is given up when it comes
    const r = new Drive(config);
    r.send({ type: 'START' });
    r.send({ type: 'CHOOSE_LANGUAGE', language: 'en' });
    r.send({ type: 'CHOOSE_PROCEDURE', procedure: 'renewal' });
    r.send({ type: 'ANSWER', answer: true });
    expect(r.send({ type: 'AGREE' }).map((e) => e.type)).toEqual(['prepare-media', 'request-call', 'cancel-timer']);
    expect(r.send({ type: 'LEFT' })).toEqual([]);
    const late = r.send({ type: 'SESSION_OPENED', session });
    expect(late).toContainEqual({ type: 'close-session', sessionId: session.sessionId, how: 'cancel' });
  });
});

describe('opening hours', () => {
  it('/me saying closed turns the attract screen to closed; open again turns it back, the minute check running on', () => {
    const d = new Drive();
    d.cfg = closedUntil('2026-01-05T09:10:00.000Z');
    expect(d.send({ type: 'INFO_CHANGED' })).toEqual([start('next-opening', 10 * 60_000 + 1000)]);
    expect(d.state).toEqual({ screen: 'closed', language: 'ja', nextOpening: '2026-01-05T09:10:00.000Z', resident: false });
    const checked = d.send({ type: 'TIMER_FIRED', id: 'opening-check' }, T0 + 60_000);
    expect(checked).toEqual([{ type: 'reload-info' }, start('opening-check', OPENING_RECHECK_MS)]);
    expect(d.send({ type: 'TIMER_FIRED', id: 'next-opening' }, T0 + 10 * 60_000 + 1000)).toEqual([{ type: 'reload-info' }]);
    d.cfg = config;
    expect(d.send({ type: 'INFO_CHANGED' })).toEqual([cancel('next-opening')]);
    expect(d.state).toEqual({ screen: 'attract', language: 'ja' });
    expect(d.visit.over).toBe(false);
  });

  it('a new next opening moves its timer', () => {
    const d = new Drive(closedUntil('2026-01-05T09:10:00.000Z'));
    d.cfg = closedUntil('2026-01-05T09:20:00.000Z');
    expect(d.send({ type: 'INFO_CHANGED' })).toEqual([cancel('next-opening'), start('next-opening', 20 * 60_000 + 1000)]);
    expect(d.send({ type: 'INFO_CHANGED' })).toEqual([]);
  });

  it('leaves a resident who is choosing alone, and closes the attract screen they go back to', () => {
    const d = new Drive();
    d.send({ type: 'START' });
    d.cfg = closedUntil(null);
    const choosing = d.visit;
    expect(d.send({ type: 'INFO_CHANGED' })).toEqual([]);
    expect(d.visit).toBe(choosing);
    expect(d.send({ type: 'BACK' })).toEqual([cancel('idle'), start('opening-check', OPENING_RECHECK_MS)]);
    expect(d.state).toMatchObject({ screen: 'closed', resident: false });
  });

  it('a request refused as closed shows the closed screen in the resident’s language, forgotten after a minute or at opening', () => {
    const d = new Drive();
    d.send({ type: 'START' });
    d.send({ type: 'CHOOSE_LANGUAGE', language: 'vi' });
    d.send({ type: 'CHOOSE_PROCEDURE', procedure: 'renewal' });
    d.send({ type: 'ANSWER', answer: true });
    d.send({ type: 'AGREE' });
    const refused = d.send({ type: 'REQUEST_REFUSED', code: 'closed' });
    expect(refused).toEqual([{ type: 'release-media' }, { type: 'reload-info', refused: 'closed' }]);
    d.cfg = closedUntil('2026-01-05T09:05:00.000Z');
    expect(d.send({ type: 'CLOSED', nextOpening: '2026-01-05T09:05:00.000Z' })).toEqual([
      start('auto-return', CLOSED_RETURN_MS),
      start('opening-check', OPENING_RECHECK_MS),
      start('next-opening', 5 * 60_000 + 1000),
    ]);
    expect(d.state).toEqual({ screen: 'closed', language: 'vi', nextOpening: '2026-01-05T09:05:00.000Z', resident: true });
    d.cfg = config;
    const opened = d.send({ type: 'INFO_CHANGED' });
    expect(opened).toEqual([cancel('auto-return'), cancel('opening-check'), cancel('next-opening'), { type: 'forget' }]);
  });

  it('a request refused as closed while /me says open after all goes straight back to the start', () => {
    const d = new Drive(config);
    d.send({ type: 'START' });
    d.send({ type: 'CHOOSE_LANGUAGE', language: 'vi' });
    d.send({ type: 'CHOOSE_PROCEDURE', procedure: 'renewal' });
    d.send({ type: 'ANSWER', answer: true });
    d.send({ type: 'AGREE' });
    expect(d.send({ type: 'CLOSED', nextOpening: null })).toEqual([{ type: 'forget' }]);
  });
});

describe('random walks (seeded)', () => {
  const events: VisitEvent[] = [
    { type: 'START' },
    { type: 'CHOOSE_LANGUAGE', language: 'en' },
    { type: 'CHOOSE_PROCEDURE', procedure: 'renewal' },
    { type: 'ANSWER', answer: true },
    { type: 'ANSWER', answer: false },
    { type: 'AGREE' },
    { type: 'BACK' },
    { type: 'SESSION_OPENED', session },
    { type: 'REQUEST_REFUSED', code: 'no_operator_on_duty' },
    { type: 'REQUEST_REFUSED', code: null },
    { type: 'OPERATOR_JOINED' },
    { type: 'CALL_ENDED' },
    { type: 'CONNECTION_LOST' },
    { type: 'ACTIVITY' },
    { type: 'INFO_CHANGED' },
    { type: 'START_OVER' },
    { type: 'CANCEL' },
    { type: 'LEFT' },
    { type: 'HAVE_RESERVATION' },
    { type: 'SUBMIT_CODE', code: 'K7PQ2M9X' },
    { type: 'CHECKED_IN', reservationId: '00000000-0000-4000-8000-0000000000aa', procedure: 'renewal', language: 'pt' },
    { type: 'CHECK_IN_REFUSED', reason: 'early', comeAt: { date: null, time: '09:50' } },
    { type: 'CHECK_IN_FAILED' },
    { type: 'RETRY' },
  ];
  const configs = [config, closedUntil('2026-01-05T09:30:00.000Z'), closedUntil(null)];
  // Most steps take the screen's way forward, so walks reach the call and the timers of every screen.
  const forward: Partial<Record<Screen, VisitEvent[]>> = {
    attract: [{ type: 'START' }, { type: 'START' }, { type: 'HAVE_RESERVATION' }],
    language: [{ type: 'CHOOSE_LANGUAGE', language: 'en' }],
    procedure: [{ type: 'CHOOSE_PROCEDURE', procedure: 'renewal' }],
    eligibility: [{ type: 'ANSWER', answer: true }],
    consent: [{ type: 'AGREE' }],
    'check-in': [{ type: 'SUBMIT_CODE', code: 'K7PQ2M9X' }],
    checking: [
      { type: 'CHECKED_IN', reservationId: '00000000-0000-4000-8000-0000000000aa', procedure: 'renewal', language: 'pt' },
      { type: 'CHECK_IN_REFUSED', reason: 'unknown', comeAt: null },
      { type: 'CHECK_IN_FAILED' },
    ],
    'check-in-refused': [{ type: 'RETRY' }],
    requesting: [
      { type: 'SESSION_OPENED', session },
      { type: 'REQUEST_REFUSED', code: 'no_operator_on_duty' },
      { type: 'CONSENT_OUTDATED' },
      { type: 'CLOSED', nextOpening: '2026-01-05T09:30:00.000Z' },
    ],
    waiting: [{ type: 'OPERATOR_JOINED' }],
    call: [{ type: 'CALL_ENDED' }, { type: 'CONNECTION_LOST' }],
  };
  const every: string[] = [
    ...['attract', 'language', 'procedure', 'eligibility', 'referral', 'consent', 'requesting', 'waiting', 'call'],
    ...['no-operator', 'thanks', 'problem', 'closed', 'language (warning)', 'consent (warning)', 'waiting (warning)'],
    ...['check-in', 'checking', 'check-in-refused', 'check-in (warning)'],
  ];

  it('keep the timers the runner holds in step with the screen, forget at most once, and do nothing after', () => {
    const seen = new Set<string>();
    for (let seed = 1; seed <= 300; seed++) {
      const next = seededRandom(seed);
      const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
      const d = new Drive(pick(configs));
      // The runner: what it holds, and when each runs out.
      const due = new Map<TimerId, number>();
      const hold = (effects: Effect[]) => {
        for (const e of effects) {
          if (e.type === 'start-timer') due.set(e.id, d.now + e.ms);
          if (e.type === 'cancel-timer') due.delete(e.id);
        }
      };
      hold(d.step.effects);
      let forgotten = 0;
      for (let i = 0; i < 60; i++) {
        // Mostly quick taps, sometimes a long pause; a timer due before the next tap fires first.
        const at = d.now + Math.floor(next() * (next() < 0.2 ? 200_000 : 10_000));
        const [soonest] = [...due].sort((a, b) => a[1] - b[1]);
        let event: VisitEvent;
        let time = at;
        if (soonest && soonest[1] <= at) {
          event = { type: 'TIMER_FIRED', id: soonest[0] };
          time = soonest[1];
          due.delete(soonest[0]);
        } else {
          const ahead = forward[d.state.screen];
          event = ahead && next() < 0.7 ? pick(ahead) : pick(events);
          if (event.type === 'INFO_CHANGED') d.cfg = pick(configs);
        }
        const wasOver = d.visit.over;
        const before = d.state;
        const effects = d.send(event, time);
        hold(effects);
        forgotten += effects.filter((e) => e.type === 'forget').length;
        const where = `seed ${seed}, step ${i}: ${event.type} on ${d.state.screen}`;
        // a resident forgotten while waiting or in the call leaves no session open
        if (effects.some((e) => e.type === 'forget') && (before.screen === 'waiting' || before.screen === 'call')) {
          expect(effects, where).toContainEqual(expect.objectContaining({ type: 'close-session', sessionId: session.sessionId }));
        }
        seen.add(d.visit.warning ? `${d.state.screen} (warning)` : d.state.screen);
        if (wasOver)
          expect(
            effects.every((e) => e.type === 'release-media' || e.type === 'close-session'),
            where,
          ).toBe(true);
        if (d.visit.over) {
          expect(due.size, where).toBe(0);
          continue;
        }
        const screen = d.state.screen;
        expect(due.has('idle'), where).toBe(['language', 'procedure', 'eligibility', 'consent', 'waiting', 'check-in'].includes(screen));
        expect(due.has('auto-return'), where).toBe(d.visit.returnsAt !== null);
        if (d.visit.returnsAt !== null) expect(due.get('auto-return'), where).toBe(d.visit.returnsAt);
        if (d.visit.warning) expect(due.get('idle'), where).toBe(d.visit.warning.endsAt);
        expect(due.has('opening-check'), where).toBe(screen === 'attract' || screen === 'closed');
        // the attract screen never shows while /me says closed, nor the closed one while open
        expect(screen === 'attract' && !d.cfg.opening.open, where).toBe(false);
        expect(screen === 'closed' && d.cfg.opening.open, where).toBe(false);
      }
      expect(forgotten).toBeLessThanOrEqual(1);
    }
    for (const where of every) expect(seen.has(where), `the walks reach ${where}`).toBe(true);
  });
});
