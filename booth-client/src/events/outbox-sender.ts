/**
 * Sends the booth's outbox (outbox.ts): one item at a time, oldest first, kept in localStorage so
 * that neither an app outage nor a kiosk reload loses what the server has not acknowledged.
 */
import type { BoothEventRequest } from '@madoguchi/app/booth-events';
import type { BoothEventType, EventDetail } from '../api';
import {
  due,
  enqueue,
  failed,
  isFinalRefusal,
  linkBack,
  type OutboxState,
  type PendingItem,
  persisted,
  restore,
  settled,
  waitMs,
} from './outbox';

/** The server calls the outbox makes (the booth API's, bound to its credential). */
export interface OutboxTransport {
  event(sessionId: string, event: BoothEventRequest): Promise<unknown>;
  cancel(sessionId: string): Promise<unknown>;
  end(sessionId: string, reason?: 'connection-lost'): Promise<unknown>;
}

/** What the outbox needs from its surroundings (the browser's by default; a test's in Node). */
export interface OutboxEnvironment {
  storage: Pick<Storage, 'getItem' | 'setItem'> | null;
  now: () => number;
  random: () => number;
  newId: () => string;
}

/** What the booth's screens tell the server through the outbox. */
export interface BoothRecorder {
  /** A booth event, dated now; delivered once, after what happened before it. */
  record(sessionId: string, type: BoothEventType, detail?: EventDetail): void;
  /** The booth gives the session up: cancel while waiting (end if answered meanwhile), or end. */
  close(sessionId: string, how: 'cancel' | 'end', reason?: 'connection-lost'): void;
}

export const OUTBOX_KEY = 'madoguchi.boothOutbox';

const browser = (): OutboxEnvironment => ({
  storage: typeof window === 'undefined' ? null : window.localStorage,
  now: () => Date.now(),
  random: () => Math.random(),
  newId: () => crypto.randomUUID(),
});

/** The HTTP status of a refused call (ApiError), or null when no answer came. */
const statusOf = (error: unknown): number | null => {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : null;
};

export class BoothOutbox implements BoothRecorder {
  private state: OutboxState;
  private sending = false;
  private running = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private idle: (() => void)[] = [];

  constructor(
    private readonly transport: OutboxTransport,
    private readonly env: OutboxEnvironment = browser(),
  ) {
    this.state = restore(this.read());
  }

  /** Items not yet acknowledged. */
  get pending(): number {
    return this.state.items.length;
  }

  /** Starts sending (what a previous page left too). */
  start() {
    this.running = true;
    this.pump();
  }

  stop() {
    this.running = false;
    clearTimeout(this.timer);
  }

  /** A booth event, dated now; sent as soon as what is before it is acknowledged. */
  record(sessionId: string, type: BoothEventType, detail?: EventDetail) {
    this.add({ kind: 'event', clientId: this.env.newId(), sessionId, type, ...(detail ? { detail } : {}), occurredAt: this.env.now() });
  }

  /** The booth gives the session up (after its events): cancel while waiting, or end. */
  close(sessionId: string, how: 'cancel' | 'end', reason?: 'connection-lost') {
    this.add({ kind: 'close', clientId: this.env.newId(), sessionId, how, ...(reason ? { reason } : {}), occurredAt: this.env.now() });
  }

  /** The link is back (a heartbeat answered, the browser is online): send now. */
  linkBack() {
    this.state = linkBack(this.state);
    this.pump();
  }

  /** Resolves once nothing is pending (tests, and a reload that should wait for the outbox). */
  drained(): Promise<void> {
    return this.state.items.length === 0 ? Promise.resolve() : new Promise((resolve) => this.idle.push(resolve));
  }

  private add(item: PendingItem) {
    this.state = enqueue(this.state, item);
    this.save();
    this.pump();
  }

  private pump() {
    if (!this.running || this.sending) return;
    clearTimeout(this.timer);
    const item = due(this.state, this.env.now());
    if (!item) {
      const wait = waitMs(this.state, this.env.now());
      if (wait === null) for (const resolve of this.idle.splice(0)) resolve();
      else this.timer = setTimeout(() => this.pump(), wait);
      return;
    }
    this.sending = true;
    void this.deliver(item)
      .then(
        (reportedDropped) => {
          this.state = settled(this.state, item.clientId, { reportedDropped });
        },
        (error: unknown) => {
          const status = statusOf(error);
          // Refused for good (the session is not this booth's, the request is invalid): sending it
          // again cannot help and would hold up everything behind it.
          this.state =
            status !== null && isFinalRefusal(status)
              ? settled(this.state, item.clientId)
              : failed(this.state, this.env.now(), this.env.random());
        },
      )
      .finally(() => {
        this.sending = false;
        this.save();
        this.pump();
      });
  }

  /** Sends one item; resolves with the drop count it reported (an event carries it), else 0. */
  private async deliver(item: PendingItem): Promise<number> {
    if (item.kind === 'close') {
      if (item.how === 'end') {
        await this.transport.end(item.sessionId, item.reason);
        return 0;
      }
      try {
        await this.transport.cancel(item.sessionId);
      } catch (error) {
        // Answered (or ended) meanwhile: it is ended as a call (the end is idempotent).
        if (statusOf(error) !== 409) throw error;
        await this.transport.end(item.sessionId);
      }
      return 0;
    }
    const reported = this.state.dropped;
    const sentAt = new Date(this.env.now()).toISOString();
    await this.transport.event(item.sessionId, {
      type: item.type,
      ...(item.detail ? { detail: item.detail } : {}),
      clientId: item.clientId,
      occurredAt: new Date(item.occurredAt).toISOString(),
      sentAt,
      ...(reported > 0 ? { dropped: reported } : {}),
      // The outbox keeps a type and its detail apart; the API checks each type's detail (booth-events.ts).
    } as BoothEventRequest);
    return reported;
  }

  private read(): string | null {
    try {
      return this.env.storage?.getItem(OUTBOX_KEY) ?? null;
    } catch {
      return null;
    }
  }

  private save() {
    try {
      this.env.storage?.setItem(OUTBOX_KEY, persisted(this.state));
    } catch {
      // Storage full or refused: the outbox still holds everything in memory.
    }
  }
}
