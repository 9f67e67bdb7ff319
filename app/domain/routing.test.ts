import type { Language, Procedure } from '@madoguchi/db';
import { describe, expect, it } from 'vitest';
import {
  type Decision,
  type Operator,
  type OperatorStatus,
  Router,
  type RoutingConfig,
  refusalMessages,
  refusalOf,
  type Skills,
  serves,
  staffingStatuses,
  type WaitingSession,
} from './routing';
import { seededRandom } from './seeded-random';

const config: RoutingConfig = { offerTimeoutMs: 20_000, wrapUpMs: 30_000 };
const ALL: Procedure[] = ['new_application', 'renewal', 'lost_reissue', 'health_insurance', 'bank_account', 'other_mynaportal'];

function skills(over: Partial<Skills> = {}): Skills {
  return { municipalityIds: ['toin'], languages: ['ja'], procedures: ALL, ...over };
}

function call(sessionId: string, requestedAt: number, over: Partial<WaitingSession> = {}): WaitingSession {
  return { sessionId, municipalityId: 'toin', language: 'ja', procedure: 'renewal', requestedAt, ...over };
}

/** [sessionId, operatorId] of the offers among `decisions`. */
const offered = (decisions: Decision[]) => decisions.flatMap((d) => (d.kind === 'offer' ? [[d.offer.sessionId, d.offer.operatorId]] : []));
const ringing = (router: Router) => router.snapshot().offers.map((o) => [o.sessionId, o.operatorId]);
const statusOf = (router: Router, id: string) => router.operator(id)?.status;
const kinds = (decisions: Decision[]) => decisions.map((d) => d.kind);

function online(router: Router, id: string, at: number, over: Partial<Skills> = {}): Decision[] {
  return router.setStatus(id, 'available', at, skills(over));
}

/** A router with one operator on call `s0` (answered at `at`). */
function onCall(router: Router, operatorId: string, at: number, over: Partial<Skills> = {}): void {
  online(router, operatorId, at, over);
  router.callRequested(
    call(`s0-${operatorId}`, at, {
      municipalityId: (over.municipalityIds ?? ['toin'])[0]!,
      language: (over.languages ?? ['ja'])[0]!,
      procedure: null,
    }),
    at,
  );
  expect(refusalOf(router.offerAccepted(`s0-${operatorId}`, operatorId, at))).toBeNull();
}

describe('skills: municipality AND language AND procedure', () => {
  it.each<[string, Partial<Skills>, Partial<WaitingSession>, boolean]>([
    ['all match', {}, {}, true],
    ['another municipality', {}, { municipalityId: 'kawasaki' }, false],
    ['the second of several municipalities', { municipalityIds: ['kawasaki', 'toin'] }, {}, true],
    ['serves no municipality', { municipalityIds: [] }, {}, false],
    ['language not spoken', {}, { language: 'en' }, false],
    ['second language', { languages: ['ja', 'en'] }, { language: 'en' }, true],
    ['Japanese call, English-only operator', { languages: ['en'] }, {}, false],
    ['procedure not handled', { procedures: ['new_application'] }, { procedure: 'bank_account' }, false],
    ['procedure in a subset', { procedures: ['new_application', 'bank_account'] }, { procedure: 'bank_account' }, true],
    ['no procedure, operator handles all', {}, { procedure: null }, true],
    ['no procedure, operator handles none', { procedures: [] }, { procedure: null }, true],
    ['a procedure, operator handles none', { procedures: [] }, { procedure: 'renewal' }, false],
    ['no procedure but wrong language', { procedures: [] }, { procedure: null, language: 'vi' }, false],
    ['no procedure but wrong municipality', {}, { procedure: null, municipalityId: 'kawasaki' }, false],
    ['zh-Hans operator, zh-Hans call', { languages: ['ja', 'zh-Hans'] }, { language: 'zh-Hans', procedure: 'lost_reissue' }, true],
    ['ko call, ja/en operator', { languages: ['ja', 'en'] }, { language: 'ko' }, false],
  ])('%s → offered: %s', (_name, operatorSkills, callFields, expected) => {
    expect(serves(skills(operatorSkills), call('s1', 0, callFields))).toBe(expected);

    // Call first, then the operator comes online…
    const a = new Router(config);
    a.callRequested(call('s1', 0, callFields), 0);
    expect(offered(online(a, 'op', 1, operatorSkills))).toEqual(expected ? [['s1', 'op']] : []);

    // …and operator first, then the call.
    const b = new Router(config);
    online(b, 'op', 0, operatorSkills);
    expect(offered(b.callRequested(call('s1', 1, callFields), 1))).toEqual(expected ? [['s1', 'op']] : []);
  });

  it('calls of a municipality nobody staffs simply wait', () => {
    const router = new Router(config);
    online(router, 'op', 0);
    expect(offered(router.callRequested(call('s1', 0, { municipalityId: 'kawasaki' }), 0))).toEqual([]);
    expect(router.tick(10 * 60_000)).toEqual([]);
    expect(router.queuePosition('s1')).toEqual({ position: 1, ahead: 0 });
    expect(offered(online(router, 'k', 10 * 60_000, { municipalityIds: ['kawasaki'] }))).toEqual([['s1', 'k']]);
  });
});

describe('order: longest-waiting call first, operator idle longest first', () => {
  it('an operator who could take several calls gets the oldest, across municipalities', () => {
    const router = new Router(config);
    router.callRequested(call('b-300', 300, { municipalityId: 'b' }), 1000);
    router.callRequested(call('a-100', 100, { municipalityId: 'a' }), 1000);
    router.callRequested(call('b-200', 200, { municipalityId: 'b' }), 1000);
    router.callRequested(call('c-50', 50, { municipalityId: 'c' }), 1000); // nobody serves c
    const serving = { municipalityIds: ['a', 'b'] };
    expect(offered(online(router, 'o1', 1001, serving))).toEqual([['a-100', 'o1']]);
    expect(offered(online(router, 'o2', 1002, serving))).toEqual([['b-200', 'o2']]);
    expect(offered(online(router, 'o3', 1003, serving))).toEqual([['b-300', 'o3']]);
    expect(offered(online(router, 'o4', 1004, serving))).toEqual([]);
  });

  it('equal requestedAt: ordered by sessionId, the same way after a restart', () => {
    const router = new Router(config);
    for (const id of ['s-c', 's-a', 's-b']) router.callRequested(call(id, 500), 500);
    expect(['x', 'y', 'z'].flatMap((id, i) => offered(online(router, id, 600 + i)))).toEqual([
      ['s-a', 'x'],
      ['s-b', 'y'],
      ['s-c', 'z'],
    ]);
  });

  it('an older call the operator cannot take does not block a newer one they can', () => {
    const router = new Router(config);
    router.callRequested(call('en', 100, { language: 'en' }), 100);
    router.callRequested(call('bank', 150, { procedure: 'bank_account' }), 150);
    router.callRequested(call('ja', 200), 200);
    expect(offered(online(router, 'op', 300, { procedures: ['renewal'] }))).toEqual([['ja', 'op']]);
  });

  it('the operator available longest gets the call; ties by id', () => {
    const router = new Router(config);
    online(router, 'A', 300);
    online(router, 'B', 100);
    online(router, 'C', 200);
    online(router, 'D', 200);
    expect(offered(router.callRequested(call('s1', 400), 400))).toEqual([['s1', 'B']]);
    expect(offered(router.callRequested(call('s2', 401), 401))).toEqual([['s2', 'C']]);
    expect(offered(router.callRequested(call('s3', 402), 402))).toEqual([['s3', 'D']]);
    expect(offered(router.callRequested(call('s4', 403), 403))).toEqual([['s4', 'A']]);
  });

  it('an operator idle longer who cannot take the call is passed over', () => {
    const router = new Router(config);
    online(router, 'en-only', 0, { languages: ['en'] });
    online(router, 'no-bank', 10, { procedures: ['renewal'] });
    online(router, 'other-town', 20, { municipalityIds: ['kawasaki'] });
    online(router, 'fits', 30);
    expect(offered(router.callRequested(call('s1', 40, { procedure: 'bank_account' }), 40))).toEqual([['s1', 'fits']]);
  });
});

describe('reserved calls (decision 0034): ahead of walk-ins, oldest first among themselves', () => {
  it('a reserved call that arrives after a walk-in is offered first', () => {
    const router = new Router(config);
    router.callRequested(call('walk-in', 100), 100);
    router.callRequested(call('reserved', 200, { reserved: true }), 200);
    expect(offered(online(router, 'op', 300))).toEqual([['reserved', 'op']]);
    expect(router.queuePosition('walk-in')).toEqual({ position: 2, ahead: 1 });
  });

  it('reserved calls keep their own arrival order, then the walk-ins theirs', () => {
    const router = new Router(config);
    router.callRequested(call('w1', 100), 100);
    router.callRequested(call('r2', 250, { reserved: true }), 250);
    router.callRequested(call('w2', 150), 150);
    router.callRequested(call('r1', 200, { reserved: true }), 200);
    expect(['a', 'b', 'c', 'd'].flatMap((id, i) => offered(online(router, id, 300 + i)))).toEqual([
      ['r1', 'a'],
      ['r2', 'b'],
      ['w1', 'c'],
      ['w2', 'd'],
    ]);
  });

  it('an operator freed by a finished call takes the reserved call, across municipalities they serve', () => {
    const router = new Router(config);
    onCall(router, 'op', 0, { municipalityIds: ['a', 'b'] });
    router.callRequested(call('walk-in-a', 10, { municipalityId: 'a' }), 10);
    router.callRequested(call('reserved-b', 20, { municipalityId: 'b', reserved: true }), 20);
    const decisions = router.callEnded('op', 30, 's0-op');
    expect(offered([...decisions, ...router.tick(30 + config.wrapUpMs)])).toEqual([['reserved-b', 'op']]);
  });

  it("does not jump a reserved call over a walk-in the operator cannot take, nor let it take another call's ring", () => {
    const router = new Router(config);
    router.callRequested(call('walk-in', 100), 100);
    expect(offered(online(router, 'op', 150))).toEqual([['walk-in', 'op']]);
    // A ringing offer stands: the reserved call waits for the next operator.
    expect(offered(router.callRequested(call('reserved', 200, { reserved: true }), 200))).toEqual([]);
    expect(offered(online(router, 'op2', 210))).toEqual([['reserved', 'op2']]);
  });

  it('survives a restart: the snapshot keeps the flag and restore puts the reserved call first', () => {
    const router = new Router(config);
    router.callRequested(call('walk-in', 100), 100);
    router.callRequested(call('reserved', 200, { reserved: true }), 200);
    const { waiting } = router.snapshot();
    expect(waiting.map((w) => [w.sessionId, w.reserved ?? false])).toEqual([
      ['reserved', true],
      ['walk-in', false],
    ]);
    const restored = new Router(config);
    restored.restore({ operators: [], waiting: [...waiting].reverse() }, 300);
    expect(offered(online(restored, 'op', 400))).toEqual([['reserved', 'op']]);
  });
});

describe('one offer per operator and per call', () => {
  it('two calls, one operator: one rings, the other waits behind it', () => {
    const router = new Router(config);
    online(router, 'op', 0);
    router.callRequested(call('s1', 10), 10);
    expect(offered(router.callRequested(call('s2', 20), 20))).toEqual([]);
    expect(ringing(router)).toEqual([['s1', 'op']]);
    expect(router.queuePosition('s2')).toEqual({ position: 2, ahead: 1 });
  });

  it('one call, two operators: one offer', () => {
    const router = new Router(config);
    online(router, 'A', 0);
    online(router, 'B', 1);
    expect(offered(router.callRequested(call('s1', 10), 10))).toEqual([['s1', 'A']]);
    expect(statusOf(router, 'B')).toBe('available');
  });

  it('a call requested twice is routed once', () => {
    const router = new Router(config);
    online(router, 'A', 0);
    online(router, 'B', 1);
    router.callRequested(call('s1', 10), 10);
    expect(router.callRequested(call('s1', 10), 11)).toEqual([]);
    expect(router.snapshot().waiting).toHaveLength(1);
  });

  it('the offer decision comes with the operator ringing', () => {
    const router = new Router(config);
    online(router, 'A', 0);
    expect(router.callRequested(call('s1', 10), 10)).toEqual([
      { kind: 'offer', offer: { sessionId: 's1', operatorId: 'A', offeredAt: 10, expiresAt: 20_010 } },
      { kind: 'operator-status', operatorId: 'A', status: 'offered', since: 10 },
    ]);
  });
});

describe('unanswered offers', () => {
  function ringingAtA() {
    const router = new Router(config);
    online(router, 'A', 0);
    router.callRequested(call('s1', 1000), 1000); // rings until 21 000
    return router;
  }

  it('ring out at expiresAt: the operator goes away and the next operator gets the call', () => {
    const router = ringingAtA();
    online(router, 'B', 2000);
    expect(router.tick(20_999)).toEqual([]);
    expect(router.tick(21_000)).toEqual([
      { kind: 'offer-withdrawn', sessionId: 's1', operatorId: 'A', reason: 'timeout' },
      { kind: 'operator-status', operatorId: 'A', status: 'away', since: 21_000 },
      { kind: 'offer', offer: { sessionId: 's1', operatorId: 'B', offeredAt: 21_000, expiresAt: 41_000 } },
      { kind: 'operator-status', operatorId: 'B', status: 'offered', since: 21_000 },
    ]);
  });

  it('a late tick still times the operator away at expiresAt', () => {
    const router = ringingAtA();
    const decisions = router.tick(25_000);
    expect(decisions).toContainEqual({ kind: 'operator-status', operatorId: 'A', status: 'away', since: 21_000 });
  });

  it('nobody else: the call waits; the away operator is not offered it again until they are available', () => {
    const router = ringingAtA();
    router.tick(21_000);
    expect(router.snapshot().offers).toEqual([]);
    expect(router.queuePosition('s1')).toEqual({ position: 1, ahead: 0 });
    expect(router.tick(60_000)).toEqual([]);
    expect(router.callRequested(call('s2', 61_000), 61_000)).toEqual([]);
    // Back: the same call again (it is still the oldest they can take).
    expect(offered(router.setStatus('A', 'available', 70_000))).toEqual([['s1', 'A']]);
  });

  it('decline: away now, and the call goes to the next', () => {
    const router = ringingAtA();
    online(router, 'B', 2000);
    expect(router.offerDeclined('s1', 'A', 5000)).toEqual([
      { kind: 'offer-withdrawn', sessionId: 's1', operatorId: 'A', reason: 'declined' },
      { kind: 'operator-status', operatorId: 'A', status: 'away', since: 5000 },
      { kind: 'offer', offer: { sessionId: 's1', operatorId: 'B', offeredAt: 5000, expiresAt: 25_000 } },
      { kind: 'operator-status', operatorId: 'B', status: 'offered', since: 5000 },
    ]);
  });

  it('decline with nobody else: the call waits', () => {
    const router = ringingAtA();
    expect(offered(router.offerDeclined('s1', 'A', 5000))).toEqual([]);
    expect(router.snapshot().waiting.map((c) => c.sessionId)).toEqual(['s1']);
  });

  it.each<[string, (r: Router) => Decision[], string]>([
    ['another operator declines', (r) => r.offerDeclined('s1', 'B', 5000), 'no-such-offer'],
    ['an unknown call is declined', (r) => r.offerDeclined('nope', 'A', 5000), 'no-such-offer'],
    ['declined after it rang out', (r) => r.offerDeclined('s1', 'A', 21_000), 'offer-expired'],
  ])('refused: %s', (_name, event, code) => {
    const router = ringingAtA();
    online(router, 'B', 2000);
    expect(refusalOf(event(router))?.code).toBe(code);
  });
});

describe('accepting', () => {
  function ringingAtA() {
    const router = new Router(config);
    online(router, 'A', 0);
    online(router, 'B', 10);
    router.callRequested(call('s1', 1000), 1000); // A, until 21 000
    router.callRequested(call('s2', 1500), 1500); // B
    router.callRequested(call('s3', 1600), 1600); // waits
    return router;
  }

  it('in time: on call, and the call leaves the queue with its wait', () => {
    const router = ringingAtA();
    expect(router.offerAccepted('s1', 'A', 8000)).toEqual([
      { kind: 'operator-status', operatorId: 'A', status: 'on_call', since: 8000 },
      { kind: 'answered', sessionId: 's1', operatorId: 'A', waitMs: 7000 },
    ]);
    expect(router.operator('A')).toMatchObject({ status: 'on_call', sessionId: 's1' });
    expect(router.queuePosition('s1')).toBeNull();
    expect(router.queuePosition('s3')).toEqual({ position: 2, ahead: 1 });
    // The same accept again (its answer was lost, or it reached a dispatcher rebuilt after the
    // first one was recorded): nothing happens and nothing is refused. Anyone else: refused.
    expect(router.offerAccepted('s1', 'A', 8001)).toEqual([]);
    expect(refusalOf(router.offerAccepted('s1', 'B', 8001))?.code).toBe('no-such-offer');
    expect(router.operator('A')).toMatchObject({ status: 'on_call', sessionId: 's1' });
  });

  it('at or after expiresAt: refused as expired, and the ring-out happens with it', () => {
    const router = ringingAtA();
    const decisions = router.offerAccepted('s1', 'A', 21_000);
    expect(refusalOf(decisions)).toEqual({ kind: 'refused', code: 'offer-expired', message: refusalMessages['offer-expired'] });
    expect(decisions).toContainEqual({ kind: 'operator-status', operatorId: 'A', status: 'away', since: 21_000 });
    expect(statusOf(router, 'A')).toBe('away');
    expect(router.queuePosition('s1')).toEqual({ position: 1, ahead: 0 });
  });

  it.each<[string, string, string]>([
    ['an offer that is someone else’s', 's2', 'A'],
    ['a call that waits unoffered', 's3', 'A'],
    ['an unknown call', 'nope', 'A'],
    ['an unknown operator', 's1', 'Z'],
  ])('refused: %s', (_name, sessionId, operatorId) => {
    const router = ringingAtA();
    const before = router.snapshot();
    expect(router.offerAccepted(sessionId, operatorId, 5000)).toEqual([
      { kind: 'refused', code: 'no-such-offer', message: refusalMessages['no-such-offer'] },
    ]);
    expect(router.snapshot()).toEqual(before);
  });

  it('every refusal has Japanese and English text', () => {
    for (const message of Object.values(refusalMessages)) {
      expect(message.ja).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
      expect(message.en).toMatch(/^[\x20-\x7e]+$/);
    }
  });
});

describe('abandoned calls', () => {
  it('cancelled while waiting: recorded with the wait', () => {
    const router = new Router(config);
    router.callRequested(call('s1', 1000), 1000);
    expect(router.callCancelled('s1', 46_000)).toEqual([{ kind: 'abandoned', sessionId: 's1', waitMs: 45_000 }]);
    expect(router.snapshot().waiting).toEqual([]);
    expect(router.callCancelled('s1', 47_000)).toEqual([]);
  });

  it('cancelled while ringing: offer withdrawn, and the operator is back in their old place', () => {
    const router = new Router(config);
    online(router, 'A', 100);
    router.callRequested(call('s1', 1000), 1000);
    online(router, 'B', 2000);
    expect(router.callCancelled('s1', 3000)).toEqual([
      { kind: 'offer-withdrawn', sessionId: 's1', operatorId: 'A', reason: 'cancelled' },
      { kind: 'abandoned', sessionId: 's1', waitMs: 2000 },
      { kind: 'operator-status', operatorId: 'A', status: 'available', since: 100 },
    ]);
    expect(router.operator('A')).toMatchObject({ status: 'available', since: 100, idleSince: 100 });
    expect(offered(router.callRequested(call('s2', 4000), 4000))).toEqual([['s2', 'A']]);
  });

  it('cancelled while ringing: the operator gets the next call waiting for them', () => {
    const router = new Router(config);
    online(router, 'A', 100);
    router.callRequested(call('s1', 1000), 1000);
    router.callRequested(call('s2', 2000), 2000);
    expect(offered(router.callCancelled('s1', 3000))).toEqual([['s2', 'A']]);
  });

  it('a call already answered is not abandoned', () => {
    const router = new Router(config);
    online(router, 'A', 0);
    router.callRequested(call('s1', 0), 0);
    router.offerAccepted('s1', 'A', 1000);
    expect(router.callCancelled('s1', 2000)).toEqual([]);
  });
});

describe('operator statuses', () => {
  function ringingAtA() {
    const router = new Router(config);
    online(router, 'A', 0);
    router.callRequested(call('s1', 1000), 1000);
    online(router, 'B', 2000);
    return router;
  }

  it.each<['break' | 'offline']>([['break'], ['offline']])('%s while ringing: offer withdrawn, call re-offered', (status) => {
    const router = ringingAtA();
    expect(router.setStatus('A', status, 5000)).toEqual([
      { kind: 'offer-withdrawn', sessionId: 's1', operatorId: 'A', reason: 'operator-unavailable' },
      { kind: 'operator-status', operatorId: 'A', status, since: 5000 },
      { kind: 'offer', offer: { sessionId: 's1', operatorId: 'B', offeredAt: 5000, expiresAt: 25_000 } },
      { kind: 'operator-status', operatorId: 'B', status: 'offered', since: 5000 },
    ]);
  });

  it('available while ringing changes nothing', () => {
    const router = ringingAtA();
    expect(router.setStatus('A', 'available', 5000)).toEqual([]);
    expect(ringing(router)).toEqual([['s1', 'A']]);
  });

  it.each<['available' | 'break' | 'offline']>([['available'], ['break'], ['offline']])('%s while on a call is refused', (status) => {
    const router = new Router(config);
    onCall(router, 'A', 0);
    expect(router.setStatus('A', status, 5000)).toEqual([{ kind: 'refused', code: 'on-call', message: refusalMessages['on-call'] }]);
    expect(statusOf(router, 'A')).toBe('on_call');
  });

  it('an operator seen for the first time needs skills, unless going offline', () => {
    const router = new Router(config);
    expect(refusalOf(router.setStatus('new', 'available', 0))?.code).toBe('unknown-operator');
    expect(router.setStatus('new', 'offline', 0)).toEqual([]);
    expect(router.setStatus('new', 'offline', 0, skills())).toEqual([]);
    expect(statusOf(router, 'new')).toBe('offline');
  });

  it.each<[OperatorStatus, () => Router]>([
    [
      'away',
      () => {
        const r = new Router(config);
        online(r, 'A', 0);
        r.callRequested(call('s1', 0), 0);
        r.offerDeclined('s1', 'A', 10);
        r.callCancelled('s1', 20);
        return r;
      },
    ],
    [
      'break',
      () => {
        const r = new Router(config);
        r.setStatus('A', 'break', 0, skills());
        return r;
      },
    ],
    [
      'offline',
      () => {
        const r = new Router(config);
        r.setStatus('A', 'offline', 0, skills());
        return r;
      },
    ],
  ])('from %s to available: idle since now', (from, make) => {
    const router = make();
    expect(statusOf(router, 'A')).toBe(from);
    expect(router.setStatus('A', 'available', 9000)).toEqual([
      { kind: 'operator-status', operatorId: 'A', status: 'available', since: 9000 },
    ]);
    expect(router.operator('A')).toMatchObject({ idleSince: 9000, since: 9000 });
  });

  it('available again while available keeps the place in line', () => {
    const router = new Router(config);
    online(router, 'A', 100);
    online(router, 'B', 200);
    expect(online(router, 'A', 300)).toEqual([]);
    expect(offered(router.callRequested(call('s1', 400), 400))).toEqual([['s1', 'A']]);
  });

  it('new skills while available are routed at once', () => {
    const router = new Router(config);
    online(router, 'A', 0);
    router.callRequested(call('en', 10, { language: 'en' }), 10);
    expect(offered(online(router, 'A', 20, { languages: ['ja', 'en'] }))).toEqual([['en', 'A']]);
    expect(router.operator('A')).toMatchObject({ languages: ['ja', 'en'], idleSince: 0 });
  });

  it('new skills that no longer cover the ringing call withdraw it; the operator keeps their place', () => {
    const router = new Router(config);
    online(router, 'A', 100);
    router.callRequested(call('s1', 1000), 1000);
    online(router, 'B', 2000);
    expect(online(router, 'A', 3000, { procedures: ['bank_account'] })).toEqual([
      { kind: 'offer-withdrawn', sessionId: 's1', operatorId: 'A', reason: 'skills-changed' },
      { kind: 'operator-status', operatorId: 'A', status: 'available', since: 100 },
      { kind: 'offer', offer: { sessionId: 's1', operatorId: 'B', offeredAt: 3000, expiresAt: 23_000 } },
      { kind: 'operator-status', operatorId: 'B', status: 'offered', since: 3000 },
    ]);
    // Skills that still cover it leave the ring alone.
    expect(online(router, 'B', 3500, { languages: ['ja', 'en'] })).toEqual([]);
    expect(ringing(router)).toEqual([['s1', 'B']]);
  });

  it('skills are dropped from the indexes: a municipality no longer served gets no offer', () => {
    const router = new Router(config);
    online(router, 'A', 0, { municipalityIds: ['toin', 'kawasaki'] });
    online(router, 'A', 10, { municipalityIds: ['kawasaki'] });
    expect(offered(router.callRequested(call('s1', 20), 20))).toEqual([]);
    expect(offered(router.callRequested(call('s2', 30, { municipalityId: 'kawasaki' }), 30))).toEqual([['s2', 'A']]);
  });
});

describe('updateSkills: an administrator edits what an operator serves', () => {
  it('a waiting call the operator now serves rings at once, without a status change of theirs', () => {
    const router = new Router(config);
    online(router, 'A', 0);
    router.callRequested(call('vi', 100, { language: 'vi' }), 100);
    expect(ringing(router)).toEqual([]);
    expect(offered(router.updateSkills('A', skills({ languages: ['ja', 'vi'] }), 200))).toEqual([['vi', 'A']]);
  });

  it('a ringing call the operator no longer serves passes on; an unknown operator becomes known, offline', () => {
    const router = new Router(config);
    online(router, 'A', 0);
    online(router, 'B', 50);
    router.callRequested(call('s1', 100), 100);
    expect(ringing(router)).toEqual([['s1', 'A']]);
    expect(kinds(router.updateSkills('A', skills({ municipalityIds: ['kawasaki'] }), 200))).toContain('offer-withdrawn');
    expect(ringing(router)).toEqual([['s1', 'B']]);
    // A new account: known from now on (availability tells "nobody serves" from "nobody on duty"), offered nothing.
    router.callRequested(call('vi', 250, { language: 'vi' }), 250);
    expect(router.updateSkills('new', skills({ languages: ['vi'] }), 300)).toEqual([]);
    expect(router.operator('new')).toMatchObject({ status: 'offline', languages: ['vi'] });
    expect(router.availability(call('x', 0, { language: 'vi' }))).toEqual({ kind: 'nobody', reason: 'none-on-duty' });
  });
});

describe('after-call work', () => {
  it('call ended → wrap_up, then available at its end with the oldest call they can take', () => {
    const router = new Router(config);
    onCall(router, 'A', 0);
    router.callRequested(call('s1', 5000), 5000);
    router.callRequested(call('s2', 6000), 6000);
    expect(router.callEnded('A', 10_000)).toEqual([{ kind: 'operator-status', operatorId: 'A', status: 'wrap_up', since: 10_000 }]);
    expect(router.operator('A')).toMatchObject({ status: 'wrap_up', until: 40_000, sessionId: 's0-A' });
    expect(router.tick(39_999)).toEqual([]);
    expect(router.tick(40_000)).toEqual([
      { kind: 'operator-status', operatorId: 'A', status: 'available', since: 40_000 },
      { kind: 'offer', offer: { sessionId: 's1', operatorId: 'A', offeredAt: 40_000, expiresAt: 60_000 } },
      { kind: 'operator-status', operatorId: 'A', status: 'offered', since: 40_000 },
    ]);
  });

  it('idle since the end of the wrap-up, even when noticed late by another event', () => {
    const router = new Router(config);
    onCall(router, 'A', 0);
    router.callEnded('A', 0); // until 30 000
    // Nothing ticks; B comes online at 31 000: A's wrap-up is applied first, at 30 000.
    expect(online(router, 'B', 31_000)).toEqual([
      { kind: 'operator-status', operatorId: 'A', status: 'available', since: 30_000 },
      { kind: 'operator-status', operatorId: 'B', status: 'available', since: 31_000 },
    ]);
    expect(offered(router.callRequested(call('s1', 32_000), 32_000))).toEqual([['s1', 'A']]);
  });

  it('no wrap-up configured: available at once', () => {
    const router = new Router({ offerTimeoutMs: 20_000, wrapUpMs: 0 });
    onCall(router, 'A', 0);
    router.callRequested(call('s1', 5000), 5000);
    expect(offered(router.callEnded('A', 10_000))).toEqual([['s1', 'A']]);
  });

  it('available during wrap-up ends it early', () => {
    const router = new Router(config);
    onCall(router, 'A', 0);
    router.callEnded('A', 1000);
    expect(router.setStatus('A', 'available', 2000)).toEqual([
      { kind: 'operator-status', operatorId: 'A', status: 'available', since: 2000 },
    ]);
    expect(router.tick(31_000)).toEqual([]);
  });

  it('offline during wrap-up: no return to available afterwards', () => {
    const router = new Router(config);
    onCall(router, 'A', 0);
    router.callEnded('A', 1000);
    router.setStatus('A', 'offline', 2000);
    expect(router.tick(60_000)).toEqual([]);
    expect(statusOf(router, 'A')).toBe('offline');
  });

  it('an end for another session, or when not on a call, changes nothing', () => {
    const router = new Router(config);
    onCall(router, 'A', 0);
    expect(router.callEnded('A', 1000, 'other-session')).toEqual([]);
    expect(statusOf(router, 'A')).toBe('on_call');
    expect(kinds(router.callEnded('A', 1000, 's0-A'))).toEqual(['operator-status']);
    expect(router.callEnded('A', 1001)).toEqual([]);
    expect(router.callEnded('nobody', 1001)).toEqual([]);
  });
});

describe('a session ends, however: the one way out of the queue', () => {
  it('a waiting call leaves the queue as abandoned, with its wait', () => {
    const router = new Router(config);
    router.callRequested(call('s1', 100), 100);
    expect(router.sessionEnded('s1', 900)).toEqual([{ kind: 'abandoned', sessionId: 's1', waitMs: 800 }]);
    expect(router.queuePosition('s1')).toBeNull();
    expect(router.snapshot().waiting).toEqual([]);
    expect(router.sessionEnded('s1', 1000)).toEqual([]);
  });

  it('a ringing call: the offer is withdrawn and the operator is back in their old place', () => {
    const router = new Router(config);
    online(router, 'A', 0);
    online(router, 'B', 10);
    router.callRequested(call('s1', 100), 100);
    expect(ringing(router)).toEqual([['s1', 'A']]);
    expect(router.sessionEnded('s1', 500)).toEqual([
      { kind: 'offer-withdrawn', sessionId: 's1', operatorId: 'A', reason: 'cancelled' },
      { kind: 'abandoned', sessionId: 's1', waitMs: 400 },
      { kind: 'operator-status', operatorId: 'A', status: 'available', since: 0 },
    ]);
    expect(offered(router.callRequested(call('s2', 600), 600))).toEqual([['s2', 'A']]);
  });

  it('the operator on the call goes to open after-call work for it: no timer takes them anywhere', () => {
    const router = new Router(config);
    onCall(router, 'A', 0);
    router.callRequested(call('s1', 500), 500);
    expect(router.sessionEnded('s0-A', 1000)).toEqual([{ kind: 'operator-status', operatorId: 'A', status: 'wrap_up', since: 1000 }]);
    expect(router.operator('A')).toMatchObject({ status: 'wrap_up', since: 1000, until: null, sessionId: 's0-A' });
    expect(router.tick(10 * 60_000)).toEqual([]);
    expect(statusOf(router, 'A')).toBe('wrap_up');
    // Nothing rings at them meanwhile, and a repeat of the end changes nothing.
    expect(ringing(router)).toEqual([]);
    expect(router.sessionEnded('s0-A', 11 * 60_000)).toEqual([]);
  });

  it.each<['available' | 'break' | 'offline', OperatorStatus, string[][]]>([
    ['available', 'available', [['s1', 'A']]],
    ['break', 'break', []],
    ['offline', 'offline', []],
  ])('from open after-call work the operator chooses %s', (choice, status, offers) => {
    const router = new Router(config);
    onCall(router, 'A', 0);
    router.callRequested(call('s1', 500), 500);
    router.sessionEnded('s0-A', 1000);
    expect(offered(router.setStatus('A', choice, 5000))).toEqual(offers);
    expect(statusOf(router, 'A')).toBe(offers.length > 0 ? 'offered' : status);
  });

  it('recording the outcome soon after the end: after-call work until wrapUpMs after the end', () => {
    const router = new Router(config);
    onCall(router, 'A', 0);
    router.sessionEnded('s0-A', 1000);
    expect(router.callEnded('A', 5000, 's0-A')).toEqual([{ kind: 'operator-status', operatorId: 'A', status: 'wrap_up', since: 1000 }]);
    expect(router.operator('A')).toMatchObject({ status: 'wrap_up', until: 31_000, sessionId: 's0-A' });
    router.callRequested(call('s1', 20_000), 20_000);
    expect(offered(router.tick(31_000))).toEqual([['s1', 'A']]);
  });

  it('recording the outcome long after the end: available at once, and offered the oldest call', () => {
    const router = new Router(config);
    onCall(router, 'A', 0);
    router.sessionEnded('s0-A', 1000);
    router.callRequested(call('s1', 2000), 2000);
    expect(router.callEnded('A', 90_000, 's0-A')).toEqual([
      { kind: 'operator-status', operatorId: 'A', status: 'available', since: 90_000 },
      { kind: 'offer', offer: { sessionId: 's1', operatorId: 'A', offeredAt: 90_000, expiresAt: 110_000 } },
      { kind: 'operator-status', operatorId: 'A', status: 'offered', since: 90_000 },
    ]);
  });

  it('the operator’s own end and the session’s end, in either order, give the same after-call work', () => {
    const first = new Router(config);
    onCall(first, 'A', 0);
    first.callEnded('A', 1000, 's0-A');
    expect(first.sessionEnded('s0-A', 1000)).toEqual([]);
    const second = new Router(config);
    onCall(second, 'A', 0);
    second.sessionEnded('s0-A', 1000);
    second.callEnded('A', 1000, 's0-A');
    for (const router of [first, second])
      expect(router.operator('A')).toMatchObject({ status: 'wrap_up', since: 1000, until: 31_000, sessionId: 's0-A' });
  });

  it('an outcome for another call, or outside after-call work, changes nothing', () => {
    const router = new Router(config);
    onCall(router, 'A', 0);
    router.sessionEnded('s0-A', 1000);
    expect(router.callEnded('A', 2000, 'other')).toEqual([]);
    router.setStatus('A', 'break', 3000);
    expect(router.callEnded('A', 4000, 's0-A')).toEqual([]);
    expect(statusOf(router, 'A')).toBe('break');
  });

  it('no wrap-up configured: the session’s end still asks for the outcome; recording it makes them available', () => {
    const router = new Router({ offerTimeoutMs: 20_000, wrapUpMs: 0 });
    onCall(router, 'A', 0);
    router.sessionEnded('s0-A', 1000);
    expect(statusOf(router, 'A')).toBe('wrap_up');
    expect(kinds(router.callEnded('A', 1000, 's0-A'))).toEqual(['operator-status']);
    expect(statusOf(router, 'A')).toBe('available');
  });

  it('open after-call work survives a restore and is still open', () => {
    const router = new Router(config);
    onCall(router, 'A', 0);
    router.sessionEnded('s0-A', 1000);
    const restored = new Router(config);
    expect(restored.restore(router.snapshot(), 99_000)).toEqual([]);
    expect(restored.operator('A')).toMatchObject({ status: 'wrap_up', until: null, sessionId: 's0-A' });
    expect(restored.tick(999_000)).toEqual([]);
  });

  it('liveSessionIds: the waiting calls and the calls in progress, nothing that ended', () => {
    const router = new Router(config);
    onCall(router, 'A', 0);
    router.callRequested(call('w1', 10, { language: 'vi' }), 10);
    expect(router.liveSessionIds().sort()).toEqual(['s0-A', 'w1']);
    router.sessionEnded('s0-A', 20);
    router.sessionEnded('w1', 20);
    expect(router.liveSessionIds()).toEqual([]);
  });
});

describe('availability: who could take this call now', () => {
  /** One operator serving toin (ja, all procedures unless told) in `status`. */
  function withOperator(status: OperatorStatus, over: Partial<Skills> = {}) {
    const router = new Router(config);
    placeOperator(router, 'A', status, over);
    return router;
  }

  it('nobody known at all: not served', () => {
    expect(new Router(config).availability(call('x', 0))).toEqual({ kind: 'nobody', reason: 'not-served' });
  });

  it.each<[string, OperatorStatus, Partial<Skills>, Partial<WaitingSession>, ReturnType<Router['availability']>]>([
    ['available, all match', 'available', {}, {}, { kind: 'staffed', operators: 1 }],
    ['ringing another call', 'offered', {}, {}, { kind: 'staffed', operators: 1 }],
    ['on a call', 'on_call', {}, {}, { kind: 'staffed', operators: 1 }],
    ['in after-call work', 'wrap_up', {}, {}, { kind: 'staffed', operators: 1 }],
    ['on break', 'break', {}, {}, { kind: 'nobody', reason: 'none-on-duty' }],
    ['away (missed a call)', 'away', {}, {}, { kind: 'nobody', reason: 'none-on-duty' }],
    ['offline', 'offline', {}, {}, { kind: 'nobody', reason: 'none-on-duty' }],
    ['available, but no Vietnamese', 'available', {}, { language: 'vi' }, { kind: 'nobody', reason: 'not-served' }],
    ['on break, and no English', 'break', {}, { language: 'en' }, { kind: 'nobody', reason: 'not-served' }],
    ['available, speaks English too', 'available', { languages: ['ja', 'en'] }, { language: 'en' }, { kind: 'staffed', operators: 1 }],
    ['available, another town', 'available', {}, { municipalityId: 'kawasaki' }, { kind: 'nobody', reason: 'not-served' }],
    [
      'available, procedure not handled',
      'available',
      { procedures: ['renewal'] },
      { procedure: 'bank_account' },
      { kind: 'nobody', reason: 'not-served' },
    ],
    [
      'on break, procedure not handled',
      'break',
      { procedures: ['renewal'] },
      { procedure: 'bank_account' },
      { kind: 'nobody', reason: 'not-served' },
    ],
    ['available, no procedure asked', 'available', { procedures: [] }, { procedure: null }, { kind: 'staffed', operators: 1 }],
    [
      'on a call, handles the procedure',
      'on_call',
      { procedures: ['renewal'] },
      { procedure: 'renewal' },
      { kind: 'staffed', operators: 1 },
    ],
  ])('%s', (_name, status, over, fields, expected) => {
    expect(withOperator(status, over).availability(call('x', 0, fields))).toEqual(expected);
  });

  it('counts only those who serve the call, across several operators', () => {
    const router = new Router(config);
    placeOperator(router, 'ja-busy', 'on_call');
    placeOperator(router, 'en-busy', 'on_call', { languages: ['ja', 'en'] });
    placeOperator(router, 'en-break', 'break', { languages: ['en'] });
    placeOperator(router, 'vi-off', 'offline', { languages: ['vi'] });
    placeOperator(router, 'ja-free', 'available');
    expect(router.availability(call('x', 0))).toEqual({ kind: 'staffed', operators: 3 });
    expect(router.availability(call('x', 0, { language: 'en' }))).toEqual({ kind: 'staffed', operators: 1 });
    expect(router.availability(call('x', 0, { language: 'vi' }))).toEqual({ kind: 'nobody', reason: 'none-on-duty' });
    expect(router.availability(call('x', 0, { language: 'ko' }))).toEqual({ kind: 'nobody', reason: 'not-served' });
    // The English speaker on a call finishes and goes on break: English has nobody on duty.
    router.callEnded('en-busy', 5000);
    router.setStatus('en-busy', 'break', 5001);
    expect(router.availability(call('x', 0, { language: 'en' }))).toEqual({ kind: 'nobody', reason: 'none-on-duty' });
  });

  it('new skills move an operator between "not served" and "on duty" at once', () => {
    const router = withOperator('available');
    expect(router.availability(call('x', 0, { language: 'pt' })).kind).toBe('nobody');
    router.updateSkills('A', skills({ languages: ['ja', 'pt'] }), 10);
    expect(router.availability(call('x', 0, { language: 'pt' }))).toEqual({ kind: 'staffed', operators: 1 });
    router.updateSkills('A', skills({ municipalityIds: ['kawasaki'] }), 20);
    expect(router.availability(call('x', 0))).toEqual({ kind: 'nobody', reason: 'not-served' });
  });
});

describe('queue position and estimated wait: from the operators who could take the call', () => {
  const H = 300_000;

  it('every operator on break: nobody on duty, no estimate (not "next, about 5 min")', () => {
    const router = new Router(config);
    placeOperator(router, 'A', 'break');
    placeOperator(router, 'B', 'break', { languages: ['ja', 'en'] });
    router.callRequested(call('s1', 100), 100);
    expect(router.queuePosition('s1')).toEqual({ position: 1, ahead: 0 });
    expect(router.estimatedWaitMs('s1', H)).toBeNull();
    expect(router.availability(call('s1', 100))).toEqual({ kind: 'nobody', reason: 'none-on-duty' });
  });

  it('a Vietnamese resident while only Japanese speakers are free: no estimate, though they are available', () => {
    const router = new Router(config);
    placeOperator(router, 'A', 'available');
    router.callRequested(call('vi', 100, { language: 'vi' }), 100);
    expect(ringing(router)).toEqual([]);
    expect(router.estimatedWaitMs('vi', H)).toBeNull();
    expect(router.availability(call('vi', 100, { language: 'vi' }))).toEqual({ kind: 'nobody', reason: 'not-served' });
  });

  it('a ringing call: 0 (an operator is being asked now)', () => {
    const router = new Router(config);
    placeOperator(router, 'A', 'available');
    router.callRequested(call('s1', 100), 100);
    expect(router.queuePosition('s1')).toEqual({ position: 1, ahead: 0 });
    expect(router.estimatedWaitMs('s1', H)).toBe(0);
  });

  /**
   * toin: A speaks ja+en, B ja, both on calls. Waiting: j1 (ja, 100), e1 (en, 200), v1 (vi, 300,
   * nobody), j2 (ja, 400), e2 (en, 500), b1 (ja, bank_account, 600 — only C handles it, on a call),
   * k1 (kawasaki, ja, 50 — another town).
   */
  function busyMunicipality() {
    const router = new Router(config);
    placeOperator(router, 'A', 'on_call', { languages: ['ja', 'en'], procedures: ['renewal'] });
    placeOperator(router, 'B', 'on_call', { procedures: ['renewal'] });
    placeOperator(router, 'C', 'on_call', { procedures: ['bank_account'] });
    const calls: WaitingSession[] = [
      call('k1', 50, { municipalityId: 'kawasaki' }),
      call('j1', 100),
      call('e1', 200, { language: 'en' }),
      call('v1', 300, { language: 'vi' }),
      call('j2', 400),
      call('e2', 500, { language: 'en' }),
      call('b1', 600, { procedure: 'bank_account' }),
    ];
    for (const c of calls) router.callRequested(c, c.requestedAt);
    expect(ringing(router)).toEqual([]);
    return router;
  }

  it.each<[string, number, number | null, string]>([
    // j1: A and B; nothing older.
    ['j1', 1, Math.round((1 * H) / 2), 'the oldest call its operators serve'],
    // e1: only A, who also takes Japanese renewals: j1 is ahead.
    ['e1', 2, 2 * H, 'an English call behind the older Japanese one its only operator also takes'],
    // v1: nobody serves Vietnamese: only its own kind counts, and there is no estimate.
    ['v1', 1, null, 'nobody serves it: its own kind only, no estimate'],
    // j2: A and B; j1 and e1 (A takes English too) are ahead, not v1.
    ['j2', 3, Math.round((3 * H) / 2), 'a Vietnamese call nobody can take does not hold it up'],
    // e2: A only; j1, e1, j2 ahead.
    ['e2', 4, 4 * H, 'behind every older call its one operator could take'],
    // b1: C only, who handles no renewal: nothing ahead.
    ['b1', 1, H, 'renewals ahead are for other operators'],
    // k1: another town's queue, its own (nobody serves kawasaki).
    ['k1', 1, null, 'another town'],
  ])('%s: position %i, estimate %s — %s', (sessionId, position, wait) => {
    const router = busyMunicipality();
    expect(router.queuePosition(sessionId)).toEqual({ position, ahead: position - 1 });
    expect(router.estimatedWaitMs(sessionId, H)).toBe(wait);
  });

  it('positions move up as calls ahead are answered or leave', () => {
    const router = busyMunicipality();
    router.sessionEnded('j1', 1000);
    expect(router.queuePosition('e2')?.position).toBe(3);
    router.callEnded('A', 2000);
    // A's wrap-up ends, A takes e1 (oldest ja/en renewal: e1 at 200 < j2 at 400).
    expect(offered(router.tick(32_000))).toEqual([['e1', 'A']]);
    expect(router.queuePosition('e2')?.position).toBe(3); // e1 ringing still counts
    expect(refusalOf(router.offerAccepted('e1', 'A', 33_000))).toBeNull();
    expect(router.queuePosition('e2')).toEqual({ position: 2, ahead: 1 });
  });

  it.each<[string, OperatorStatus[], number | null]>([
    ['nobody serves the language', [], null],
    ['one available (and ringing the oldest call)', ['available'], 1],
    ['break, away and offline do not count', ['break', 'away', 'offline', 'available'], 1],
    ['ringing, on a call and in wrap-up count', ['offered', 'on_call', 'wrap_up', 'available'], 4],
    ['three on calls', ['on_call', 'on_call', 'on_call'], 3],
    ['all on break', ['break', 'break'], null],
  ])('position × average handling ÷ operators on duty who serve it: %s', (_name, statuses, operators) => {
    const router = new Router(config);
    // They speak Portuguese too; their own calls come from another town.
    statuses.forEach((status, i) => placeOperator(router, `op${i}`, status, { languages: ['ja', 'pt'] }, 'elsewhere'));
    for (let i = 1; i <= 3; i++) router.callRequested(call(`w${i}`, 2000 + i, { language: 'pt' }), 2000 + i);
    expect(router.snapshot().operators.map((o) => o.status)).toEqual(statuses.map((s) => (s === 'available' ? 'offered' : s)));
    expect(router.queuePosition('w3')).toEqual({ position: 3, ahead: 2 });
    expect(router.estimatedWaitMs('w3', H)).toBe(operators === null ? null : Math.round((3 * H) / operators));
    expect(router.estimatedWaitMs('nope', H)).toBeNull();
  });

  it('the console figure: all waiting calls of the operator’s towns, whoever can take them', () => {
    const router = busyMunicipality();
    expect(router.waitingCount(['toin', 'kawasaki', 'toin'])).toBe(7);
    expect(router.waitingCount(['elsewhere'])).toBe(0);
  });
});

/**
 * Puts an operator serving toin (unless `over` says otherwise) in `status`. Their own calls come
 * from `ownMunicipality` and operators placed later cannot take them (place `available` ones last).
 */
function placeOperator(router: Router, id: string, status: OperatorStatus, over: Partial<Skills> = {}, ownMunicipality = 'own-' + id) {
  const own = skills({ ...over, municipalityIds: [...(over.municipalityIds ?? ['toin']), ownMunicipality] });
  const at = 1000;
  if (status === 'break' || status === 'offline' || status === 'available') {
    router.setStatus(id, status, at, own);
    return;
  }
  router.setStatus(id, 'available', at, own);
  router.callRequested(call(`c-${id}`, at, { municipalityId: ownMunicipality, language: own.languages[0]!, procedure: null }), at);
  if (status === 'offered') return;
  if (status === 'away') {
    router.offerDeclined(`c-${id}`, id, at);
    router.callCancelled(`c-${id}`, at);
    return;
  }
  router.offerAccepted(`c-${id}`, id, at);
  if (status === 'wrap_up') router.callEnded(id, at);
}

describe('restart: no waiting call is lost, the same offers ring again', () => {
  const municipalities = ['a', 'b', 'c'];

  /** A live router with history: some calls ringing, some waiting, an operator on a call, one in wrap-up, one away. */
  function live() {
    const router = new Router(config);
    router.setStatus('op-a', 'available', 100, skills({ municipalityIds: ['a'] }));
    router.setStatus('op-ab', 'available', 200, skills({ municipalityIds: ['a', 'b'], languages: ['ja', 'en'] }));
    router.setStatus('op-b', 'available', 300, skills({ municipalityIds: ['b'], procedures: ['renewal'] }));
    router.setStatus('op-c', 'available', 400, skills({ municipalityIds: ['c'] }));
    router.setStatus('op-all', 'available', 500, skills({ municipalityIds: municipalities, languages: ['ja', 'vi'] }));
    router.setStatus('op-away', 'available', 600, skills({ municipalityIds: municipalities }));
    const requests: WaitingSession[] = [
      call('s01', 1000, { municipalityId: 'a' }),
      call('s02', 1100, { municipalityId: 'b', language: 'en' }),
      call('s03', 1200, { municipalityId: 'c', procedure: null }),
      call('s04', 1300, { municipalityId: 'b', procedure: 'bank_account' }),
      call('s05', 1400, { municipalityId: 'a', language: 'vi' }),
      call('s06', 1500, { municipalityId: 'b' }),
      call('s07', 1600, { municipalityId: 'c', language: 'ko' }),
      call('s08', 1700, { municipalityId: 'a' }),
      call('s09', 1800, { municipalityId: 'c' }),
    ];
    for (const request of requests) router.callRequested(request, request.requestedAt);
    router.offerAccepted('s01', 'op-a', 2000);
    router.offerDeclined('s08', 'op-away', 2100);
    router.offerAccepted('s03', 'op-c', 2200);
    router.callEnded('op-c', 2300);
    return router;
  }

  it('the live router rings what the rules say', () => {
    const router = live();
    expect(ringing(router)).toEqual([
      ['s02', 'op-ab'], // the only English speaker for b
      ['s04', 'op-all'], // op-b does not handle bank_account
      ['s06', 'op-b'],
    ]);
    // s05 (vi: op-all is ringing), s07 (ko: nobody), s08 (op-away declined it), s09 (c: all busy) wait.
    expect(router.snapshot().waiting.map((c) => c.sessionId)).toEqual(['s02', 's04', 's05', 's06', 's07', 's08', 's09']);
  });

  it('restore() from a snapshot rings the same pairs, whatever the row order', () => {
    const before = live().snapshot();
    const restored = new Router(config);
    const decisions = restored.restore(before, 3000);
    expect(offered(decisions).sort()).toEqual(before.offers.map((o) => [o.sessionId, o.operatorId]).sort());
    expect(restored.snapshot().waiting).toEqual(before.waiting);
    expect(restored.snapshot().operators.map((o) => [o.id, o.status])).toEqual(before.operators.map((o) => [o.id, o.status]));

    const shuffled = new Router(config);
    shuffled.restore({ operators: [...before.operators].reverse(), waiting: [...before.waiting].reverse() }, 3000);
    expect(shuffled.snapshot()).toEqual(restored.snapshot());
  });

  it('replaying events gives the same pairs: operators online in idle order, then the calls oldest first', () => {
    const before = live().snapshot();
    const replayed = new Router(config);
    const present = before.operators.filter((o) => o.status === 'available' || o.status === 'offered');
    for (const o of [...present].sort((x, y) => x.idleSince! - y.idleSince!)) replayed.setStatus(o.id, 'available', o.idleSince!, o);
    for (const c of before.waiting) replayed.callRequested(c, 3000);
    expect(ringing(replayed).sort()).toEqual(before.offers.map((o) => [o.sessionId, o.operatorId]).sort());
  });

  it('ringing operators come back in their place; on-call and wrap-up operators carry on', () => {
    const before = live().snapshot();
    const restored = new Router(config);
    restored.restore(before, 3000);
    expect(restored.operator('op-a')).toMatchObject({ status: 'on_call', sessionId: 's01' });
    expect(restored.operator('op-c')).toMatchObject({ status: 'wrap_up', until: 32_300 });
    expect(restored.operator('op-away')).toMatchObject({ status: 'away' });
    expect(restored.operator('op-ab')).toMatchObject({ status: 'offered', idleSince: 200 });
    // The wrap-up ends on time, and op-c takes the oldest call of c it can.
    expect(offered(restored.tick(32_300))).toEqual([['s09', 'op-c']]);
    expect(kinds(restored.callEnded('op-a', 33_000, 's01'))).toEqual(['operator-status']);
  });

  it('a wrap-up that ended while the app was down ends at its time on restore', () => {
    const before = live().snapshot();
    const decisions = new Router(config).restore(before, 100_000);
    expect(decisions).toContainEqual({ kind: 'operator-status', operatorId: 'op-c', status: 'available', since: 32_300 });
    expect(offered(decisions)).toContainEqual(['s09', 'op-c']);
  });

  it('an older call that came back while its operator rings a newer one: restore gives it the older call', () => {
    const router = new Router(config);
    online(router, 'A', 0);
    router.callRequested(call('old', 100), 100); // A
    online(router, 'B', 200);
    router.callRequested(call('new', 300), 300); // B
    router.offerDeclined('old', 'A', 400); // back in the queue; B keeps ringing for 'new'
    expect(ringing(router)).toEqual([['new', 'B']]);
    const restored = new Router(config);
    expect(offered(restored.restore(router.snapshot(), 500))).toEqual([['old', 'B']]);
  });

  it('restore needs a new Router', () => {
    const router = live();
    expect(() => router.restore(router.snapshot(), 3000)).toThrow(/new Router/);
  });
});

describe('config', () => {
  it.each([
    [{ offerTimeoutMs: 0, wrapUpMs: 0 }],
    [{ offerTimeoutMs: 20_000, wrapUpMs: -1 }],
    [{ offerTimeoutMs: Number.NaN, wrapUpMs: 0 }],
  ])('refuses %o', (bad) => {
    expect(() => new Router(bad)).toThrow(RangeError);
  });
});

// -------------------------------------------------------------------------------------------
// Seeded random scenarios. After every event the state must satisfy, precisely:
//  I1 Pairing: each offer's operator is `offered` with that sessionId, and the call is waiting;
//     at most one offer per call and per operator; `offered` operators = operators with an offer;
//     `on_call` operators are on distinct sessions that are no longer waiting.
//  I2 Skills: each offer is for a call its operator serves (municipality, language, procedure).
//  I3 No idle match: no unoffered waiting call has an available operator who serves it.
//  I4 Oldest first: for each offer made by the event, no unoffered waiting call that operator
//     serves is older (by requestedAt, then sessionId).
//  I5 Idle longest first: for each offer made by the event, no available operator who serves
//     that call has been idle longer (by idleSince, then id).
//  I6 Offers only go to operators whose previous status was `available` (so never to an away,
//     break or offline operator, nor to one already ringing or on a call).
//  I7 Timers: offers expire after now, exactly offerTimeoutMs after they were made; timed
//     wrap-ups end after now (open ones have none); available operators have since = idleSince.
//  I8 Conservation: each requested call is exactly one of waiting, answered or abandoned;
//     answered/abandoned at most once, with wait = decision time − requestedAt.
//  I9 Status stream: the last operator-status decision of each operator equals their status.
//  I10 Queries: availability, queuePosition and estimatedWaitMs equal brute-force counts over
//     the snapshot (operators on duty who serve the call; older calls of the town they compete for).
//  I11 Ends: no operator is on a call, or ringing, for a session that ended; the operator of a
//     session that ended while they were on it is in after-call work for it (until they act).
//  And a restore from the snapshot keeps every waiting call, satisfies I1–I3, and does not
//  depend on row order.

const waitingIdsOf = (waiting: readonly WaitingSession[]) => new Set(waiting.map((w) => w.sessionId));

const byAge = (a: WaitingSession, b: WaitingSession) =>
  a.requestedAt - b.requestedAt || (a.sessionId < b.sessionId ? -1 : a.sessionId > b.sessionId ? 1 : 0);
const idleBefore = (a: Operator, b: Operator) => a.idleSince! < b.idleSince! || (a.idleSince === b.idleSince && a.id < b.id);

/** Violations of I1–I3, I7 (empty when the state is sound). */
function violations(router: Router, now: number, cfg: RoutingConfig) {
  const { operators, waiting, offers } = router.snapshot();
  const operatorById = new Map(operators.map((o) => [o.id, o]));
  const callById = new Map(waiting.map((c) => [c.sessionId, c]));
  const offeredSessions = new Set(offers.map((o) => o.sessionId));
  const found: string[] = [];
  const check = (ok: boolean, what: () => string) => {
    if (!ok) found.push(what());
  };
  // I1
  check(new Set(offers.map((o) => o.operatorId)).size === offers.length, () => 'an operator has two offers');
  check(offeredSessions.size === offers.length, () => 'a call has two offers');
  for (const offer of offers) {
    const operator = operatorById.get(offer.operatorId);
    const c = callById.get(offer.sessionId);
    check(
      operator?.status === 'offered' && operator.sessionId === offer.sessionId,
      () => `I1 ${offer.operatorId} not ringing for ${offer.sessionId}`,
    );
    check(c !== undefined, () => `I1 offer for ${offer.sessionId}, which is not waiting`);
    // I2
    check(!operator || !c || serves(operator, c), () => `I2 ${offer.operatorId} does not serve ${offer.sessionId}`);
    // I7
    check(offer.expiresAt > now && offer.expiresAt - offer.offeredAt === cfg.offerTimeoutMs, () => `I7 offer ${offer.sessionId} timer`);
  }
  check(operators.filter((o) => o.status === 'offered').length === offers.length, () => 'I1 ringing operators without an offer');
  const onCall = operators.filter((o) => o.status === 'on_call').map((o) => o.sessionId);
  check(new Set(onCall).size === onCall.length, () => 'I1 two operators on one call');
  for (const sessionId of onCall) check(sessionId !== null && !callById.has(sessionId), () => `I1 ${sessionId} on a call and waiting`);
  // I3
  const unoffered = waiting.filter((c) => !offeredSessions.has(c.sessionId));
  const idle = operators.filter((o) => o.status === 'available');
  for (const c of unoffered) for (const o of idle) check(!serves(o, c), () => `I3 ${o.id} idle while ${c.sessionId} waits`);
  // I7
  for (const o of operators) {
    check(o.status !== 'wrap_up' || o.until === null || o.until > now, () => `I7 ${o.id} wrap-up overdue`);
    check(o.status !== 'available' || o.since === o.idleSince, () => `I7 ${o.id} since ≠ idleSince`);
  }
  return { found, operators, waiting, offers, unoffered, idle, operatorById };
}

function runScenario(seed: number, steps: number) {
  const rand = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const chance = (p: number) => rand() < p;
  const subset = <T>(xs: readonly T[], p: number) => xs.filter(() => chance(p));
  const municipalities = ['a', 'b', 'c', 'd'];
  const cfg: RoutingConfig = { offerTimeoutMs: 20_000, wrapUpMs: pick([0, 30_000]) };
  const operatorIds = ['o1', 'o2', 'o3', 'o4', 'o5', 'o6', 'o7'];
  const randomSkills = (): Skills => ({
    municipalityIds: chance(0.05) ? [] : [pick(municipalities), ...subset(municipalities, 0.3)],
    languages: chance(0.7) ? ['ja'] : ['ja', ...subset<Language>(['en', 'vi', 'zh-Hans'], 0.6)],
    procedures: chance(0.5) ? ALL : chance(0.1) ? [] : subset(ALL, 0.5),
  });

  const router = new Router(cfg);
  const requested = new Map<string, WaitingSession>();
  const outcome = new Map<string, 'answered' | 'abandoned'>();
  /** Sessions ended through sessionEnded, and the operator on each when it ended. */
  const ended = new Map<string, string | null>();
  const lastStatus = new Map<string, { status: OperatorStatus; since: number }>();
  let now = 0;
  let next = 0;

  for (let step = 0; step < steps; step++) {
    now += Math.floor(rand() * (chance(0.2) ? 25_000 : 4000));
    const snap = router.snapshot();
    const r = rand();
    let endedNow: { sessionId: string; operatorId: string | null } | undefined;
    let decisions: Decision[];
    if (r < 0.25) {
      const c: WaitingSession = {
        sessionId: `s${String(next++).padStart(4, '0')}`,
        municipalityId: pick(municipalities),
        language: chance(0.75) ? 'ja' : pick<Language>(['en', 'vi', 'zh-Hans', 'pt']),
        procedure: chance(0.15) ? null : pick(ALL),
        requestedAt: now - Math.floor(rand() * 3000),
      };
      requested.set(c.sessionId, c);
      decisions = router.callRequested(c, now);
    } else if (r < 0.32 && snap.waiting.length > 0) {
      decisions = router.callCancelled(pick(snap.waiting).sessionId, now);
    } else if (r < 0.5 && snap.offers.length > 0) {
      const offer = pick(snap.offers);
      decisions = router.offerAccepted(offer.sessionId, chance(0.05) ? pick(operatorIds) : offer.operatorId, now);
    } else if (r < 0.57 && snap.offers.length > 0) {
      const offer = pick(snap.offers);
      decisions = router.offerDeclined(offer.sessionId, offer.operatorId, now);
    } else if (r < 0.66) {
      const busy = snap.operators.filter((o) => o.status === 'on_call');
      decisions = busy.length > 0 ? router.callEnded(pick(busy).id, now, chance(0.9) ? undefined : 'stale') : router.tick(now);
    } else if (r < 0.72) {
      // A session ends from elsewhere: a call in progress, a waiting call, or one already over.
      const busy = snap.operators.filter((o) => o.status === 'on_call');
      const target =
        chance(0.6) && busy.length > 0
          ? pick(busy).sessionId!
          : chance(0.8) && snap.waiting.length > 0
            ? pick(snap.waiting).sessionId
            : pick([...requested.keys(), 'never']);
      endedNow = {
        sessionId: target,
        operatorId: snap.operators.find((o) => o.status === 'on_call' && o.sessionId === target)?.id ?? null,
      };
      ended.set(target, endedNow.operatorId);
      decisions = router.sessionEnded(target, now);
    } else if (r < 0.75) {
      // The outcome of a call that ended from the other side.
      const open = snap.operators.filter((o) => o.status === 'wrap_up' && o.until === null);
      decisions = open.length > 0 ? (({ id, sessionId }) => router.callEnded(id, now, sessionId!))(pick(open)) : router.tick(now);
    } else if (r < 0.9) {
      const id = pick(operatorIds);
      const status = chance(0.65) ? 'available' : chance(0.5) ? 'break' : 'offline';
      const known = snap.operators.some((o) => o.id === id);
      decisions = router.setStatus(id, status, now, !known || chance(0.1) ? randomSkills() : undefined);
    } else {
      decisions = router.tick(now);
    }

    const state = violations(router, now, cfg);
    const found = state.found;
    const check = (ok: boolean, what: () => string) => {
      if (!ok) found.push(what());
    };
    // I6, I8 from the decision stream; I9 bookkeeping.
    for (const d of decisions) {
      if (d.kind === 'operator-status') {
        if (d.status === 'offered')
          check(
            lastStatus.get(d.operatorId)?.status === 'available',
            () => `I6 ${d.operatorId} offered while ${lastStatus.get(d.operatorId)?.status}`,
          );
        lastStatus.set(d.operatorId, { status: d.status, since: d.since });
      }
      if (d.kind === 'answered' || d.kind === 'abandoned') {
        check(!outcome.has(d.sessionId), () => `I8 ${d.sessionId} ${d.kind} twice`);
        outcome.set(d.sessionId, d.kind);
        check(d.waitMs === now - requested.get(d.sessionId)!.requestedAt, () => `I8 ${d.sessionId} wait`);
      }
    }
    // I4, I5 for the offers this event made (and that still ring).
    for (const d of decisions) {
      if (d.kind !== 'offer' || !state.offers.some((o) => o.sessionId === d.offer.sessionId && o.operatorId === d.offer.operatorId))
        continue;
      const operator = state.operatorById.get(d.offer.operatorId)!;
      const c = state.waiting.find((w) => w.sessionId === d.offer.sessionId)!;
      for (const older of state.unoffered)
        check(!serves(operator, older) || byAge(c, older) < 0, () => `I4 ${older.sessionId} older than ${c.sessionId}`);
      for (const other of state.idle)
        check(!serves(other, c) || !idleBefore(other, operator), () => `I5 ${other.id} idle longer than ${operator.id}`);
    }
    // I8
    const waitingIds = new Set(state.waiting.map((c) => c.sessionId));
    for (const id of requested.keys())
      check(Number(waitingIds.has(id)) + Number(outcome.has(id)) === 1, () => `I8 ${id} lost or duplicated`);
    // I9
    for (const o of state.operators) {
      const last = lastStatus.get(o.id) ?? { status: 'offline', since: o.since };
      check(o.status === last.status && o.since === last.since, () => `I9 ${o.id} is ${o.status} but the decisions said ${last.status}`);
    }
    // I10
    const offeredIds = new Set(state.offers.map((o) => o.sessionId));
    for (const c of [...state.waiting, ...[...requested.values()].slice(-3)]) {
      const onDuty = state.operators.filter((o) => staffingStatuses.includes(o.status) && serves(o, c));
      const known = state.operators.filter((o) => serves(o, c));
      const expected =
        onDuty.length > 0
          ? { kind: 'staffed', operators: onDuty.length }
          : { kind: 'nobody', reason: known.length > 0 ? 'none-on-duty' : 'not-served' };
      check(JSON.stringify(router.availability(c)) === JSON.stringify(expected), () => `I10 availability of ${c.sessionId}`);
      if (!waitingIdsOf(state.waiting).has(c.sessionId)) continue;
      const competes = (w: WaitingSession) =>
        (w.language === c.language && w.procedure === c.procedure) || onDuty.some((o) => serves(o, w));
      const ahead = state.waiting.filter((w) => w.municipalityId === c.municipalityId && byAge(w, c) < 0 && competes(w)).length;
      const position = router.queuePosition(c.sessionId);
      check(position?.position === ahead + 1 && position.ahead === ahead, () => `I10 position of ${c.sessionId}`);
      const wait = onDuty.length === 0 ? null : offeredIds.has(c.sessionId) ? 0 : Math.round(((ahead + 1) * 240_000) / onDuty.length);
      check(router.estimatedWaitMs(c.sessionId, 240_000) === wait, () => `I10 wait of ${c.sessionId}`);
      check(
        JSON.stringify(router.placeOf(c.sessionId, 240_000)) ===
          JSON.stringify({ position: ahead + 1, estimatedWaitMs: wait, availability: expected }),
        () => `I10 placeOf ${c.sessionId}`,
      );
    }
    // I11
    for (const sessionId of ended.keys()) {
      check(
        !state.operators.some((o) => (o.status === 'on_call' || o.status === 'offered') && o.sessionId === sessionId),
        () => `I11 someone still on ${sessionId}`,
      );
      check(!waitingIdsOf(state.waiting).has(sessionId), () => `I11 ${sessionId} still waiting`);
    }
    if (endedNow !== undefined && endedNow.operatorId !== null) {
      const o = state.operatorById.get(endedNow.operatorId)!;
      check(
        o.status === 'wrap_up' && o.until === null && o.sessionId === endedNow.sessionId,
        () => `I11 ${o.id} not in after-call work for ${endedNow!.sessionId}`,
      );
    }

    if (step % 50 === 49) {
      const restored = new Router(cfg);
      restored.restore(snap, now);
      const shuffled = new Router(cfg);
      shuffled.restore({ operators: [...snap.operators].reverse(), waiting: [...snap.waiting].reverse() }, now);
      check(JSON.stringify(shuffled.snapshot()) === JSON.stringify(restored.snapshot()), () => 'restore depends on row order');
      check(JSON.stringify(restored.snapshot().waiting) === JSON.stringify(snap.waiting), () => 'restore lost or changed a waiting call');
      found.push(...violations(restored, now, cfg).found.map((v) => `after restore: ${v}`));
    }
    expect(found, `seed ${seed}, step ${step}`).toEqual([]);
  }
  return { requested: requested.size, answered: [...outcome.values()].filter((o) => o === 'answered').length };
}

describe('seeded random scenarios keep the invariants', () => {
  it.each(Array.from({ length: 100 }, (_, i) => [i]))('seed %i', (seed) => {
    const { requested, answered } = runScenario(seed, 300);
    expect(requested).toBeGreaterThan(30);
    expect(answered).toBeGreaterThan(0);
  });
});
