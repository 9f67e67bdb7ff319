import { describe, expect, it } from 'vitest';
import { figuresFromRows, type SessionRow } from './aggregate';
import { definitions, jstText, percent, type Report, reportCsv, reportTables, seconds } from './report';

const t = (iso: string) => new Date(iso);
const rows: SessionRow[] = [
  {
    boothId: 'b1',
    procedure: 'renewal',
    language: 'en',
    outcome: 'completed',
    requestedAt: t('2026-10-05T00:00:00Z'),
    answeredAt: t('2026-10-05T00:00:45Z'),
    endedAt: t('2026-10-05T00:10:45Z'),
  },
  {
    boothId: 'b1',
    procedure: 'renewal',
    language: 'ja',
    outcome: null,
    requestedAt: t('2026-10-05T01:00:00Z'),
    answeredAt: null,
    endedAt: t('2026-10-05T01:01:30Z'),
  },
];

function report(over: Partial<Report> = {}): Report {
  return {
    municipality: { id: 'm', name: '東員町', code: '243248' },
    period: 'monthly',
    periodKey: '2026-10',
    from: '2026-09-30T15:00:00.000Z',
    to: '2026-10-31T15:00:00.000Z',
    generatedAt: '2026-11-01T00:00:00.000Z',
    booths: [{ id: 'b1', name: '役場ブース' }],
    figures: figuresFromRows(rows, { knownUnits: ['b1'] }),
    byDay: null,
    staffing: null,
    uptime: [
      {
        boothId: 'b1',
        boothName: '役場ブース',
        openMs: 3_600_000,
        onlineMs: 3_000_000,
        degradedMs: 0,
        offlineMs: 600_000,
        unknownMs: 0,
        ratio: 5 / 6,
        outages: [{ start: '2026-10-05T01:00:00.000Z', end: null, openMs: 600_000 }],
      },
    ],
    incidents: [
      {
        id: 'i',
        kind: 'complaint',
        severity: 'high',
        status: 'escalated',
        summary: '=cmd|x',
        boothName: null,
        reportedAt: '2026-10-05T02:00:00.000Z',
        escalatedAt: null,
        notified: '市民課',
        acknowledgedAt: null,
        resolvedAt: null,
      },
    ],
    inquiries: { byCategory: { a: 1, i: 0, u: 0, e: 0, o: 0, ka: 2, ki: 0, ku: 0, ke: 0 }, total: 3, transferred: 1 },
    analysis: { text: '改善点, "引用"\n二行目', updatedAt: '2026-11-01T00:00:00.000Z', updatedBy: 'SV' },
    ...over,
  };
}

describe('formatting', () => {
  it('seconds and percent to one decimal; null stays null', () => {
    expect(seconds(61_153.8)).toBe(61.2);
    expect(seconds(null)).toBeNull();
    expect(percent(8 / 13)).toBe(61.5);
    expect(percent(null)).toBeNull();
  });
  it('JST text of an instant', () => {
    expect(jstText('2026-10-31T15:30:00.000Z')).toBe('2026-11-01 00:30');
    expect(jstText(null)).toBe('');
  });
  it('the definitions print the threshold', () => {
    expect(
      definitions({ serviceLevelSeconds: 45, goal: 0.8, abandonGraceSeconds: 5 }).some(
        (d) => d.ja.includes('45秒以内') && d.en.includes('45 s'),
      ),
    ).toBe(true);
  });
});

describe('report tables', () => {
  it('the sheets in order, in Japanese; English on request', () => {
    const ja = reportTables(report(), 'ja');
    expect(ja.map((x) => x.key)).toEqual([
      '概要',
      '手続×結果',
      'ブース別',
      '言語別',
      '待ち時間',
      '30分間隔別',
      '時間帯別',
      '稼働',
      'インシデント',
      '問合せ',
      '分析',
    ]);
    expect(reportTables(report({ byDay: [] }), 'ja').map((x) => x.key)).toContain('日別');
    expect(reportTables(report(), 'ja').map((x) => x.key)).not.toContain('人員配置');
    const en = reportTables(report(), 'en');
    expect(en.find((x) => x.key === '手続×結果')!.columns[0]).toBe('Procedure');
    expect(en.find((x) => x.key === '手続×結果')!.rows.find((r) => r[0] === 'Renewal')).toEqual(['Renewal', 1, 0, 0, 0, 1, 0, 2]);
  });
  it('queue figures with their definitions underneath', () => {
    const q = reportTables(report(), 'ja').find((x) => x.key === '待ち時間')!;
    expect(q.rows).toContainEqual(['着信数（応答＋放棄−短時間放棄）', 2]);
    expect(q.rows).toContainEqual(['サービスレベル（%・60秒）', 50]);
    expect(q.rows).toContainEqual(['サービスレベル目標（%）', 80]);
    expect(q.rows).toContainEqual(['目標達成', '未達']);
    expect(q.rows).toContainEqual(['平均待ち時間（秒）', 67.5]);
    expect(q.notes!.length).toBeGreaterThanOrEqual(8);
    expect(q.notes!.some((n) => n.includes('目標 80%') && n.includes('秒以内の放棄'))).toBe(true);
  });
  it('the service level per 30-minute interval, only intervals with sessions, with its definition', () => {
    const i = reportTables(report(), 'en').find((x) => x.key === '30分間隔別')!;
    expect(i.rows.length).toBeGreaterThan(0);
    expect(i.rows.every((r) => /^\d\d:(00|30)$/.test(String(r[0])))).toBe(true);
    expect(i.notes![0]).toContain('Offered = answered + abandoned');
  });
  it('uptime in minutes with the ongoing outage', () => {
    const u = reportTables(report(), 'ja').find((x) => x.key === '稼働')!;
    expect(u.rows[0]).toEqual(['役場ブース', 60, 50, 0, 10, 0, 83.3, '2026-10-05 10:00〜継続中（10）']);
    expect(reportTables(report({ uptime: null }), 'en').find((x) => x.key === '稼働')!.notes).toEqual(['No booth health data yet.']);
  });
});

describe('CSV', () => {
  const csv = reportCsv(report(), 'ja');
  it('starts with a BOM, uses CRLF', () => {
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv).toContain('\r\n');
  });
  it('quotes commas, quotes and line breaks', () => {
    expect(csv).toContain('"改善点, ""引用""\n二行目"');
  });
  it('never lets a cell start a formula', () => {
    expect(csv).toContain("'=cmd|x");
    expect(csv).not.toMatch(/(^|,)=cmd/m);
  });
  it('has every table under its title', () => {
    for (const title of ['# 概要', '# 手続 × 結果', '# 問合せ（分類 ア–ケ）', '# 分析・改善']) expect(csv).toContain(title);
    expect(csv).toContain('（カ）健康保険証との紐づけ,2');
  });
});

describe('the staffing section', () => {
  const staffing = {
    goal: 0.8,
    serviceLevelSeconds: 60,
    rows: [
      {
        dayKind: 1,
        days: 4,
        interval: 20,
        start: '10:00',
        calls: 6.5,
        avgHandlingSeconds: 420,
        required: 3,
        requiredBy: 'erlang' as const,
        planned: 2,
        actual: 1.75,
        planGap: -1,
        offered: 26,
        serviceLevel: 0.75,
      },
      {
        dayKind: 7,
        days: 1,
        interval: 18,
        start: '09:00',
        calls: 0,
        avgHandlingSeconds: null,
        required: 0,
        requiredBy: 'minimum' as const,
        planned: 1,
        actual: 1,
        planGap: 1,
        offered: 0,
        serviceLevel: null,
      },
    ],
  };
  it('a table after the queue figures, with its definitions, in both languages', () => {
    const ja = reportTables(report({ staffing }), 'ja').find((x) => x.key === '人員配置')!;
    expect(ja.rows[0]).toEqual(['月', 4, '10:00', 6.5, 420, 3, 'アーラン C', 2, 1.75, -1, 75]);
    expect(ja.rows[1]![0]).toBe('祝日');
    expect(ja.notes!.join('')).toContain('最低窓口数');
    const en = reportTables(report({ staffing }), 'en').find((x) => x.key === '人員配置')!;
    expect(en.columns).toContain('Planned − required');
    expect(en.notes![0]).toContain('goal 80 % within 60 s');
  });
  it('is in the CSV', () => {
    expect(reportCsv(report({ staffing }), 'ja')).toContain('# 人員配置（必要・計画・実績）');
  });
});
