import { describe, expect, it } from 'vitest';
import {
  canRequest,
  type InterpreterEventRecord,
  type InterpreterRequest,
  interpreterRoutingConfig,
  interpreterSkills,
  interpreterWaitMs,
  isNotFound,
  restoredRequests,
  routedRequest,
} from './interpreting';
import { type Decision, type Operator, Router } from './routing';

const M = 'm-1';
const OTHER = 'm-2';
const ALL = [M, OTHER];
const RING = 20_000;

const request = (requestId: string, language: InterpreterRequest['language'], requestedAt = 0, municipalityId = M) =>
  routedRequest({ requestId, sessionId: `session-of-${requestId}`, municipalityId, language, requestedAt });

const offers = (decisions: Decision[]) =>
  decisions.flatMap((d) => (d.kind === 'offer' ? [`${d.offer.sessionId}→${d.offer.operatorId}`] : []));

function interpreters() {
  const router = new Router(interpreterRoutingConfig(RING));
  const online = (id: string, languages: InterpreterRequest['language'][], at: number, municipalityIds: string[] = []) =>
    router.setStatus(id, 'available', at, interpreterSkills({ languages, municipalityIds }, ALL));
  return { router, online };
}

describe('interpreter routing through the shared Router', () => {
  it('rings only an interpreter who speaks the language asked for', () => {
    const { router, online } = interpreters();
    online('i-pt', ['pt'], 0);
    online('i-en', ['en'], 10);
    expect(offers(router.callRequested(request('r1', 'en'), 100))).toEqual(['r1→i-en']);
    expect(offers(router.callRequested(request('r2', 'vi'), 100))).toEqual([]);
    expect(router.availability({ municipalityId: M, language: 'vi', procedure: null })).toEqual({
      kind: 'nobody',
      reason: 'not-served',
    });
  });

  it('serves every municipality when the account lists none, only those listed otherwise', () => {
    const { router, online } = interpreters();
    online('i-local', ['en'], 0, [M]);
    expect(offers(router.callRequested(request('r1', 'en', 10, OTHER), 10))).toEqual([]);
    online('i-anywhere', ['en'], 20);
    expect(router.ringingFor('i-anywhere')?.sessionId).toBe('r1');
    expect(interpreterSkills({ languages: ['en'], municipalityIds: [] }, ALL)).toEqual({
      municipalityIds: ALL,
      languages: ['en'],
      procedures: [],
    });
  });

  it('rings the interpreter idle longest first', () => {
    const { router, online } = interpreters();
    online('i-late', ['en'], 500);
    online('i-early', ['en'], 100);
    expect(offers(router.callRequested(request('r1', 'en', 1_000), 1_000))).toEqual(['r1→i-early']);
  });

  it('passes an unanswered ring on after the timeout, and the silent interpreter goes away', () => {
    const { router, online } = interpreters();
    online('i-a', ['en'], 0);
    online('i-b', ['en'], 10);
    router.callRequested(request('r1', 'en', 100), 100);
    expect(router.ringingFor('i-a')?.expiresAt).toBe(100 + RING);
    expect(offers(router.tick(100 + RING - 1))).toEqual([]);
    const decisions = router.tick(100 + RING);
    expect(offers(decisions)).toEqual(['r1→i-b']);
    expect(router.operator('i-a')?.status).toBe('away');
  });

  it('never books an interpreter twice: on a call or ringing, they are offered nothing else', () => {
    const { router, online } = interpreters();
    online('i-a', ['en'], 0);
    router.callRequested(request('r1', 'en', 100), 100);
    expect(offers(router.callRequested(request('r2', 'en', 200), 200))).toEqual([]);
    router.offerAccepted('r1', 'i-a', 300);
    expect(router.operator('i-a')?.status).toBe('on_call');
    expect(offers(router.tick(400))).toEqual([]);
    expect(router.ringingFor('i-a')).toBeNull();
    // They leave the call: available at once (no after-call work), and the waiting request rings.
    const left = router.callEnded('i-a', 500, 'r1');
    expect(offers(left)).toEqual(['r2→i-a']);
  });

  it("keeps an interpreter's offer apart from an operator's: the two Routers hold different accounts", () => {
    const operators = new Router({ offerTimeoutMs: RING, wrapUpMs: 30_000 });
    const { router: interpreting, online } = interpreters();
    operators.setStatus('op-1', 'available', 0, { municipalityIds: [M], languages: ['ja', 'en'], procedures: [] });
    online('i-1', ['en'], 0);
    // The same session: the resident's call rings the operator; once on it, the operator's request rings the interpreter.
    expect(
      offers(operators.callRequested({ sessionId: 's1', municipalityId: M, language: 'en', procedure: null, requestedAt: 10 }, 10)),
    ).toEqual(['s1→op-1']);
    operators.offerAccepted('s1', 'op-1', 20);
    expect(offers(interpreting.callRequested(request('r1', 'en', 30), 30))).toEqual(['r1→i-1']);
    // Neither Router knows the other's people, so neither can ring them.
    expect(operators.operator('i-1')).toBeNull();
    expect(interpreting.operator('op-1')).toBeNull();
    // A second resident's call cannot ring the interpreter, however idle.
    expect(
      offers(operators.callRequested({ sessionId: 's2', municipalityId: M, language: 'en', procedure: null, requestedAt: 40 }, 40)),
    ).toEqual([]);
    expect(interpreting.ringingFor('i-1')?.sessionId).toBe('r1');
  });

  it('a request ended with its session leaves the interpreter free', () => {
    const { router, online } = interpreters();
    online('i-a', ['en'], 0);
    router.callRequested(request('r1', 'en', 10), 10);
    router.offerAccepted('r1', 'i-a', 20);
    router.sessionEnded('r1', 30);
    router.callEnded('i-a', 30, 'r1');
    expect(router.operator('i-a')?.status).toBe('available');
  });
});

describe('the operator told when nobody is found', () => {
  it('after the wait, while the request still looks for someone', () => {
    expect(isNotFound({ status: 'waiting', since: 0 }, 59_999, 60_000)).toBe(false);
    expect(isNotFound({ status: 'waiting', since: 0 }, 60_000, 60_000)).toBe(true);
    expect(isNotFound({ status: 'ringing', since: 0 }, 60_000, 60_000)).toBe(true);
    expect(isNotFound({ status: 'joined', since: 0 }, 120_000, 60_000)).toBe(false);
    expect(isNotFound({ status: 'cancelled', since: 0 }, 120_000, 60_000)).toBe(false);
  });

  it('one live request per call; another once the last one left or was given up', () => {
    expect(canRequest(null)).toBe(true);
    expect(canRequest({ status: 'waiting' })).toBe(false);
    expect(canRequest({ status: 'joined' })).toBe(false);
    expect(canRequest({ status: 'left' })).toBe(true);
    expect(canRequest({ status: 'cancelled' })).toBe(true);
  });
});

describe('live requests rebuilt from the session events (a restart or a dispatcher failover)', () => {
  const ev = (sessionId: string, type: string, at: number, detail: Record<string, unknown> | null): InterpreterEventRecord => ({
    sessionId,
    type: `interpreter-${type}`,
    at,
    detail,
  });
  const on = new Map([
    ['s1', M],
    ['s2', M],
    ['s3', OTHER],
    ['s4', M],
  ]);
  const municipalityOf = (sessionId: string) => on.get(sessionId);
  const events: InterpreterEventRecord[] = [
    // s1: asked, rung, nobody yet → still looking, rings again.
    ev('s1', 'requested', 1_000, { requestId: 'r1', language: 'en' }),
    ev('s1', 'rung', 1_010, { requestId: 'r1', language: 'en', interpreterId: 'i-gone' }),
    // s2: a first request the interpreter left, a second one joined.
    ev('s2', 'requested', 2_000, { requestId: 'r2a', language: 'en' }),
    ev('s2', 'joined', 2_500, { requestId: 'r2a', language: 'en', interpreterId: 'i-en' }),
    ev('s2', 'left', 3_000, { requestId: 'r2a', language: 'en', interpreterId: 'i-en' }),
    ev('s2', 'requested', 4_000, { requestId: 'r2b', language: 'vi' }),
    ev('s2', 'joined', 4_200, { requestId: 'r2b', language: 'vi', interpreterId: 'i-vi' }),
    // s3: nobody found, the operator told.
    ev('s3', 'requested', 5_000, { requestId: 'r3', language: 'pt' }),
    ev('s3', 'not-found', 65_000, { requestId: 'r3', language: 'pt', waitedMs: 60_000 }),
    // s4: given up.
    ev('s4', 'requested', 6_000, { requestId: 'r4', language: 'en' }),
    ev('s4', 'cancelled', 7_000, { requestId: 'r4', language: 'en', reason: 'operator' }),
    // A call no longer on, a step of a request never opened, a malformed one: skipped.
    ev('s-ended', 'requested', 8_000, { requestId: 'r5', language: 'en' }),
    ev('s1', 'joined', 9_000, { requestId: 'r-unknown', language: 'en', interpreterId: 'i-en' }),
    ev('s4', 'requested', 9_500, { language: 'en' }),
    ev('s4', 'requested', 9_600, { requestId: 'r6', language: 'xx' }),
  ];

  it('keeps the requests still looking (rung or not, told not found or not) and the joined ones, nothing closed', () => {
    expect(restoredRequests(events, municipalityOf)).toEqual([
      {
        requestId: 'r1',
        sessionId: 's1',
        municipalityId: M,
        language: 'en',
        requestedAt: 1_000,
        status: 'waiting',
        notFound: false,
        interpreterId: null,
        joinedAt: null,
      },
      {
        requestId: 'r2b',
        sessionId: 's2',
        municipalityId: M,
        language: 'vi',
        requestedAt: 4_000,
        status: 'joined',
        notFound: false,
        interpreterId: 'i-vi',
        joinedAt: 4_200,
      },
      {
        requestId: 'r3',
        sessionId: 's3',
        municipalityId: OTHER,
        language: 'pt',
        requestedAt: 5_000,
        status: 'waiting',
        notFound: true,
        interpreterId: null,
        joinedAt: null,
      },
    ]);
  });

  it('through Router.restore: a pending request rings again; a joined interpreter stays on their call, offered nothing', () => {
    const restored = restoredRequests(events, municipalityOf);
    const skills = (languages: InterpreterRequest['language'][]) => interpreterSkills({ languages, municipalityIds: [] }, ALL);
    const interpreter = (
      id: string,
      languages: InterpreterRequest['language'][],
      status: Operator['status'],
      sessionId: string | null,
    ): Operator => ({
      id,
      ...skills(languages),
      status,
      since: 0,
      idleSince: status === 'available' ? 0 : null,
      until: null,
      sessionId,
    });
    const joined = restored.find((r) => r.status === 'joined')!;
    const router = new Router(interpreterRoutingConfig(RING));
    const decisions = router.restore(
      {
        operators: [interpreter('i-en', ['en', 'vi'], 'available', null), interpreter('i-vi', ['en', 'vi'], 'on_call', joined.requestId)],
        waiting: restored.filter((r) => r.status === 'waiting').map(routedRequest),
      },
      100_000,
    );
    expect(offers(decisions)).toEqual(['r1→i-en']);
    expect(router.operator('i-vi')).toMatchObject({ status: 'on_call', sessionId: 'r2b' });
    // The joined interpreter leaves: free again at once, and the call's request is over for the router.
    router.callEnded('i-vi', 100_500, 'r2b');
    expect(router.operator('i-vi')?.status).toBe('available');
  });
});

describe("a municipality's own interpreter wait", () => {
  it('is its setting in seconds within 15–600 s, or the server default when it has none', () => {
    expect(interpreterWaitMs(null, 60_000)).toBe(60_000);
    expect(interpreterWaitMs(undefined, 1_000)).toBe(1_000);
    expect(interpreterWaitMs(90, 60_000)).toBe(90_000);
    expect(interpreterWaitMs(15, 60_000)).toBe(15_000);
    expect(interpreterWaitMs(600, 60_000)).toBe(600_000);
    // Out of bounds (an older row): clamped.
    expect(interpreterWaitMs(3, 60_000)).toBe(15_000);
    expect(interpreterWaitMs(10_000, 60_000)).toBe(600_000);
  });
});
