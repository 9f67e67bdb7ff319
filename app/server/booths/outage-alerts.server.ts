/**
 * Outage alerts: a booth offline during its opening hours for longer than its municipality's
 * threshold is logged and, once per offline interval (even across a restart), posted to the
 * municipality's alert webhook — codes, ids and times only (decisions 0014, 0017).
 */

import { type Db, schema } from '@madoguchi/db';
import { and, eq, isNull } from 'drizzle-orm';
import { isOpen } from '../../domain/calendar';
import { openingSpans } from '../../domain/uptime';
import type { Logger } from '../platform/logger';
import { createWebhookSender, WebhookRefused, type WebhookSenderOptions } from '../platform/outbound-webhook.server';
import { ttlCache } from '../platform/ttl-cache';
import type { BoothMeta, BoothState } from './health-state';

const { boothStatusInterval, municipality } = schema;

export interface OutageAlertDeps {
  db: Db;
  logger: Logger;
  clock: () => number;
  /** Municipality alert settings are re-read after this long. */
  metaTtlMs: number;
  /** The health service's write queue: the alert's claim is ordered with the interval writes. */
  serial: <T>(fn: () => Promise<T>) => Promise<T>;
  /** How the webhook is posted: public addresses only, checked after DNS (decision 0017). */
  sender: WebhookSenderOptions;
}

export function createOutageAlerts({ db, logger, clock, metaTtlMs, serial, sender }: OutageAlertDeps) {
  const postWebhook = createWebhookSender(sender);

  const municipalityOf = ttlCache(metaTtlMs, clock, (municipalityId) =>
    db.query.municipality
      .findFirst({ where: eq(municipality.id, municipalityId), columns: { code: true, alertWebhookUrl: true, outageAlertMinutes: true } })
      .then((row) => row ?? null),
  ).get;
  type AlertSettings = NonNullable<Awaited<ReturnType<typeof municipalityOf>>>;

  async function sendAlert(s: BoothState, meta: BoothMeta, settings: AlertSettings, openMs: number) {
    const at = clock();
    // Compare-and-set: only one alert per offline interval, even across a restart.
    const claimed = await serial(() =>
      db
        .update(boothStatusInterval)
        .set({ alertedAt: new Date(at) })
        .where(
          and(
            eq(boothStatusInterval.boothId, s.boothId),
            isNull(boothStatusInterval.endedAt),
            eq(boothStatusInterval.status, 'offline'),
            isNull(boothStatusInterval.alertedAt),
          ),
        )
        .returning({ id: boothStatusInterval.id }),
    );
    s.alertedAt = at;
    if (claimed.length === 0) return;
    logger.warn(
      { boothId: s.boothId, municipalityId: s.municipalityId, offlineOpenMinutes: Math.round(openMs / 60_000) },
      'booth offline during opening hours',
    );
    if (!settings.alertWebhookUrl) return;
    // Codes, ids and times only: no personal data ever leaves in an alert.
    const body = {
      type: 'booth.offline',
      municipalityId: s.municipalityId,
      municipalityCode: settings.code,
      boothId: s.boothId,
      boothName: meta.name,
      offlineSince: new Date(s.since).toISOString(),
      lastBeatAt: new Date(s.lastBeatAt).toISOString(),
      offlineOpenMinutes: Math.floor(openMs / 60_000),
      thresholdMinutes: settings.outageAlertMinutes,
      sentAt: new Date(at).toISOString(),
    };
    try {
      const response = await postWebhook(settings.alertWebhookUrl, body);
      if (response.status < 200 || response.status >= 300)
        logger.warn({ boothId: s.boothId, status: response.status }, 'outage webhook answered with an error');
    } catch (err) {
      if (err instanceof WebhookRefused) {
        logger.warn(
          { boothId: s.boothId, municipalityId: s.municipalityId, reason: err.reason, address: err.address },
          'outage webhook refused',
        );
      } else {
        logger.warn({ boothId: s.boothId, err: (err as Error).name }, 'outage webhook failed');
      }
    }
  }

  /** `meta`: the booth's name and calendar as the sweep read them for all its booths (none: the booth is gone). */
  async function checkAlert(s: BoothState, at: number, meta: BoothMeta | undefined) {
    if (s.status !== 'offline' || s.alertedAt !== null || s.alerting) return;
    if (!meta || !isOpen(meta.calendar, new Date(at))) return; // offline time only grows while open
    const settings = await municipalityOf(s.municipalityId);
    if (!settings) return;
    const openMs = openingSpans(meta.calendar, s.since, at).reduce((sum, span) => sum + span.end - span.start, 0);
    if (openMs < settings.outageAlertMinutes * 60_000) return;
    s.alerting = true;
    try {
      await sendAlert(s, meta, settings, openMs);
    } finally {
      s.alerting = false;
    }
  }

  return { checkAlert };
}
