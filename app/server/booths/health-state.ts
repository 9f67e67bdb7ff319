/**
 * A booth's health: in this node's memory (one process) or in Redis (several nodes,
 * health-store.server.ts). Heartbeats (health.server.ts) own it; outage alerts, remote commands
 * and the staff read model (uptime.server.ts) read or nudge it.
 */

import type { BoothStatus, StatusStreak } from '../../domain/booth-health';
import type { OpeningCalendar } from '../../domain/calendar';

export interface BoothState {
  boothId: string;
  municipalityId: string;
  status: BoothStatus;
  /** Beats in a row disagreeing with `status` (hysteresis, domain nextStatus). */
  streak: StatusStreak | null;
  /** Start of the current interval. */
  since: number;
  lastBeatAt: number;
  appVersion: string | null;
  snapshot: Record<string, string | number | null> | null;
  maintenance: boolean;
  /** Alert sent for the current (offline) interval. */
  alertedAt: number | null;
  alerting: boolean;
  hasPendingCommands: boolean;
  /** Snapshot not yet in booth_health, and when it was last written. */
  dirty: boolean;
  persistedAt: number;
  /** The last beat as booth_health holds it (moved forward about every second). */
  beatPersistedAt: number;
  /**
   * After a restart, a booth that was beating when the app stopped is not turned offline before
   * this time: its beats could not arrive while the app was down (decision 0014).
   */
  graceUntil: number | null;
}

/** The booths' current health as the staff reads see it (memory on one node, Redis on several). */
export interface BoothStateReader {
  get(boothIds: readonly string[]): Promise<ReadonlyMap<string, BoothState>>;
  /** Every booth offline now. */
  offline(): Promise<Iterable<BoothState>>;
}

/** What the sweep and the alerts need to know of a booth, cached for a while. */
export interface BoothMeta {
  name: string;
  municipalityId: string;
  calendar: OpeningCalendar;
}

/** A booth's health as the pages and the API show it (null = never seen on this node). */
export function presentHealth(s: BoothState | undefined) {
  return s
    ? {
        status: s.status,
        since: new Date(s.since),
        lastBeatAt: new Date(s.lastBeatAt),
        appVersion: s.appVersion,
        snapshot: s.snapshot,
        maintenance: s.maintenance,
        alertedAt: s.alertedAt === null ? null : new Date(s.alertedAt),
      }
    : null;
}
