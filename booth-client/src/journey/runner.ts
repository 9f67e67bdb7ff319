/**
 * The journey's one effect runner: feeds events to the pure visit (visit.ts) with the config and
 * the time, keeps the visit it returns, and carries out the effects — timers, the API, the camera,
 * the outbox — sending answers back as events. It decides nothing: whether an answer still
 * matters is the machine's call (a session opened for a forgotten resident is given up there).
 */
import { ApiError, type BoothApi, type BoothSelf } from '../api';
import type { BoothRecorder } from '../events/outbox-sender';
import { journeyConfig } from './config';
import type { JourneyConfig } from './machine';
import { advance, begin, type Effect, type TimerId, type Visit, type VisitEvent, type VisitStep } from './visit';

export interface JourneyIo {
  api: Pick<BoothApi, 'requestCall' | 'refer' | 'checkIn' | 'walkIn' | 'bookSlot'>;
  /** Events and the end of sessions go through the booth's outbox: kept until acknowledged. */
  events: BoothRecorder;
  reloadInfo: () => Promise<BoothSelf>;
  /** Throw this journey away and start a fresh one on the attract screen. */
  onForget: () => void;
  /** The booth's camera and microphone for the call (call/local-media.ts). */
  media: { prepare: () => void; release: () => void };
}

const ignore = () => undefined;

export class JourneyRunner {
  private visit: Visit | null = null;
  private config: JourneyConfig | null = null;
  private readonly timers = new Map<TimerId, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly io: JourneyIo,
    /** Called with each new visit (to render it). */
    private readonly onChange: (visit: Visit) => void,
  ) {}

  /** The first config starts the journey; each later one is what /me says now. */
  update = (config: JourneyConfig): void => {
    const started = this.visit;
    this.config = config;
    this.apply(started ? advance(started, { type: 'INFO_CHANGED' }, config, Date.now()) : begin(config, Date.now()));
  };

  dispatch = (event: VisitEvent): void => {
    if (!this.visit || !this.config) return; // not started: nothing can have happened yet
    this.apply(advance(this.visit, event, this.config, Date.now()));
  };

  /** The component went away: every timer stops (late answers still give up what they opened). */
  stop = (): void => this.dispatch({ type: 'LEFT' });

  private apply({ visit, effects }: VisitStep): void {
    const changed = visit !== this.visit;
    this.visit = visit;
    if (changed) this.onChange(visit);
    for (const effect of effects) this.perform(effect);
  }

  private perform(effect: Effect): void {
    const { api, events, media } = this.io;
    switch (effect.type) {
      case 'start-timer': {
        const { id, ms } = effect;
        clearTimeout(this.timers.get(id));
        const timer = setTimeout(() => {
          this.timers.delete(id);
          this.dispatch({ type: 'TIMER_FIRED', id });
        }, ms);
        this.timers.set(id, timer);
        return;
      }
      case 'cancel-timer':
        clearTimeout(this.timers.get(effect.id));
        this.timers.delete(effect.id);
        return;
      case 'refer':
        void api.refer({ procedure: effect.procedure, language: effect.language, questionId: effect.questionId }).catch(ignore);
        return;
      case 'prepare-media':
        media.prepare();
        return;
      case 'release-media':
        media.release();
        return;
      case 'check-in':
        api.checkIn(effect.code).then(
          (answer) =>
            this.dispatch(
              answer.outcome === 'checked_in'
                ? { type: 'CHECKED_IN', reservationId: answer.reservationId, procedure: answer.procedure, language: answer.language }
                : { type: 'CHECK_IN_REFUSED', reason: answer.reason, comeAt: answer.comeAt },
            ),
          () => this.dispatch({ type: 'CHECK_IN_FAILED' }),
        );
        return;
      case 'walk-in':
        api.walkIn().then(
          (answer) =>
            this.dispatch(
              answer.decision === 'walk_in'
                ? { type: 'WALK_IN_NOW' }
                : {
                    type: 'WALK_IN_SLOTS',
                    siteKey: answer.siteKey,
                    slots: answer.slots.map((s) => ({ start: s.start, comeAt: s.comeAt })),
                  },
            ),
          () => this.dispatch({ type: 'WALK_IN_FAILED' }),
        );
        return;
      case 'book-slot': {
        const { siteKey, slotStart, procedure, language } = effect;
        api.bookSlot({ siteKey, slotStart, procedure, language }).then(
          (booked) => this.dispatch({ type: 'BOOKED', booking: { code: booked.code, qr: booked.qr, comeAt: booked.comeAt } }),
          (error: unknown) =>
            this.dispatch(error instanceof ApiError && error.status === 409 ? { type: 'SLOT_TAKEN' } : { type: 'WALK_IN_FAILED' }),
        );
        return;
      }
      case 'request-call':
        api.requestCall(effect.request).then(
          (session) => this.dispatch({ type: 'SESSION_OPENED', session }),
          (error: unknown) => {
            const code = error instanceof ApiError && error.status === 409 ? error.code : null;
            this.dispatch({ type: 'REQUEST_REFUSED', code });
          },
        );
        return;
      case 'reload-info':
        void this.reload(effect.refused);
        return;
      case 'close-session':
        events.close(effect.sessionId, effect.how, effect.reason);
        return;
      case 'record':
        events.record(effect.sessionId, effect.event);
        return;
      case 'forget':
        this.io.onForget();
        return;
    }
  }

  /**
   * GET /me again; after a refusal, tell the journey what it says now. The fresh config is used at
   * once (the component passes the same one in `update` when it renders the new /me).
   */
  private async reload(refused: 'consent_outdated' | 'closed' | undefined): Promise<void> {
    const before = this.config;
    const fresh = await this.io.reloadInfo().catch(() => null);
    if (fresh) this.config = journeyConfig(fresh);
    if (refused === 'consent_outdated') this.dispatch({ type: 'CONSENT_OUTDATED' });
    else if (refused === 'closed') {
      this.dispatch({ type: 'CLOSED', nextOpening: fresh?.opening.nextOpening ?? before?.opening.nextOpening ?? null });
    }
  }
}
