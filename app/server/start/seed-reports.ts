/**
 * Session history for reports: a month with hand-known figures (e2e, tests) and a few weeks of
 * plausible history for the demo, so the dashboard is not empty on first start. Rows carry no
 * personal data, like every session row.
 */
import { randomUUID } from 'node:crypto';
import { type Db, type InquiryCategory, type Language, type Outcome, type Procedure, schema } from '@madoguchi/db';
import { DAY_MS, JST_OFFSET_MS, monthBefore } from '../../domain/japan-time';
import { seededRandom } from '../../domain/seeded-random';

type SessionInsert = typeof schema.session.$inferInsert;

interface Spec {
  procedure: Procedure;
  language: Language;
  /** answered: wait and handling in seconds; booth referral; abandoned after `wait` s. */
  kind: 'answered' | 'referred_at_booth' | 'abandoned';
  outcome?: Outcome;
  wait?: number;
  handling?: number;
  n: number;
}

/**
 * The known month: 15 sessions at the first booth. Expected figures (definitions in
 * app/domain/reports/aggregate.ts), checked by e2e/tests/reports.spec.ts:
 *   sessions 15, answered 11, referred at the booth 2, abandoned 2, offered 13
 *   procedure × outcome: 新規申請 完了 6 + 放棄 2; 更新申請 未完了 3 + 中断 1; 健康保険証利用登録 窓口案内 2; 公金受取口座登録 窓口案内 1
 *   languages: ja 11, en 3, vi 1
 *   answered within 60 s: 8 → service level 8/13 = 61.5 %; abandon rate 2/13 = 15.4 %
 *   average wait 795/13 = 61.2 s; p95 wait 120 s; average handling 4820/11 = 438.2 s
 *   inquiries: （カ）3 (1 transferred), （イ）2; one complaint, escalated
 */
export const KNOWN_MONTH_SPECS: Spec[] = [
  { procedure: 'new_application', language: 'ja', kind: 'answered', outcome: 'completed', wait: 30, handling: 600, n: 6 },
  { procedure: 'renewal', language: 'en', kind: 'answered', outcome: 'incomplete', wait: 90, handling: 300, n: 3 },
  { procedure: 'health_insurance', language: 'ja', kind: 'referred_at_booth', n: 2 },
  { procedure: 'new_application', language: 'ja', kind: 'abandoned', wait: 120, n: 2 },
  { procedure: 'bank_account', language: 'vi', kind: 'answered', outcome: 'referred', wait: 60, handling: 120, n: 1 },
  { procedure: 'renewal', language: 'ja', kind: 'answered', outcome: 'dropped', wait: 45, handling: 200, n: 1 },
];

export const KNOWN_MONTH_EXPECTED = {
  sessions: 15,
  answered: 11,
  referredAtBooth: 2,
  abandoned: 2,
  offered: 13,
  completed: 6,
  serviceLevelPercent: 61.5,
  abandonRatePercent: 15.4,
  avgWaitSeconds: 61.2,
  p95WaitSeconds: 120,
  avgHandlingSeconds: 438.2,
  inquiries: 5,
};

function sessionOf(
  m: { municipalityId: string; boothId: string; operatorId?: string | null },
  spec: Spec,
  requestedAt: number,
): SessionInsert {
  const answeredAt = spec.kind === 'answered' ? requestedAt + (spec.wait ?? 0) * 1000 : null;
  const endedAt =
    spec.kind === 'answered'
      ? answeredAt! + (spec.handling ?? 0) * 1000
      : spec.kind === 'abandoned'
        ? requestedAt + (spec.wait ?? 0) * 1000
        : requestedAt;
  return {
    id: randomUUID(),
    boothId: m.boothId,
    municipalityId: m.municipalityId,
    operatorId: spec.kind === 'answered' ? (m.operatorId ?? null) : null,
    roomName: `seed-${randomUUID()}`,
    status: 'ended',
    procedure: spec.procedure,
    language: spec.language,
    outcome: spec.kind === 'referred_at_booth' ? 'referred' : (spec.outcome ?? null),
    requestedAt: new Date(requestedAt),
    offeredAt: answeredAt === null ? null : new Date(requestedAt),
    answeredAt: answeredAt === null ? null : new Date(answeredAt),
    endedAt: new Date(endedAt),
  };
}

/** 'YYYY-MM' two months before `now` (JST): always in the past, never near the current month. */
export function pastMonth(now = new Date(), monthsBack = 2): string {
  return monthBefore(now, monthsBack);
}

/** Seeds the known month (see KNOWN_MONTH_SPECS) for one booth of one municipality. */
export async function seedKnownMonth(
  db: Db,
  municipality: { municipalityId: string; boothId: string; operatorId?: string | null; staffId: string },
  month: string,
): Promise<void> {
  const [y, mo] = month.split('-').map(Number) as [number, number];
  const rows: SessionInsert[] = [];
  let i = 0;
  for (const spec of KNOWN_MONTH_SPECS) {
    for (let k = 0; k < spec.n; k++, i++) {
      // Days 2–11, 09:00–16:00 JST: inside the month whatever its length.
      const at = Date.UTC(y, mo - 1, 2 + (i % 10), 9 + (i % 8), 5) - JST_OFFSET_MS;
      rows.push(sessionOf(municipality, spec, at));
    }
  }
  const day = (d: number, h: number) => new Date(Date.UTC(y, mo - 1, d, h, 0) - JST_OFFSET_MS);
  const inquiries: { category: InquiryCategory; transferred: boolean }[] = [
    { category: 'ka', transferred: true },
    { category: 'ka', transferred: false },
    { category: 'ka', transferred: false },
    { category: 'i', transferred: false },
    { category: 'i', transferred: false },
  ];
  await db.batch([
    db.insert(schema.session).values(rows),
    db.insert(schema.inquiry).values(
      inquiries.map((q, n) => ({
        id: randomUUID(),
        municipalityId: municipality.municipalityId,
        channel: 'phone' as const,
        category: q.category,
        receivedAt: day(3 + n, 10),
        handledBy: municipality.staffId,
        durationSeconds: 180,
        transferred: q.transferred,
      })),
    ),
    db.insert(schema.incident).values({
      id: randomUUID(),
      municipalityId: municipality.municipalityId,
      boothId: municipality.boothId,
      kind: 'complaint',
      severity: 'medium',
      summary: '待ち時間が長いとの苦情（既知月）',
      status: 'escalated',
      reportedBy: municipality.staffId,
      reportedAt: day(5, 11),
      escalatedAt: day(5, 12),
      escalatedBy: municipality.staffId,
      notified: '住民課 担当係長',
    }),
  ]);
}

const procedureWeights: [Procedure, number][] = [
  ['new_application', 0.3],
  ['renewal', 0.25],
  ['lost_reissue', 0.05],
  ['health_insurance', 0.2],
  ['bank_account', 0.12],
  ['other_mynaportal', 0.08],
];
const languageWeights: [Language, number][] = [
  ['ja', 0.9],
  ['en', 0.04],
  ['zh-Hans', 0.02],
  ['vi', 0.02],
  ['pt', 0.01],
  ['ko', 0.01],
];
export function pick<T>(random: () => number, weights: readonly [T, number][]): T {
  let r = random();
  for (const [v, w] of weights) if ((r -= w) < 0) return v;
  return weights[weights.length - 1]![0];
}

/** One generated session: realistic mix of kinds, waits (mostly < 1 min, a long tail) and handling (5–20 min). */
export function generatedSession(
  random: () => number,
  where: { municipalityId: string; boothId: string; operatorId?: string | null },
  requestedAt: number,
): SessionInsert {
  const r = random();
  const procedure = pick(random, procedureWeights);
  const language = pick(random, languageWeights);
  const wait = Math.round(5 + -Math.log(1 - random()) * 35);
  if (r < 0.08) return sessionOf(where, { procedure, language, kind: 'referred_at_booth', n: 1 }, requestedAt);
  if (r < 0.14) return sessionOf(where, { procedure, language, kind: 'abandoned', wait: Math.round(wait * 1.5), n: 1 }, requestedAt);
  const outcome = pick<Outcome>(random, [
    ['completed', 0.78],
    ['incomplete', 0.1],
    ['referred', 0.08],
    ['dropped', 0.04],
  ]);
  return sessionOf(
    where,
    { procedure, language, kind: 'answered', outcome, wait, handling: Math.round(300 + random() * 900), n: 1 },
    requestedAt,
  );
}

/**
 * The demo's history: the last `days` days before today (JST), weekdays 9–17, 4–20 sessions a day
 * per booth. Deterministic for a given `now`.
 */
export async function seedDemoHistory(
  db: Db,
  municipality: { municipalityId: string; boothIds: string[]; operatorId?: string | null },
  now = new Date(),
  days = 75,
): Promise<number> {
  const random = seededRandom(20261122);
  const today = Math.floor((now.getTime() + JST_OFFSET_MS) / DAY_MS);
  const rows: SessionInsert[] = [];
  for (let d = today - days; d < today; d++) {
    const weekday = (((d + 4) % 7) + 7) % 7;
    if (weekday === 0 || weekday === 6) continue;
    for (const boothId of municipality.boothIds) {
      const n = 4 + Math.floor(random() * 17);
      for (let k = 0; k < n; k++) {
        const at = d * DAY_MS - JST_OFFSET_MS + (9 * 60 + Math.floor(random() * 8 * 60)) * 60_000 + Math.floor(random() * 60_000);
        rows.push(
          generatedSession(
            random,
            { municipalityId: municipality.municipalityId, boothId, operatorId: municipality.operatorId ?? null },
            at,
          ),
        );
      }
    }
  }
  for (let i = 0; i < rows.length; i += 500) await db.insert(schema.session).values(rows.slice(i, i + 500));
  return rows.length;
}
