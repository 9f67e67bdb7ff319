import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, type BoothSelf, type BoothSession } from '../api';
import { boothSelf, consentDoc } from './booth-self.fixture';
import { journeyConfig } from './config';
import { IDLE_MS, WARN_MS } from './idle';
import { CHECK_IN_REFUSED_RETURN_MS, WALK_IN_BOOKED_RETURN_MS } from './machine';
import { type JourneyIo, JourneyRunner } from './runner';
import type { Visit } from './visit';

function me(patch: { terms?: number; open?: boolean; nextOpening?: string | null; reservationOnly?: boolean } = {}): BoothSelf {
  const self = boothSelf({
    consent: patch.terms ? { terms: consentDoc('terms', patch.terms), privacy: consentDoc('privacy', 1) } : undefined,
    opening: { open: patch.open ?? true, nextOpening: patch.nextOpening ?? null },
    procedures: patch.reservationOnly ? ['health_insurance'] : [],
  });
  return { ...self, municipality: { ...self.municipality, reservationOnly: patch.reservationOnly ?? false } };
}

const session: BoothSession = {
  sessionId: '00000000-0000-4000-8000-000000000001',
  status: 'waiting',
  connection: { serverUrl: 'ws://127.0.0.1:7880', roomName: 'r', participantToken: 't', participantName: 'Booth' },
};

function setUp(info: BoothSelf = me()) {
  const io = {
    api: {
      requestCall: vi.fn<JourneyIo['api']['requestCall']>(),
      refer: vi.fn(async () => ({ sessionId: 'x' })),
      checkIn: vi.fn<JourneyIo['api']['checkIn']>(),
      walkIn: vi.fn<JourneyIo['api']['walkIn']>(),
      bookSlot: vi.fn<JourneyIo['api']['bookSlot']>(),
    },
    events: { record: vi.fn(), close: vi.fn() },
    reloadInfo: vi.fn<JourneyIo['reloadInfo']>(),
    onForget: vi.fn(),
    media: { prepare: vi.fn(), release: vi.fn() },
  };
  const shown: Visit[] = [];
  const runner = new JourneyRunner(io, (visit) => shown.push(visit));
  runner.update(journeyConfig(info));
  const last = () => shown[shown.length - 1]!;
  return { io, runner, last };
}

/** Lets the answers already given (resolved promises) run. */
async function answered(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

describe('the journey runner', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('holds the idle timeout: the warning after IDLE_MS, forgetting WARN_MS later', () => {
    const { io, runner, last } = setUp(me({ terms: 1 }));
    runner.dispatch({ type: 'START' });
    vi.advanceTimersByTime(IDLE_MS - 1);
    expect(last().warning).toBeNull();
    vi.advanceTimersByTime(1);
    expect(last().warning).toEqual({ endsAt: Date.now() + WARN_MS });
    vi.advanceTimersByTime(WARN_MS);
    expect(io.onForget).toHaveBeenCalledTimes(1);
    expect(last().over).toBe(true);
  });

  it('a touch starts the count over', () => {
    const { io, runner, last } = setUp(me({ terms: 1 }));
    runner.dispatch({ type: 'START' });
    vi.advanceTimersByTime(IDLE_MS - 1000);
    runner.dispatch({ type: 'ACTIVITY' });
    vi.advanceTimersByTime(IDLE_MS - 1000);
    expect(last().warning).toBeNull();
    vi.advanceTimersByTime(1000 + WARN_MS);
    expect(io.onForget).toHaveBeenCalledTimes(1);
  });

  it('asks for the call with the camera started, and gives up a session that opens after the journey is gone', async () => {
    const { io, runner } = setUp();
    let open: (value: BoothSession) => void = () => undefined;
    io.api.requestCall.mockReturnValue(new Promise((resolve) => (open = resolve)));
    runner.dispatch({ type: 'START' });
    runner.dispatch({ type: 'CHOOSE_LANGUAGE', language: 'en' });
    expect(io.media.prepare).toHaveBeenCalledTimes(1);
    expect(io.api.requestCall).toHaveBeenCalledWith({ language: 'en' });
    runner.stop();
    open(session);
    await answered();
    expect(io.media.release).toHaveBeenCalledTimes(1);
    expect(io.events.close).toHaveBeenCalledWith(session.sessionId, 'cancel', undefined);
    expect(io.onForget).not.toHaveBeenCalled();
  });

  it('consent outdated: reloads /me, then shows the new consent', async () => {
    const { io, runner, last } = setUp(me({ terms: 1 }));
    io.api.requestCall.mockRejectedValue(new ApiError(409, 'consent_outdated', 'outdated'));
    io.reloadInfo.mockResolvedValue(me({ terms: 2 }));
    runner.dispatch({ type: 'START' });
    runner.dispatch({ type: 'CHOOSE_LANGUAGE', language: 'en' });
    runner.dispatch({ type: 'AGREE' });
    await answered();
    expect(io.media.release).toHaveBeenCalledTimes(1);
    expect(last().state).toEqual({ screen: 'consent', language: 'en', procedure: null, outdated: true });
    io.api.requestCall.mockResolvedValue(session);
    runner.dispatch({ type: 'AGREE' });
    expect(io.api.requestCall).toHaveBeenLastCalledWith({ language: 'en', consent: { terms: 2, privacy: 1 } });
  });

  it('refused as closed: the closed screen in the resident’s language, with the next opening /me gives', async () => {
    const { io, runner, last } = setUp();
    io.api.requestCall.mockRejectedValue(new ApiError(409, 'closed', 'closed'));
    io.reloadInfo.mockResolvedValue(me({ open: false, nextOpening: '2030-01-06T00:00:00.000Z' }));
    runner.dispatch({ type: 'START' });
    runner.dispatch({ type: 'CHOOSE_LANGUAGE', language: 'vi' });
    await answered();
    expect(last().state).toEqual({ screen: 'closed', language: 'vi', nextOpening: '2030-01-06T00:00:00.000Z', resident: true });
    expect(io.onForget).not.toHaveBeenCalled();
  });

  it('records a referral through the API and tells nobody when that fails', async () => {
    const info = me();
    info.municipality.procedures = ['renewal'];
    info.municipality.eligibility = { renewal: [{ id: 'has-card', text: { ja: '?' }, proceedIf: true, guidance: { ja: '…' } }] };
    const { io, runner, last } = setUp(info);
    io.api.refer.mockRejectedValue(new Error('offline'));
    runner.dispatch({ type: 'START' });
    runner.dispatch({ type: 'CHOOSE_LANGUAGE', language: 'ja' });
    runner.dispatch({ type: 'CHOOSE_PROCEDURE', procedure: 'renewal' });
    runner.dispatch({ type: 'ANSWER', answer: false });
    await answered();
    expect(io.api.refer).toHaveBeenCalledWith({ procedure: 'renewal', language: 'ja', questionId: 'has-card' });
    expect(last().state.screen).toBe('referral');
  });

  it('checks a reservation in and asks for its call with its id, language and procedure (consent still asked)', async () => {
    const { io, runner, last } = setUp(me({ terms: 2 }));
    const reservationId = '00000000-0000-4000-8000-0000000000aa';
    io.api.checkIn.mockResolvedValue({
      outcome: 'checked_in',
      reservationId,
      procedure: 'renewal',
      language: 'en',
      slotStart: '2026-12-07T01:00:00.000Z',
      slotEnd: '2026-12-07T01:15:00.000Z',
    });
    runner.dispatch({ type: 'HAVE_RESERVATION' });
    runner.dispatch({ type: 'SUBMIT_CODE', code: 'ABCDEFGH' });
    expect(io.api.checkIn).toHaveBeenCalledWith('ABCDEFGH');
    await answered();
    expect(last().state).toEqual({ screen: 'consent', language: 'en', procedure: 'renewal', outdated: false, reservationId });
    io.api.requestCall.mockResolvedValue(session);
    runner.dispatch({ type: 'AGREE' });
    expect(io.api.requestCall).toHaveBeenCalledWith({
      language: 'en',
      procedure: 'renewal',
      consent: { terms: 2, privacy: 1 },
      reservationId,
    });
    runner.stop();
  });

  it('shows a refused code, then goes back to the start by itself', async () => {
    const { io, runner, last } = setUp();
    io.api.checkIn.mockResolvedValue({
      outcome: 'refused',
      reason: 'early',
      opensAt: '2026-12-07T00:50:00.000Z',
      closesAt: '2026-12-07T01:15:00.000Z',
      comeAt: { date: null, time: '09:50' },
    });
    runner.dispatch({ type: 'HAVE_RESERVATION' });
    runner.dispatch({ type: 'SUBMIT_CODE', code: 'ABCDEFGH' });
    await answered();
    expect(last().state).toEqual({ screen: 'check-in-refused', language: 'ja', reason: 'early', comeAt: { date: null, time: '09:50' } });
    vi.advanceTimersByTime(CHECK_IN_REFUSED_RETURN_MS);
    expect(io.onForget).toHaveBeenCalledTimes(1);
  });

  it('a failed check-in request shows the problem screen', async () => {
    const { io, runner, last } = setUp();
    io.api.checkIn.mockRejectedValue(new Error('offline'));
    runner.dispatch({ type: 'HAVE_RESERVATION' });
    runner.dispatch({ type: 'SUBMIT_CODE', code: 'ABCDEFGH' });
    await answered();
    expect(last().state).toEqual({ screen: 'problem', language: 'ja', problem: 'unavailable' });
    runner.stop();
  });

  /** A free slot the walk-in API offers. */
  const slot = {
    start: '2026-12-07T02:00:00.000Z',
    end: '2026-12-07T02:30:00.000Z',
    remaining: 1,
    comeAt: { date: null, time: '11:00' },
  };

  it('a walk-in at a reservation-only town books an offered slot and is forgotten after reading the code', async () => {
    const { io, runner, last } = setUp(me({ reservationOnly: true }));
    io.api.walkIn.mockResolvedValue({ decision: 'book', siteKey: 'b-0123456789ab', slots: [slot] });
    io.api.bookSlot.mockResolvedValue({
      code: 'K7PQ-2M9X',
      slotStart: slot.start,
      slotEnd: slot.end,
      checkInOpensAt: '2026-12-07T01:50:00.000Z',
      checkInClosesAt: '2026-12-07T02:15:00.000Z',
      comeAt: slot.comeAt,
      qr: '<svg/>',
    });
    runner.dispatch({ type: 'START' });
    runner.dispatch({ type: 'CHOOSE_LANGUAGE', language: 'ko' });
    runner.dispatch({ type: 'CHOOSE_PROCEDURE', procedure: 'health_insurance' });
    expect(io.api.walkIn).toHaveBeenCalledTimes(1);
    await answered();
    expect(last().state).toMatchObject({ screen: 'walk-in-slots', slots: [{ start: slot.start, comeAt: slot.comeAt }] });
    runner.dispatch({ type: 'BOOK_SLOT', slotStart: slot.start });
    expect(io.api.bookSlot).toHaveBeenCalledWith({
      siteKey: 'b-0123456789ab',
      slotStart: slot.start,
      procedure: 'health_insurance',
      language: 'ko',
    });
    await answered();
    expect(last().state).toEqual({
      screen: 'walk-in-booked',
      language: 'ko',
      booking: { code: 'K7PQ-2M9X', qr: '<svg/>', comeAt: slot.comeAt },
    });
    expect(io.api.requestCall).not.toHaveBeenCalled();
    vi.advanceTimersByTime(WALK_IN_BOOKED_RETURN_MS);
    expect(io.onForget).toHaveBeenCalledTimes(1);
  });

  it('a walk-in is called in when the API says so; a slot taken meanwhile (409) asks again', async () => {
    const { io, runner, last } = setUp(me({ reservationOnly: true }));
    io.api.walkIn.mockResolvedValueOnce({ decision: 'book', siteKey: 'b-0123456789ab', slots: [slot] });
    io.api.bookSlot.mockRejectedValue(new ApiError(409, 'slot_full', 'full'));
    io.api.walkIn.mockResolvedValueOnce({ decision: 'walk_in' });
    io.api.requestCall.mockResolvedValue(session);
    runner.dispatch({ type: 'START' });
    runner.dispatch({ type: 'CHOOSE_LANGUAGE', language: 'ja' });
    runner.dispatch({ type: 'CHOOSE_PROCEDURE', procedure: 'health_insurance' });
    await answered();
    runner.dispatch({ type: 'BOOK_SLOT', slotStart: slot.start });
    await answered();
    expect(io.api.walkIn).toHaveBeenCalledTimes(2);
    await answered();
    // Called in (no consent documents here): the call is asked for as a walk-in.
    expect(io.api.requestCall).toHaveBeenCalledWith({ language: 'ja', procedure: 'health_insurance' });
    expect(last().state.screen).toBe('waiting');
    runner.stop();
  });
});
