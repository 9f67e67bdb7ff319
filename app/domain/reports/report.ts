/**
 * A daily or monthly report as data, and the same report as labelled tables (Japanese first,
 * English available) that every output — JSON, the page, CSV, XLSX, PDF — is drawn from, so
 * they cannot disagree. Pure.
 */
import {
  type InquiryCategory,
  inquiryCategories,
  inquiryCategoryLabels,
  type Language,
  type Outcome,
  outcomeLabels,
  type Procedure,
  procedureLabels,
} from '@madoguchi/db/vocabulary';
import { csvCell } from '../csv';
import { localDateTime } from '../japan-time';
import { type EventFigures, procedureKeys } from '../popups/event-report';
import type { StaffingRow } from '../staffing/staffing-section';
import type { Uptime } from '../uptime';
import type { OutcomeColumn, SessionFigures, UnitFigures } from './aggregate';
import { outcomeColumns } from './aggregate';
import type { InterpretingSection } from './interpreting';
import type { ReportPeriod } from './periods';
import { type ReservationCounts, type ReservationSection, reservationColumns } from './reservations';

/** The longest 分析・改善 (analysis) text kept for one report. */
export const ANALYSIS_MAX_CHARS = 10_000;

export type Lang = 'ja' | 'en';
type Label = { ja: string; en: string };

/** A booth's uptime (domain/uptime) as a report carries it: named, its outages' instants as ISO strings. */
export interface UptimeRow extends Omit<Uptime, 'outages'> {
  boothId: string;
  boothName: string;
  outages: { start: string; end: string | null; openMs: number }[];
}

export interface IncidentRow {
  id: string;
  kind: 'incident' | 'complaint';
  severity: 'low' | 'medium' | 'high';
  status: 'open' | 'escalated' | 'resolved';
  summary: string;
  boothName: string | null;
  reportedAt: string;
  escalatedAt: string | null;
  notified: string | null;
  acknowledgedAt: string | null;
  resolvedAt: string | null;
}

export interface Report {
  municipality: { id: string; name: string; code: string };
  period: ReportPeriod;
  periodKey: string;
  from: string;
  to: string;
  generatedAt: string;
  booths: { id: string; name: string }[];
  figures: SessionFigures;
  /** Monthly reports: one row per local date. */
  byDay: UnitFigures[] | null;
  /** Monthly: required vs planned vs actual per kind of day and interval (decision 0031); null in daily reports. */
  staffing: { rows: StaffingRow[]; goal: number; serviceLevelSeconds: number } | null;
  /** null when booth health is not available. */
  uptime: UptimeRow[] | null;
  incidents: IncidentRow[];
  inquiries: { byCategory: Record<InquiryCategory, number>; total: number; transferred: number };
  analysis: { text: string; updatedAt: string; updatedBy: string } | null;
  /** Reservations for the period's slots and the wait of reserved calls against walk-ins (decision 0034). */
  reservations?: ReservationSection | null;
  /** Monthly: the pop-up events with a day in the month and their figures (absent in daily reports and older callers). */
  popups?: PopupReportRow[] | null;
  /** Interpreter requests in the period's calls (issue 18; absent from older callers). */
  interpreting?: InterpretingSection | null;
}

/** One pop-up event in the monthly report (its own sheet too). */
export interface PopupReportRow {
  id: string;
  siteName: string;
  siteKind: string;
  state: string;
  firstDate: string;
  lastDate: string;
  days: number;
  figures: EventFigures;
}

// ---------------------------------------------------------------------------------------------
// Labels

export const languageLabels: Record<Language, Label> = {
  ja: { ja: '日本語', en: 'Japanese' },
  en: { ja: '英語', en: 'English' },
  'zh-Hans': { ja: '中国語（簡体字）', en: 'Chinese (Simplified)' },
  ko: { ja: '韓国語', en: 'Korean' },
  vi: { ja: 'ベトナム語', en: 'Vietnamese' },
  pt: { ja: 'ポルトガル語', en: 'Portuguese' },
};
export const columnLabels: Record<OutcomeColumn, Label> = {
  ...(outcomeLabels as Record<Outcome, Label>),
  abandoned: { ja: '放棄（待ち中）', en: 'Abandoned (waiting)' },
  none: { ja: '結果未記録', en: 'No outcome (yet)' },
};
export const incidentKindLabels: Record<IncidentRow['kind'], Label> = {
  incident: { ja: 'インシデント', en: 'Incident' },
  complaint: { ja: '苦情', en: 'Complaint' },
};
export const incidentStatusLabels: Record<IncidentRow['status'], Label> = {
  open: { ja: '対応中', en: 'Open' },
  escalated: { ja: '職員へ連絡済', en: 'Escalated' },
  resolved: { ja: '解決', en: 'Resolved' },
};
export const severityLabels: Record<IncidentRow['severity'], Label> = {
  low: { ja: '低', en: 'Low' },
  medium: { ja: '中', en: 'Medium' },
  high: { ja: '高', en: 'High' },
};
const notChosen: Label = { ja: '未選択', en: 'Not chosen' };
const unknownLanguage: Label = { ja: '不明', en: 'Unknown' };
export const procedureLabel = (p: Procedure | null, lang: Lang) => (p ? procedureLabels[p][lang] : notChosen[lang]);
export const languageLabel = (l: Language | null, lang: Lang) => (l ? languageLabels[l][lang] : unknownLanguage[lang]);

export const periodTitles: Record<ReportPeriod, Label> = {
  daily: { ja: '日次報告書', en: 'Daily report' },
  monthly: { ja: '月次報告書', en: 'Monthly report' },
};

/** The service-level definition, printed wherever the figure appears (reports, dashboard, overview). */
export function serviceLevelDefinition(p: { serviceLevelSeconds: number; goal: number; abandonGraceSeconds: number }): Label {
  const goal = Math.round(p.goal * 1000) / 10;
  return {
    ja: `サービスレベル：${p.serviceLevelSeconds}秒以内に応答した件数 ÷ 着信数（目標 ${goal}%）。着信数 = 応答 + 放棄 − ${p.abandonGraceSeconds}秒以内の放棄。ブースでの窓口案内と待ち中の呼は含めない。呼は要求した時間帯に数える。`,
    en: `Service level: calls answered within ${p.serviceLevelSeconds} s ÷ offered calls (goal ${goal} %). Offered = answered + abandoned − abandons within ${p.abandonGraceSeconds} s; booth referrals and calls still waiting are not offered. A call counts in the interval it was requested in.`,
  };
}

/** The definitions printed under the queue figures of every report. */
export function definitions(p: { serviceLevelSeconds: number; goal: number; abandonGraceSeconds: number }): Label[] {
  return [
    { ja: '応答：オペレーターが応答したセッション（応答時刻あり）。', en: 'Answered: an operator took the call (answeredAt is set).' },
    {
      ja: 'ブースで窓口案内：結果が「窓口案内」で応答のないもの（確認質問により窓口へ案内）。',
      en: 'Referred at the booth: outcome "referred" without an answer (the eligibility questions sent the resident to the counter).',
    },
    {
      ja: '放棄：応答されずに終了し、ブースでの窓口案内でないもの（待ち中に利用者が中止、またはブースの切断）。',
      en: 'Abandoned: ended without an answer and not a booth referral (the resident gave up while waiting, or the booth went away).',
    },
    {
      ja: `短時間放棄：${p.abandonGraceSeconds}秒以内の放棄（誤操作・すぐ立ち去ったもの）。`,
      en: `Short abandon: abandoned within ${p.abandonGraceSeconds} s (a mistaken press, a resident who left at once).`,
    },
    {
      ja: '着信数 = 応答 + 放棄 − 短時間放棄（ブースでの窓口案内は待ち行列に入らないため含めない）。',
      en: 'Offered calls = answered + abandoned − short abandons (booth referrals never queue).',
    },
    {
      ja: '待ち時間：応答は応答時刻 − 要求時刻、放棄は終了時刻 − 要求時刻。平均と95パーセンタイル（最近順位法）は応答と放棄の全体について。',
      en: 'Wait: answeredAt − requestedAt (answered) or endedAt − requestedAt (abandoned). Average and 95th percentile (nearest rank) are over answered and abandoned calls.',
    },
    { ja: '平均応答速度（ASA）：応答した呼の待ち時間の平均。', en: 'Average speed of answer (ASA): mean wait of answered calls.' },
    { ja: '対応時間：終了時刻 − 応答時刻（応答し終了したもの）。', en: 'Handling time: endedAt − answeredAt (answered and ended calls).' },
    serviceLevelDefinition(p),
    { ja: '放棄率：（放棄 − 短時間放棄）÷ 着信数。', en: 'Abandon rate: (abandoned − short abandons) ÷ offered calls.' },
    {
      ja: '稼働率：ブースの開庁時間内で、オンライン（低品質を含む）だった時間 ÷ 開庁時間。状態不明の時間は停止として数える。',
      en: 'Uptime: time online (degraded included) within the booth’s opening hours ÷ opening hours; unknown time counts as down.',
    },
    {
      ja: '日時はすべて日本時間（Asia/Tokyo）。月は暦月。',
      en: 'All dates and times are Japan time (Asia/Tokyo); months are calendar months.',
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// Formatting

export type Cell = string | number | null;
export const seconds = (ms: number | null): number | null => (ms === null ? null : Math.round(ms / 100) / 10);
export const percent = (r: number | null): number | null => (r === null ? null : Math.round(r * 1000) / 10);
const minutes = (ms: number) => Math.round(ms / 6000) / 10;
/** 'YYYY-MM-DD HH:MM' in JST of an ISO instant. */
export function jstText(iso: string | null): string {
  if (!iso) return '';
  return localDateTime(Date.parse(iso), 'minute');
}

export interface Table {
  /** Sheet / section key (Japanese sheet names for XLSX). */
  key: string;
  title: string;
  columns: string[];
  rows: Cell[][];
  notes?: string[];
}

const kindColumns = (l: Lang) =>
  l === 'ja'
    ? ['件数', '応答', 'ブースで窓口案内', '放棄', '待ち中']
    : ['Sessions', 'Answered', 'Referred at booth', 'Abandoned', 'Waiting'];

/** The report as tables, in the order of the sheets. */
export function reportTables(report: Report, l: Lang): Table[] {
  const f = report.figures;
  const q = f.queue;
  const ja = l === 'ja';
  const boothName = new Map(report.booths.map((b) => [b.id, b.name]));
  const tables: Table[] = [];

  tables.push({
    key: '概要',
    title: ja ? '概要' : 'Summary',
    columns: ja ? ['項目', '値'] : ['Item', 'Value'],
    rows: [
      [ja ? '報告書' : 'Report', periodTitles[report.period][l]],
      [ja ? '自治体' : 'Municipality', `${report.municipality.name}（${report.municipality.code}）`],
      [ja ? '対象期間' : 'Period', report.periodKey],
      [ja ? '作成日時' : 'Generated at', jstText(report.generatedAt)],
      [ja ? 'セッション数' : 'Sessions', f.totals.sessions],
      [ja ? '応答' : 'Answered', f.totals.answered],
      [ja ? '完了' : 'Completed', f.totals.completed],
      [ja ? 'ブースで窓口案内' : 'Referred at the booth', f.totals.referredAtBooth],
      [ja ? 'オペレーターが窓口案内' : 'Referred by the operator', f.totals.referredByOperator],
      [ja ? '放棄' : 'Abandoned', f.totals.abandoned],
      [ja ? '待ち中' : 'Waiting', f.totals.waiting],
      [ja ? '問合せ件数' : 'Inquiries', report.inquiries.total],
      [ja ? 'インシデント・苦情' : 'Incidents and complaints', report.incidents.length],
    ],
  });

  tables.push({
    key: '手続×結果',
    title: ja ? '手続 × 結果' : 'Procedure × outcome',
    columns: [ja ? '手続' : 'Procedure', ...outcomeColumns.map((c) => columnLabels[c][l]), ja ? '計' : 'Total'],
    rows: [
      ...f.byProcedureOutcome.map((r) => [procedureLabel(r.procedure, l), ...outcomeColumns.map((c) => r.cells[c]), r.total]),
      [ja ? '計' : 'Total', ...outcomeColumns.map((c) => f.columnTotals[c]), f.totals.sessions],
    ],
  });

  tables.push({
    key: 'ブース別',
    title: ja ? 'ブース別' : 'By booth',
    columns: [
      ja ? 'ブース' : 'Booth',
      ...kindColumns(l),
      ja ? '平均待ち時間（秒）' : 'Average wait (s)',
      ja ? '平均対応時間（秒）' : 'Average handling (s)',
      ja ? 'サービスレベル（%）' : 'Service level (%)',
      ja ? '放棄率（%）' : 'Abandon rate (%)',
    ],
    rows: f.byUnit.map((u) => [
      boothName.get(u.unit) ?? u.unit,
      u.sessions,
      u.answered,
      u.referredAtBooth,
      u.abandoned,
      u.waiting,
      seconds(u.avgWaitMs),
      seconds(u.avgHandlingMs),
      percent(u.serviceLevel),
      percent(u.abandonRate),
    ]),
    notes: [serviceLevelDefinition(q)[l]],
  });

  tables.push({
    key: '言語別',
    title: ja ? '言語別' : 'By language',
    columns: [ja ? '言語' : 'Language', ...kindColumns(l)],
    rows: f.byLanguage.map((r) => [languageLabel(r.language, l), r.sessions, r.answered, r.referredAtBooth, r.abandoned, r.waiting]),
  });

  tables.push({
    key: '待ち時間',
    title: ja ? '待ち時間・応答' : 'Queue figures',
    columns: ja ? ['項目', '値'] : ['Item', 'Value'],
    rows: [
      [ja ? '着信数（応答＋放棄−短時間放棄）' : 'Offered calls (answered + abandoned − short abandons)', q.offered],
      [ja ? `短時間放棄（${q.abandonGraceSeconds}秒以内）` : `Short abandons (within ${q.abandonGraceSeconds} s)`, q.shortAbandoned],
      [ja ? `${q.serviceLevelSeconds}秒以内に応答` : `Answered within ${q.serviceLevelSeconds} s`, q.answeredWithinServiceLevel],
      [ja ? `サービスレベル（%・${q.serviceLevelSeconds}秒）` : `Service level (%, ${q.serviceLevelSeconds} s)`, percent(q.serviceLevel)],
      [ja ? 'サービスレベル目標（%）' : 'Service-level goal (%)', percent(q.goal)],
      [ja ? '目標達成' : 'Goal met', q.goalMet === null ? '—' : q.goalMet ? (ja ? '達成' : 'Yes') : ja ? '未達' : 'No'],
      [ja ? '平均応答速度（秒）' : 'Average speed of answer (s)', seconds(q.asaMs)],
      [ja ? '放棄率（%）' : 'Abandon rate (%)', percent(q.abandonRate)],
      [ja ? '平均待ち時間（秒）' : 'Average wait (s)', seconds(q.avgWaitMs)],
      [ja ? '95パーセンタイル待ち時間（秒）' : '95th percentile wait (s)', seconds(q.p95WaitMs)],
      [ja ? '平均対応時間（秒）' : 'Average handling time (s)', seconds(q.avgHandlingMs)],
    ],
    notes: definitions(q).map((d) => d[l]),
  });

  tables.push({
    key: '30分間隔別',
    title: ja ? 'サービスレベル（30分間隔・要求時刻）' : 'Service level by 30-minute interval (requested)',
    columns: ja
      ? [
          '時間帯',
          '着信数',
          `${q.serviceLevelSeconds}秒以内に応答`,
          'サービスレベル（%）',
          '平均応答速度（秒）',
          '放棄率（%）',
          '平均対応時間（秒）',
        ]
      : [
          'Interval',
          'Offered',
          `Answered within ${q.serviceLevelSeconds} s`,
          'Service level (%)',
          'ASA (s)',
          'Abandon rate (%)',
          'Average handling (s)',
        ],
    // The intervals with any session: 48 rows of zeros help nobody.
    rows: f.byInterval
      .filter((i) => i.sessions > 0)
      .map((i) => [
        i.start,
        i.offered,
        i.answeredWithinServiceLevel,
        percent(i.serviceLevel),
        seconds(i.asaMs),
        percent(i.abandonRate),
        seconds(i.avgHandlingMs),
      ]),
    notes: [serviceLevelDefinition(q)[l]],
  });

  tables.push({
    key: '時間帯別',
    title: ja ? '時間帯別（要求時刻）' : 'By hour of day (requested)',
    columns: [ja ? '時' : 'Hour', ...kindColumns(l)],
    rows: f.byHour.map((h) => [`${String(h.hour).padStart(2, '0')}:00`, h.sessions, h.answered, h.referredAtBooth, h.abandoned, h.waiting]),
  });

  if (report.byDay) {
    tables.push({
      key: '日別',
      title: ja ? '日別' : 'By day',
      columns: [
        ja ? '日付' : 'Date',
        ...kindColumns(l),
        ja ? '着信数' : 'Offered',
        ja ? '平均待ち時間（秒）' : 'Average wait (s)',
        ja ? '平均応答速度（秒）' : 'ASA (s)',
        ja ? 'サービスレベル（%）' : 'Service level (%)',
        ja ? '放棄率（%）' : 'Abandon rate (%)',
      ],
      rows: report.byDay.map((d) => [
        d.unit,
        d.sessions,
        d.answered,
        d.referredAtBooth,
        d.abandoned,
        d.waiting,
        d.offered,
        seconds(d.avgWaitMs),
        seconds(d.asaMs),
        percent(d.serviceLevel),
        percent(d.abandonRate),
      ]),
      notes: [serviceLevelDefinition(q)[l]],
    });
  }

  if (report.reservations && report.reservations.totals.total + report.reservations.wait.reserved.answered > 0) {
    const r = report.reservations;
    const stateHeads = ja
      ? ['予約数', '予約中', '受付済', '対応済', '無断不来', '取消']
      : ['Reservations', 'Booked', 'Checked in', 'Served', 'No-show', 'Cancelled'];
    const rowsOf = (
      label: string,
      groups: ({ key: string } & Record<(typeof reservationColumns)[number], number>)[],
      name: (k: string) => string,
    ) => groups.map((g) => [label, name(g.key), ...reservationColumns.map((c) => g[c])] as Cell[]);
    tables.push({
      key: '予約',
      title: ja ? '予約（枠の日・会場・手続・言語別）' : 'Reservations (by slot day, site, procedure, language)',
      columns: [ja ? '区分' : 'By', ja ? '項目' : 'Item', ...stateHeads],
      rows: [
        [ja ? '合計' : 'Total', '', ...reservationColumns.map((c) => r.totals[c])],
        ...rowsOf(ja ? '日' : 'Day', r.byDay, (k) => k),
        ...rowsOf(ja ? '会場' : 'Site', r.bySite, (k) => k),
        ...rowsOf(ja ? '手続' : 'Procedure', r.byProcedure, (k) => procedureLabel(k as Procedure, l)),
        ...rowsOf(ja ? '言語' : 'Language', r.byLanguage, (k) => languageLabel(k as Language, l)),
      ],
      notes: [
        ja
          ? `応答までの平均待ち時間（チェックイン＝呼出から応答まで）：予約 ${r.wait.reserved.meanSeconds ?? '—'} 秒（${r.wait.reserved.answered} 件）、予約なし ${r.wait.walkIn.meanSeconds ?? '—'} 秒（${r.wait.walkIn.answered} 件）`
          : `Mean wait from check-in (the call) to answer: reserved ${r.wait.reserved.meanSeconds ?? '—'} s (${r.wait.reserved.answered} calls), walk-in ${r.wait.walkIn.meanSeconds ?? '—'} s (${r.wait.walkIn.answered} calls)`,
      ],
    });
  }

  if (report.staffing) {
    const dayNames = ja ? ['日', '月', '火', '水', '木', '金', '土', '祝日'] : ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Holiday'];
    const st = report.staffing;
    tables.push({
      key: '人員配置',
      title: ja ? '人員配置（必要・計画・実績）' : 'Staffing (required, planned, actual)',
      columns: ja
        ? [
            '曜日',
            '日数',
            '時間帯',
            '平均着信数',
            '平均対応時間（秒）',
            '必要人数',
            '必要人数の根拠',
            '計画人数',
            '実績人数',
            '計画−必要',
            'サービスレベル（%）',
          ]
        : [
            'Day',
            'Days',
            'Interval',
            'Calls (avg)',
            'Handling (s, avg)',
            'Required',
            'Required by',
            'Planned',
            'Actual',
            'Planned − required',
            'Service level (%)',
          ],
      rows: st.rows.map((r) => [
        dayNames[r.dayKind]!,
        r.days,
        r.start,
        r.calls,
        r.avgHandlingSeconds,
        r.required,
        r.requiredBy === 'minimum' ? (ja ? '最低窓口数' : 'minimum windows') : ja ? 'アーラン C' : 'Erlang C',
        r.planned,
        r.actual,
        r.planGap,
        percent(r.serviceLevel),
      ]),
      notes: (ja
        ? [
            `必要人数：最低窓口数と、その月のその曜日・時間帯の平均着信数と平均対応時間からアーラン C で求めた応答人数（目標 ${percent(st.goal)}%・${st.serviceLevelSeconds}秒以内）の多い方。休憩等のシュリンケージは含まない。`,
            '計画人数：その自治体を担当するシフトの勤務時間（休憩を除く）÷ 30分、同じ曜日の日数で平均。',
            '実績人数：その自治体を担当するオペレーターが対応可能（受付可・呼出中・通話中・後処理中）だった時間 ÷ 30分、同じ曜日の日数で平均。',
            '祝日は曜日と別に集計。必要・計画・実績・着信のいずれもない時間帯は表示しない。',
          ]
        : [
            `Required: the higher of the minimum windows and the operators on calls Erlang C needs for that day's and interval's average calls and handling time this month (goal ${percent(st.goal)} % within ${st.serviceLevelSeconds} s), before shrinkage.`,
            'Planned: shift time covering the municipality (breaks excluded) ÷ 30 minutes, averaged over the days of that kind.',
            'Actual: time the operators serving the municipality were on duty (available, ringing, on a call, after-call work) ÷ 30 minutes, averaged likewise.',
            'National holidays are their own kind of day. Intervals with nothing required, planned, on duty or offered are left out.',
          ]) as string[],
    });
  }

  tables.push({
    key: '稼働',
    title: ja ? 'ブース稼働（開庁時間内）' : 'Booth uptime (within opening hours)',
    columns: ja
      ? [
          'ブース',
          '開庁時間（分）',
          'オンライン（分）',
          '低品質（分）',
          'オフライン（分）',
          '不明（分）',
          '稼働率（%）',
          '停止（開始〜終了、開庁時間内の分）',
        ]
      : [
          'Booth',
          'Open (min)',
          'Online (min)',
          'Degraded (min)',
          'Offline (min)',
          'Unknown (min)',
          'Uptime (%)',
          'Outages (start – end, open minutes)',
        ],
    rows: (report.uptime ?? []).map((u) => [
      u.boothName,
      minutes(u.openMs),
      minutes(u.onlineMs),
      minutes(u.degradedMs),
      minutes(u.offlineMs),
      minutes(u.unknownMs),
      percent(u.ratio),
      u.outages.map((o) => `${jstText(o.start)}〜${o.end ? jstText(o.end) : ja ? '継続中' : 'ongoing'}（${minutes(o.openMs)}）`).join('; '),
    ]),
    ...(report.uptime ? {} : { notes: [ja ? '稼働情報はまだありません。' : 'No booth health data yet.'] }),
  });

  tables.push({
    key: 'インシデント',
    title: ja ? 'インシデント・苦情' : 'Incidents and complaints',
    columns: ja
      ? ['受付日時', '種別', '重要度', '状況', 'ブース', '概要', '職員へ連絡', '連絡先', '確認', '解決']
      : ['Reported', 'Kind', 'Severity', 'Status', 'Booth', 'Summary', 'Escalated', 'Notified', 'Acknowledged', 'Resolved'],
    rows: report.incidents.map((i) => [
      jstText(i.reportedAt),
      incidentKindLabels[i.kind][l],
      severityLabels[i.severity][l],
      incidentStatusLabels[i.status][l],
      i.boothName ?? '',
      i.summary,
      jstText(i.escalatedAt),
      i.notified ?? '',
      jstText(i.acknowledgedAt),
      jstText(i.resolvedAt),
    ]),
  });

  const interpreting = interpretingTable(report.interpreting, l);
  if (interpreting) tables.push(interpreting);

  tables.push({
    key: '問合せ',
    title: ja ? '問合せ（分類 ア–ケ）' : 'Inquiries (categories a–i)',
    columns: ja ? ['分類', '件数'] : ['Category', 'Count'],
    rows: [
      ...inquiryCategories.map((c) => [inquiryCategoryLabels[c][l], report.inquiries.byCategory[c]]),
      [ja ? '計' : 'Total', report.inquiries.total],
      [ja ? 'うち転送' : 'of which transferred', report.inquiries.transferred],
    ],
  });

  tables.push({
    key: '分析',
    title: ja ? '分析・改善' : 'Analysis and improvements',
    columns: ja ? ['内容', '更新日時'] : ['Text', 'Updated'],
    rows: report.analysis ? [[report.analysis.text, jstText(report.analysis.updatedAt)]] : [],
  });
  tables.push(...popupTables(report.popups ?? [], l));
  return tables;
}

/** The interpreters section (issue 18) as a table, per language and in all; none without any request. */
export function interpretingTable(section: InterpretingSection | null | undefined, l: Lang): Table | null {
  if (!section || section.totals.requested === 0) return null;
  const ja = l === 'ja';
  const row = (label: string, c: InterpretingSection['totals']): Cell[] => [
    label,
    c.requested,
    c.joined,
    c.notFound,
    c.meanWaitSeconds,
    c.medianWaitSeconds,
  ];
  return {
    key: '通訳',
    title: ja ? '通訳' : 'Interpreters',
    columns: ja
      ? ['言語', '依頼', '参加', '見つからず', '平均待ち時間（秒）', '待ち時間の中央値（秒）']
      : ['Language', 'Requested', 'Joined', 'Not found', 'Average wait (s)', 'Median wait (s)'],
    rows: [...section.byLanguage.map((r) => row(languageLabel(r.language, l), r)), row(ja ? '計' : 'Total', section.totals)],
    notes: ja
      ? [
          `通訳を依頼した通話 ${section.calls.requested} 件、うち通訳者が参加した通話 ${section.calls.interpreted} 件。`,
          '依頼：オペレーターの通訳依頼（1通話で複数回あり得る）。参加：通訳者が応じたもの。見つからず：待ち時間内に誰も応じず、オペレーターに知らせたもの（依頼ごとに1回）。待ち時間：依頼から参加まで。',
        ]
      : [
          `Calls with an interpreter request: ${section.calls.requested}; of which an interpreter joined: ${section.calls.interpreted}.`,
          'Requested: the operator asked for an interpreter (a call may ask more than once). Joined: an interpreter accepted. Not found: nobody accepted within the wait and the operator was told (once per request). Wait: from the request to the join.',
        ],
  };
}

const popupStateLabels: Record<string, Label> = {
  planned: { ja: '計画中', en: 'Planned' },
  agreed: { ja: '合意済み', en: 'Agreed' },
  held: { ja: '開催済み', en: 'Held' },
  reported: { ja: '報告済み', en: 'Reported' },
};

/**
 * Pop-up events: one summary table (a row per event), then one table per event — procedure ×
 * outcome, and the reservations at the event in a note — so the workbook has a sheet per event.
 * Reservations: those at the event (reservationsAtEvent) not cancelled; no-shows among them.
 */
/** The reservations at one event, on its sheet: how many, and how each ended. */
function eventReservationNote(c: ReservationCounts, l: Lang): string {
  return l === 'ja'
    ? `予約 ${c.total} 件：予約中 ${c.booked}、受付済 ${c.checked_in}、対応済 ${c.served}、来場なし ${c.no_show}、取消 ${c.cancelled}`
    : `Reservations ${c.total}: booked ${c.booked}, checked in ${c.checked_in}, served ${c.served}, no-show ${c.no_show}, cancelled ${c.cancelled}`;
}

export function popupTables(rows: readonly PopupReportRow[], l: Lang): Table[] {
  if (rows.length === 0) return [];
  const ja = l === 'ja';
  const dates = (r: PopupReportRow) => (r.firstDate === r.lastDate ? r.firstDate : `${r.firstDate}〜${r.lastDate}`);
  const tables: Table[] = [
    {
      key: '臨時会場',
      title: ja ? '臨時会場（イベント別）' : 'Pop-up sites (per event)',
      columns: ja
        ? ['日程', '会場', '状態', '日数', 'セッション数', '完了', '窓口案内', '放棄', '稼働率（%）', '予約数', '予約のうち来場なし']
        : ['Dates', 'Site', 'State', 'Days', 'Sessions', 'Completed', 'Referred', 'Abandoned', 'Uptime (%)', 'Reservations', 'No-shows'],
      rows: rows.map((r) => [
        dates(r),
        r.siteName,
        popupStateLabels[r.state]?.[l] ?? r.state,
        r.days,
        r.figures.sessions,
        r.figures.byOutcome.completed,
        r.figures.byOutcome.referred,
        r.figures.byOutcome.abandoned,
        percent(r.figures.uptime.ratio),
        r.figures.reservations.total - r.figures.reservations.cancelled,
        r.figures.reservations.no_show,
      ]),
      notes: [
        ja
          ? '稼働率は会場の受付時間内（イベントの日程）で数える。予約数は会場のブースの予約会場で、イベントの受付時間内に始まる枠の予約（取消を除く）。'
          : 'Uptime is counted within the event’s own hours. Reservations: those at the site of the event’s booths for a slot starting within its hours, cancelled ones left out.',
      ],
    },
  ];
  rows.forEach((r, i) => {
    const procedureRows = procedureKeys
      .map((p) => ({ p, cells: r.figures.byProcedure[p] }))
      .filter(({ cells }) => outcomeColumns.some((c) => cells[c] > 0));
    tables.push({
      // Sheet names: at most 31 characters in XLSX, unique.
      key: `臨時${i + 1} ${r.firstDate}`.slice(0, 31),
      title: `${ja ? '臨時会場' : 'Pop-up site'}: ${r.siteName}（${dates(r)}）`,
      columns: [ja ? '手続' : 'Procedure', ...outcomeColumns.map((c) => columnLabels[c][l]), ja ? '計' : 'Total'],
      rows: [
        ...procedureRows.map(({ p, cells }) => [
          procedureLabel(p === 'unknown' ? null : p, l),
          ...outcomeColumns.map((c) => cells[c]),
          outcomeColumns.reduce((s, c) => s + cells[c], 0),
        ]),
        [ja ? '計' : 'Total', ...outcomeColumns.map((c) => r.figures.byOutcome[c]), r.figures.sessions],
      ],
      notes: [eventReservationNote(r.figures.reservations, l)],
    });
  });
  return tables;
}

// ---------------------------------------------------------------------------------------------
// CSV

/**
 * The whole report as one CSV: UTF-8 with a BOM (Excel in Japan opens it correctly), CRLF, each
 * table under a line with its title, tables separated by an empty line.
 */
export function reportCsv(report: Report, l: Lang): string {
  const lines: string[] = [];
  for (const t of reportTables(report, l)) {
    if (lines.length > 0) lines.push('');
    lines.push(csvCell(`# ${t.title}`));
    lines.push(t.columns.map(csvCell).join(','));
    for (const r of t.rows) lines.push(r.map(csvCell).join(','));
    for (const n of t.notes ?? []) lines.push(csvCell(`※ ${n}`));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
