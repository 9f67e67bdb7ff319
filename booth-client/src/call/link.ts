/**
 * The call's connection as the booth sees it (call-link.ts, shared with the console), from the
 * moment the operator answers: its own room, and the operator's presence, quality and media.
 * Redrawn twice a second (elapsed time, limits that pass with no event); the owner hears of each
 * view that differs from the last.
 */

import { isOperatorIdentity } from '@madoguchi/db/call-contract';
import {
  initialLink,
  LINK_SAMPLE_MS,
  type LinkEvent,
  type LinkState,
  type LinkView,
  linkView,
  onLinkEvent,
} from '@madoguchi/media-server/call-link';
import { watchCallLink } from '@madoguchi/media-server/call-link-room';
import type { Participant, Room } from 'livekit-client';

const isOperator = (p: Participant) => isOperatorIdentity(p.identity);

const same = (a: LinkView | null, b: LinkView) =>
  a !== null &&
  a.status === b.status &&
  a.cause === b.cause &&
  a.seconds === b.seconds &&
  a.callQuality === b.callQuality &&
  a.selfQuality === b.selfQuality &&
  a.peerQuality === b.peerQuality &&
  a.degraded === b.degraded &&
  a.giveUp === b.giveUp;

export class BoothLink {
  private state: LinkState | null = null;
  private view: LinkView | null = null;
  private stops: (() => void)[] = [];
  private degraded = false;

  constructor(
    private readonly room: Room,
    private readonly now: () => number,
    private readonly onView: (view: LinkView) => void,
  ) {}

  /** The operator answered (or joined): from now on their media is expected. Once. */
  start(): void {
    if (this.state) return;
    this.state = onLinkEvent(initialLink(this.now()), { type: 'degraded', degraded: this.degraded, at: this.now() });
    this.stops.push(watchCallLink(this.room, isOperator, (event) => this.dispatch(event), { now: this.now }));
    const timer = setInterval(() => this.dispatch({ type: 'tick', at: this.now() }), LINK_SAMPLE_MS);
    this.stops.push(() => clearInterval(timer));
    this.publish();
  }

  get started(): boolean {
    return this.state !== null;
  }

  /** The booth's own fallback, on or off (known before the operator comes, too). */
  setDegraded(degraded: boolean): void {
    this.degraded = degraded;
    if (this.state) this.dispatch({ type: 'degraded', degraded, at: this.now() });
  }

  dispatch(event: LinkEvent): void {
    if (!this.state) return;
    this.state = onLinkEvent(this.state, event);
    this.publish();
  }

  stop(): void {
    for (const stop of this.stops.splice(0)) stop();
  }

  private publish() {
    if (!this.state) return;
    const view = linkView(this.state, this.now());
    if (same(this.view, view)) return;
    this.view = view;
    this.onView(view);
  }
}
