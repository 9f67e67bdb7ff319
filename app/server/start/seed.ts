import { randomBytes, randomUUID } from 'node:crypto';
import {
  type BoothKind,
  type Db,
  type EligibilityQuestion,
  type Language,
  type LocalizedText,
  type Procedure,
  procedures,
  type Role,
  schema,
} from '@madoguchi/db';
import { eq } from 'drizzle-orm';
import { everyDayCalendar, type OpeningCalendar, weekdayCalendar } from '../../domain/calendar';
import { DAY_MS, localDate } from '../../domain/japan-time';
import { hashPassword } from '../auth/passwords.server';
import { newDeviceCredential } from '../booths/device-credentials.server';
import { seedDemoHistory } from './seed-reports';

export { KNOWN_MONTH_EXPECTED, pastMonth, seedKnownMonth } from './seed-reports';

export interface SeededLogin {
  loginId: string;
  password: string;
  role: Role;
  displayName: string;
  languages?: Language[];
}

export interface SeededMunicipality {
  municipalityId: string;
  boothId: string;
  boothCredential: string;
  logins: SeededLogin[];
}

export interface MunicipalitySeed {
  code: string;
  name: string;
  boothName: string;
  boothKind?: BoothKind;
  calendar?: OpeningCalendar;
  procedures?: Procedure[];
  eligibility?: Partial<Record<Procedure, EligibilityQuestion[]>>;
  counterGuidance?: LocalizedText;
  consent?: { terms: LocalizedText; privacy: LocalizedText };
  logins: { loginId: string; role: Role; displayName: string; password?: string; languages?: Language[] }[];
}

/**
 * Creates a municipality with one town-hall booth and the given accounts. Passwords not given
 * are generated; the booth credential is generated. Returns them once — only hashes are stored.
 */
export async function seedMunicipality(db: Db, seed: MunicipalitySeed): Promise<SeededMunicipality> {
  const municipalityId = randomUUID();
  const boothId = randomUUID();
  const { credential, credentialHash } = newDeviceCredential();
  const logins: SeededLogin[] = seed.logins.map((l) => ({
    ...l,
    password: l.password ?? randomBytes(9).toString('base64url'),
  }));
  const accounts = await Promise.all(
    logins.map(async (l) => ({
      id: randomUUID(),
      loginId: l.loginId,
      passwordHash: await hashPassword(l.password),
      displayName: l.displayName,
      role: l.role,
      ...(l.languages ? { languages: l.languages } : {}),
      procedures: l.role === 'operator' ? [...procedures] : [],
    })),
  );
  await db.batch([
    db.insert(schema.municipality).values({
      id: municipalityId,
      code: seed.code,
      name: seed.name,
      procedures: seed.procedures ?? [],
      eligibility: seed.eligibility ?? {},
      counterGuidance: seed.counterGuidance ?? null,
    }),
    db.insert(schema.booth).values({
      id: boothId,
      municipalityId,
      name: seed.boothName,
      kind: seed.boothKind ?? 'town_hall',
      credentialHash,
      credentialIssuedAt: new Date(),
      ...(seed.calendar ? { calendar: seed.calendar } : {}),
    }),
    ...(seed.consent
      ? (['terms', 'privacy'] as const).map((kind) =>
          db.insert(schema.consentDocument).values({
            id: randomUUID(),
            municipalityId,
            kind,
            version: 1,
            texts: seed.consent![kind],
            publishedAt: new Date(),
          }),
        )
      : []),
    ...(accounts.length > 0
      ? [
          db.insert(schema.account).values(accounts),
          db.insert(schema.accountMunicipality).values(accounts.map((a) => ({ accountId: a.id, municipalityId }))),
        ]
      : []),
  ]);
  return { municipalityId, boothId, boothCredential: credential, logins };
}

export const DEMO_MUNICIPALITY_CODE = '243248';

// The demo town's texts in every booth language and やさしい日本語 (issue 12: residents read what they consent to).
const form: EligibilityQuestion = {
  id: 'has-form',
  text: {
    ja: '交付申請書（QRコード付き）をお持ちですか？',
    'ja-x-easy': 'QRコードが ある 申請書（しんせいしょ）を もって いますか？',
    en: 'Do you have the application form with a QR code?',
    'zh-Hans': '您有带二维码的交付申请书吗？',
    ko: 'QR 코드가 있는 교부 신청서를 가지고 계십니까?',
    vi: 'Quý vị có đơn xin cấp thẻ có mã QR không?',
    pt: 'Você tem o formulário de solicitação com o código QR?',
  },
  proceedIf: true,
  guidance: {
    ja: '申請書は役場 1 階の住民課窓口でお渡しします。',
    'ja-x-easy': '申請書（しんせいしょ）は 役場（やくば）の 1かいの 住民課（じゅうみんか）で もらえます。',
    en: "Please get a new form at the residents' section, 1st floor.",
    'zh-Hans': '请到町政府一楼的居民课窗口领取申请书。',
    ko: '신청서는 관공서 1층 주민과 창구에서 받으실 수 있습니다.',
    vi: 'Vui lòng nhận đơn tại quầy Phòng Cư dân, tầng 1 của Ủy ban thị trấn.',
    pt: 'Retire o formulário no balcão da Seção de Moradores, no 1º andar da prefeitura.',
  },
};
const cardAndPin: EligibilityQuestion = {
  id: 'card-and-pin',
  text: {
    ja: 'マイナンバーカードと 4 桁の暗証番号をお持ちですか？',
    'ja-x-easy': 'マイナンバーカードと 4けたの 暗証番号（あんしょうばんごう）が ありますか？',
    en: 'Do you have your My Number Card and its 4-digit PIN?',
    'zh-Hans': '您带着个人编号卡并知道它的4位数密码吗？',
    ko: '마이넘버 카드와 4자리 비밀번호를 가지고 계십니까?',
    vi: 'Quý vị có thẻ My Number và biết mã PIN 4 chữ số không?',
    pt: 'Você tem o seu Cartão My Number e sabe a senha de 4 dígitos?',
  },
  proceedIf: true,
  guidance: {
    ja: '暗証番号が分からない・ロックされた場合は、住民課窓口で再設定できます。',
    'ja-x-easy': '暗証番号（あんしょうばんごう）が わからない ときは、住民課（じゅうみんか）の 窓口（まどぐち）で あたらしく できます。',
    en: "If you forgot the PIN or it is locked, the residents' section can reset it.",
    'zh-Hans': '如果忘记了密码或密码已被锁定，可以在居民课窗口重新设置。',
    ko: '비밀번호를 잊었거나 잠긴 경우 주민과 창구에서 재설정할 수 있습니다.',
    vi: 'Nếu quên mã PIN hoặc mã bị khóa, quý vị có thể đặt lại tại quầy Phòng Cư dân.',
    pt: 'Se você esqueceu a senha ou ela está bloqueada, a Seção de Moradores pode redefini-la.',
  },
};
const demoCounter: LocalizedText = {
  ja: '東員町役場 1 階 住民課の窓口へお越しください（平日 8:30〜17:15）。',
  'ja-x-easy':
    '東員町役場（とういんちょう やくば）の 1かい 住民課（じゅうみんか）に きて ください。月曜日から 金曜日、8:30から 17:15まで です。',
  en: "Please come to the residents' section, 1st floor of Toin Town Hall (weekdays 8:30–17:15).",
  'zh-Hans': '请前往东员町政府一楼的居民课窗口（工作日 8:30–17:15）。',
  ko: '도인초 관공서 1층 주민과 창구로 와 주십시오(평일 8:30~17:15).',
  vi: 'Vui lòng đến quầy Phòng Cư dân, tầng 1 Ủy ban thị trấn Toin (ngày thường 8:30–17:15).',
  pt: 'Dirija-se ao balcão da Seção de Moradores, no 1º andar da Prefeitura de Toin (dias úteis, 8h30–17h15).',
};
const demoConsent: { terms: LocalizedText; privacy: LocalizedText } = {
  terms: {
    ja: '東員町オンライン窓口 利用規約（デモ）…',
    'ja-x-easy': '東員町（とういんちょう）の オンライン窓口（まどぐち）を つかう ときの きまり（デモ）…',
    en: 'Toin online counter — terms of use (demo)…',
    'zh-Hans': '东员町在线窗口 使用条款（演示）…',
    ko: '도인초 온라인 창구 이용 약관(데모)…',
    vi: 'Quầy trực tuyến Toin — Điều khoản sử dụng (bản mẫu)…',
    pt: 'Balcão on-line de Toin — termos de uso (demonstração)…',
  },
  privacy: {
    ja: '個人情報の取扱いについて（デモ）…',
    'ja-x-easy': 'あなたの 情報（じょうほう）の あつかい かた（デモ）…',
    en: 'How we handle personal information (demo)…',
    'zh-Hans': '关于个人信息的处理（演示）…',
    ko: '개인정보 취급에 대하여(데모)…',
    vi: 'Về việc xử lý thông tin cá nhân (bản mẫu)…',
    pt: 'Como tratamos os dados pessoais (demonstração)…',
  },
};

/** The demo municipality `npm start` shows: 東員町 (Toin), the spec behind the core model. */
export async function seedDemo(
  db: Db,
): Promise<(SeededMunicipality & { allDayBooth: { boothId: string; boothCredential: string } }) | null> {
  const existing = await db.query.municipality.findFirst({
    where: eq(schema.municipality.code, DEMO_MUNICIPALITY_CODE),
  });
  if (existing) return null;
  const municipality = await seedMunicipality(db, {
    code: DEMO_MUNICIPALITY_CODE,
    name: '東員町（デモ）',
    boothName: '東員町役場 1階 オンライン窓口',
    // Toin spec: Mon–Fri 8:15–17:00, closed on national holidays and 12/29–1/3.
    calendar: weekdayCalendar([{ start: '08:15', end: '17:00' }]),
    procedures: ['new_application', 'renewal', 'lost_reissue', 'health_insurance', 'bank_account', 'other_mynaportal'],
    eligibility: { new_application: [form], renewal: [form], health_insurance: [cardAndPin], bank_account: [cardAndPin] },
    counterGuidance: demoCounter,
    consent: demoConsent,
    logins: [
      { loginId: 'operator', role: 'operator', displayName: 'オペレーター 佐藤', languages: ['ja', 'en'] },
      { loginId: 'staff', role: 'town_staff', displayName: '東員町 住民課' },
      { loginId: 'supervisor', role: 'supervisor', displayName: 'スーパーバイザー 高橋' },
      { loginId: 'admin', role: 'admin', displayName: '管理者' },
      // A remote interpreter (issue 18) the operator can ask for in a call.
      { loginId: 'interpreter', role: 'interpreter', displayName: '通訳 スミス', languages: ['en', 'pt'] },
    ],
  });
  await seedDemoFaq(db);
  // A second booth open around the clock, so the demo call works at any hour.
  const allDayBooth = await addBooth(db, municipality.municipalityId, {
    name: 'デモ会場（24時間）',
    kind: 'popup',
    calendar: everyDayCalendar([{ start: '00:00', end: '24:00' }]),
  });
  // Some weeks of session history, so the staff dashboard and reports are not empty (seed-reports.ts).
  await seedDemoHistory(db, { municipalityId: municipality.municipalityId, boothIds: [municipality.boothId, allDayBooth.boothId] });
  await seedDemoStaffing(db, municipality.municipalityId);
  await seedDemoPopups(db, municipality.municipalityId);
  return { ...municipality, allDayBooth };
}

/** Every account's id by its login id: the demo's extras (FAQ, staffing, pop-ups) name their authors so. */
async function accountIdsByLogin(db: Db): Promise<Map<string, string>> {
  const rows = await db.select({ id: schema.account.id, loginId: schema.account.loginId }).from(schema.account);
  return new Map(rows.map((a) => [a.loginId, a.id]));
}

/**
 * The demo's pop-up sites (issue 17): a portable booth (closed by its own calendar), an event the
 * town has agreed to on the coming Saturday and Sunday at a mall with that booth assigned (so the
 * public page /popups/<code> lists it and the booth follows its hours), and one planned at a
 * community centre three weeks later, waiting for the town's agreement on /staff/popups.
 */
export async function seedDemoPopups(db: Db, municipalityId: string) {
  const ids = await accountIdsByLogin(db);
  const supervisorId = ids.get('supervisor');
  const staffId = ids.get('staff');
  if (!supervisorId || !staffId) return;
  const portable = await addBooth(db, municipalityId, { name: '可搬型ブース 1号機', kind: 'popup' });
  const now = new Date();
  const today = localDate(now);
  const weekday = new Date(`${today}T00:00:00Z`).getUTCDay();
  const saturday = Date.parse(`${today}T00:00:00Z`) + ((6 - weekday + 7) % 7 || 7) * DAY_MS;
  const date = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const hours = [{ start: '10:00', end: '17:00' }];
  const weekend = [date(saturday), date(saturday + DAY_MS)].map((d) => ({ date: d, ranges: hours }));
  const later = [{ date: date(saturday + 20 * DAY_MS), ranges: hours }];
  const agreedId = randomUUID();
  await db.insert(schema.popupEvent).values([
    {
      id: agreedId,
      municipalityId,
      siteName: 'イオンモール東員 1F 専門店街入口（デモ）',
      siteKind: 'mall',
      days: weekend,
      firstDate: weekend[0]!.date,
      lastDate: weekend[1]!.date,
      procedures: ['new_application', 'renewal', 'health_insurance', 'bank_account'],
      state: 'agreed',
      agreedBy: staffId,
      agreedAt: now,
      createdBy: supervisorId,
      createdAt: now,
      updatedAt: now,
    },
    {
      id: randomUUID(),
      municipalityId,
      siteName: '東員町総合文化センター 1階 ロビー（デモ）',
      siteKind: 'community_centre',
      days: later,
      firstDate: later[0]!.date,
      lastDate: later[0]!.date,
      procedures: ['new_application', 'renewal'],
      state: 'planned',
      createdBy: supervisorId,
      createdAt: now,
      updatedAt: now,
    },
  ]);
  await db.insert(schema.popupEventBooth).values({ eventId: agreedId, boothId: portable.boothId });
}

/**
 * The demo's staffing: a minimum window (weekdays 8:30–17:00, at least one operator on duty, so
 * the overview shows a breach while the demo operator is offline or on a break) and the demo
 * operator's shifts this week and next (weekdays 8:30–17:15, break 12:00–13:00).
 */
export async function seedDemoStaffing(db: Db, municipalityId: string) {
  const ids = await accountIdsByLogin(db);
  const operatorId = ids.get('operator');
  const supervisorId = ids.get('supervisor');
  if (!operatorId || !supervisorId) return;
  const now = new Date();
  await db.insert(schema.minimumWindow).values({
    id: randomUUID(),
    municipalityId,
    weekdays: [1, 2, 3, 4, 5],
    startMinute: 8 * 60 + 30,
    endMinute: 17 * 60,
    operators: 1,
    updatedBy: supervisorId,
    updatedAt: now,
  });
  // Monday of this week, Japan time.
  const today = localDate(now);
  const weekday = new Date(`${today}T00:00:00Z`).getUTCDay();
  const monday = Date.parse(`${today}T00:00:00Z`) - ((weekday + 6) % 7) * DAY_MS;
  const dates = Array.from({ length: 14 }, (_, i) => new Date(monday + i * DAY_MS).toISOString().slice(0, 10)).filter(
    (d) => ![0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay()),
  );
  await db.insert(schema.shift).values(
    dates.map((date) => ({
      id: randomUUID(),
      accountId: operatorId,
      date,
      startMinute: 8 * 60 + 30,
      endMinute: 17 * 60 + 15,
      breakStartMinute: 12 * 60,
      breakEndMinute: 13 * 60,
      municipalityIds: [municipalityId],
      languages: ['ja', 'en'] as Language[],
      procedures: [...procedures],
      updatedBy: supervisorId,
      updatedAt: now,
    })),
  );
}

/** Another booth for a municipality; its credential is returned this once. */
export async function addBooth(db: Db, municipalityId: string, booth: { name: string; kind: BoothKind; calendar?: OpeningCalendar }) {
  const { credential, credentialHash } = newDeviceCredential();
  const boothId = randomUUID();
  await db.insert(schema.booth).values({
    id: boothId,
    municipalityId,
    name: booth.name,
    kind: booth.kind,
    credentialHash,
    credentialIssuedAt: new Date(),
    ...(booth.calendar ? { calendar: booth.calendar } : {}),
  });
  return { boothId, boothCredential: credential };
}

/**
 * A few FAQ entries for every town (初版, drafted by the supervisor and approved by the admin), so
 * the operator's FAQ panel is useful out of the box. Facts from shared/brief.md.
 */
export async function seedDemoFaq(db: Db) {
  const ids = await accountIdsByLogin(db);
  const author = ids.get('supervisor');
  const approver = ids.get('admin');
  if (!author || !approver) return;
  const entries: { procedure: Procedure | null; question: string; answer: string }[] = [
    {
      procedure: null,
      question: '申請書IDが見つからない',
      answer:
        '申請書IDは交付申請書の QR コードの下にある 23 桁の数字です。申請書がない方、転居前の申請書しかない方は、窓口で新しい申請書を受け取ってください（その場で発行できる自治体もあります）。有効期限通知書には新しい申請書が同封されています。',
    },
    {
      procedure: null,
      question: '暗証番号がロックされた',
      answer:
        '利用者証明用など 4 桁の暗証番号は 3 回、署名用（6〜16 桁の英大文字・数字）は 5 回間違えるとロックされます。解除・再設定は窓口（またはコンビニの再設定サービス）で行います。オペレーターは暗証番号を聞かない・見ない・入力しないでください。',
    },
    {
      procedure: 'renewal',
      question: '電子証明書の更新はオンラインでできますか',
      answer: '電子証明書の更新はオンラインではできません。窓口での手続きのみです。必要書類と窓口の受付時間をご案内してください。',
    },
    {
      procedure: 'lost_reissue',
      question: 'カードを紛失した',
      answer:
        'まずマイナンバー総合フリーダイヤルで一時停止、警察へ遺失届、役場で紛失届を出していただきます。再交付手数料は 800 円（電子証明書を載せる場合は +200 円）です。',
    },
  ];
  const now = new Date();
  const effectiveOn = '2025-04-01';
  await db.insert(schema.faqRevision).values(
    entries.map((e) => ({
      id: randomUUID(),
      entryId: randomUUID(),
      version: 1,
      municipalityId: null,
      procedure: e.procedure,
      question: e.question,
      answer: e.answer,
      effectiveOn,
      createdBy: author,
      createdAt: now,
      approvedBy: approver,
      approvedAt: now,
      retired: false,
    })),
  );
}
