/**
 * The live check's second basis: a watched town (it has a minimum window) whose own history says
 * this interval needs more operators than its window does is short against the forecast.
 */
import { randomUUID } from 'node:crypto';
import { schema } from '@madoguchi/db';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from '../../test/test-context';
import { createStaffingService } from './staffing.server';

let t: TestApp;
const WEEK = 7 * 86_400_000;
const HALF_HOUR = 30 * 60_000;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function history(municipalityId: string, boothId: string, callsPerInterval: number, now = Date.now()) {
  const intervalStart = now - ((now + 9 * 3_600_000) % HALF_HOUR);
  // The same interval of the same weekday, each of the last 8 weeks: calls of 10 minutes, answered at once.
  for (let week = 1; week <= 8; week++) {
    for (let i = 0; i < callsPerInterval; i++) {
      const requestedAt = new Date(intervalStart - week * WEEK + i * 20_000);
      await t.ctx.database.db.insert(schema.session).values({
        id: randomUUID(),
        boothId,
        municipalityId,
        roomName: `room-${randomUUID()}`,
        status: 'ended',
        requestedAt,
        answeredAt: new Date(requestedAt.getTime() + 5_000),
        endedAt: new Date(requestedAt.getTime() + 605_000),
        outcome: 'completed',
      });
    }
  }
}

describe('the forecast as a basis of the live check', () => {
  it('a town watched with a window of 1 whose history needs more is short on the forecast', async () => {
    // On a national holiday or at year-end the forecast has no demand from history (by design), so
    // the service looks at a fixed working day: Tuesday 2026-11-17, 10:10 Japan time. Of the 8
    // Tuesdays before, 11-03 and 09-22 are holidays and left out; 6 sample days remain.
    const at = Date.parse('2026-11-17T10:10:00+09:00');
    const staffing = createStaffingService({ db: t.ctx.database.db, client: t.ctx.database.client, logger: t.ctx.logger, clock: () => at });
    const B = t.municipalityB;
    await history(B.municipalityId, B.boothId, 12, at);
    await staffing.replaceWindows(await t.principal('admin'), { municipalityId: B.municipalityId }, [
      { weekdays: [0, 1, 2, 3, 4, 5, 6, 7], startMinute: 0, endMinute: 1440, operators: 1 },
    ]);
    const [line] = await staffing.live(await t.principal('staff-b'));
    // 12 calls of 600 s in 30 minutes = 4 erlangs: Erlang needs more than the one operator on duty.
    expect(line).toMatchObject({ municipalityId: B.municipalityId, basis: 'forecast', onDuty: 1, short: true });
    expect(line!.required).toBeGreaterThanOrEqual(5);
  });

  it('a town without a window is not watched, whatever its history', async () => {
    const A = t.municipalityA;
    await history(A.municipalityId, A.boothId, 12);
    const lines = await t.ctx.staffing.live(await t.principal('staff-a'));
    expect(lines).toEqual([]);
  });
});

describe('the breach alert goes out once per episode, to the town’s webhook', () => {
  it('one POST with codes and counts only, however often the monitor looks', async () => {
    const { createServer } = await import('node:http');
    const { classifyAddress } = await import('../../domain/network-address');
    const received: Record<string, unknown>[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        received.push(JSON.parse(body) as Record<string, unknown>);
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as { port: number }).port;
      const A = t.municipalityA.municipalityId;
      await t.ctx.database.db
        .update(schema.municipality)
        .set({ alertWebhookUrl: `http://127.0.0.1:${port}/hook` })
        .where(eq(schema.municipality.id, A));
      // The test-only allowance for a loopback listener (as the outage-alert tests do): an address check, not a setting.
      const monitor = createStaffingService({
        db: t.ctx.database.db,
        client: t.ctx.database.client,
        logger: t.ctx.logger,
        settingsTtlMs: 0,
        webhook: { checkAddress: (address) => (address === '127.0.0.1' ? ({ ok: true } as const) : classifyAddress(address)) },
      });
      await t.ctx.staffing.replaceWindows(await t.principal('admin'), { municipalityId: A }, [
        { weekdays: [0, 1, 2, 3, 4, 5, 6, 7], startMinute: 0, endMinute: 1440, operators: 3 },
      ]);
      for (let i = 0; i < 3; i++) await monitor.check();
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(received).toHaveLength(1);
      // Town A's history (the test above) may ask more than its window: either basis is a breach.
      expect(received[0]).toMatchObject({ type: 'staffing.breach', municipalityId: A, municipalityCode: '243248' });
      expect(received[0]!.required as number).toBeGreaterThanOrEqual(3);
      expect(Object.keys(received[0]!).sort()).toEqual([
        'basis',
        'municipalityCode',
        'municipalityId',
        'onDuty',
        'required',
        'sentAt',
        'since',
        'type',
      ]);
    } finally {
      server.close();
    }
  });
});

describe("the monitor's look at booth calendars (decision 0043)", () => {
  it('reads the booths of watched towns only, a slice per query', async () => {
    const { newDeviceCredential } = await import('../booths/device-credentials.server');
    const u = await createTestApp();
    try {
      const A = u.municipalityA.municipalityId;
      const B = u.municipalityB.municipalityId;
      // Town B has many booths; town A has its own few.
      const many = Array.from({ length: 450 }, (_, i) => ({
        id: randomUUID(),
        municipalityId: B,
        name: `B booth ${i}`,
        kind: 'mall' as const,
        credentialHash: newDeviceCredential().credentialHash,
        credentialIssuedAt: new Date(),
      }));
      await u.ctx.database.db.insert(schema.booth).values(many);
      const monitor = createStaffingService({
        db: u.ctx.database.db,
        client: u.ctx.database.client,
        logger: u.ctx.logger,
        settingsTtlMs: 0,
      });
      const execute = vi.spyOn(u.ctx.database.client, 'execute');
      const boothReads = () =>
        execute.mock.calls
          .map(([statement]) => statement as unknown as { sql: string; args: unknown[] })
          .filter((s) => typeof s === 'object' && /from "booth"/i.test(s.sql));
      try {
        // No town has a minimum window: nobody is watched, no booth is read.
        await monitor.check();
        expect(boothReads()).toEqual([]);

        // Town B watched: only B's booths, in slices (451 booths: 3 queries), never A's.
        await u.ctx.staffing.replaceWindows(await u.principal('admin'), { municipalityId: B }, [
          { weekdays: [0, 1, 2, 3, 4, 5, 6, 7], startMinute: 0, endMinute: 1440, operators: 1 },
        ]);
        execute.mockClear();
        await monitor.check();
        const reads = boothReads();
        expect(reads).toHaveLength(3);
        for (const read of reads) {
          expect(read.args).toContain(B);
          expect(read.args).not.toContain(A);
        }
      } finally {
        execute.mockRestore();
      }
    } finally {
      await u.close();
    }
  });
});
