/**
 * Starts the real stack (livekit-server + app on a fresh libSQL file), seeds two municipalities,
 * runs Playwright against it, and stops everything. Run through run-in-netns.sh.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { everyDayCalendar, weekdayCalendar } from '@madoguchi/app/calendar';
import { parseEnv } from '@madoguchi/app/env';
import { addBooth, pastMonth, seedKnownMonth, seedMunicipality } from '@madoguchi/app/seed';
import { startStack } from '@madoguchi/app/stack';
import { languages } from '@madoguchi/db/vocabulary';
import { writeFaceVideo } from './face-video';
import type { E2EFixtures } from './fixtures';
import { multilingualMunicipality } from './multilingual-municipality';

const nodeIp = process.env.NETNS_IP;
if (!nodeIp) {
  console.error('run-e2e.ts must run inside the e2e network namespace: use "npm run test:e2e".');
  process.exit(2);
}

const dataDir = mkdtempSync(path.join(tmpdir(), 'madoguchi-e2e-'));
// The booths' fake camera shows a face (the photo step); Playwright's Chromium reads it (chromium.ts).
process.env.FAKE_VIDEO_CAPTURE_FILE = await writeFaceVideo(dataDir);
const env = parseEnv({
  NODE_ENV: 'test',
  HOST: '127.0.0.1',
  PORT: '3000',
  LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'warn',
  // Short enough for a test of an offer that rings out, long enough for a click.
  OFFER_TIMEOUT_MS: '6000',
  WRAP_UP_MS: '2000',
  // Booth health (decision 0014): a beat a second, offline after 3 s of silence, so the test sees it.
  HEARTBEAT_MS: '1000',
  BOOTH_OFFLINE_AFTER_MS: '3000',
  // Photos are deleted 1.5 s after the session ends (swept every 0.5 s), so the test sees it happen.
  PHOTO_GRACE_MS: '1500',
  PHOTO_SWEEP_MS: '500',
  MADOGUCHI_DATA_DIR: dataDir,
  // Every scenario logs in from 127.0.0.1: the per-address limit is for real clients.
  LOGIN_ATTEMPTS_PER_ADDRESS: '1000',
  // A waiting booth asks "are you still there?" after 12 s without a touch and gives the place up
  // 8 s later, so the test sees both; longer than any other scenario keeps a booth waiting.
  WAITING_CHECK_AFTER_MS: '12000',
  // A booth whose page closed is reported gone by LiveKit; its session ends 3 s later unless it rejoins.
  BOOTH_REJOIN_GRACE_MS: '3000',
  WAITING_CHECK_ANSWER_MS: '8000',
  // Reservations (decision 0034): every scenario books from 127.0.0.1; a small proof-of-work keeps the page's solver in the test.
  RESERVATION_REQUESTS_PER_ADDRESS: '100000',
  RESERVATION_BOOKINGS_PER_ADDRESS: '1000',
  RESERVATION_POW_MAX_NUMBER: '2000',
});
const livekitLog: string[] = [];
const stack = await startStack({
  env,
  nodeIp,
  // No public STUN in an isolated network: point clients at an address that stays on loopback.
  livekitOverrides: { rtc: { stun_servers: ['127.0.0.1:3478'] }, logging: { level: 'warn' } },
  onLiveKitLog: (line) => livekitLog.push(line),
});

let exitCode = 1;
try {
  const db = stack.app.ctx.database.db;
  const open = everyDayCalendar([{ start: '00:00', end: '24:00' }]);
  const consent = {
    terms: { ja: '利用規約（E2E）', en: 'Terms of use (E2E)' },
    privacy: { ja: 'プライバシーポリシー（E2E）', en: 'Privacy policy (E2E)' },
  };
  // Town A: the full journey, the referral, and a booth outside its hours.
  const municipalityA = await seedMunicipality(db, {
    code: '243248',
    name: '東員町（E2E）',
    boothName: 'E2E 役場ブース A',
    calendar: open,
    procedures: ['new_application', 'renewal', 'health_insurance', 'bank_account'],
    eligibility: {
      renewal: [
        {
          id: 'has-form',
          text: { ja: '有効期限通知書をお持ちですか？', en: 'Do you have the renewal notice?' },
          proceedIf: true,
          guidance: {
            ja: '通知書がない場合は1階の住民課窓口へお越しください。',
            en: 'Without the notice, please go to the residents’ section on the 1st floor.',
          },
        },
      ],
    },
    consent,
    logins: [
      { loginId: 'op-a', role: 'operator', displayName: 'オペレーター 田中', languages: ['ja', 'en'] },
      { loginId: 'admin-a', role: 'admin', displayName: '管理者 E2E' },
      { loginId: 'staff-a', role: 'town_staff', displayName: '東員町 職員 E2E' },
    ],
  });
  const closedBooth = await addBooth(db, municipalityA.municipalityId, {
    name: 'E2E 時間外ブース',
    kind: 'town_hall',
    calendar: weekdayCalendar([]),
  });
  // Town B: two operators, for an offer that times out and passes to the second.
  const municipalityB = await seedMunicipality(db, {
    code: '432032',
    name: '人吉市（E2E）',
    boothName: 'E2E 人吉ブース',
    calendar: open,
    procedures: ['health_insurance'],
    consent,
    logins: [
      { loginId: 'op-b1', role: 'operator', displayName: 'オペレーター 一号' },
      { loginId: 'op-b2', role: 'operator', displayName: 'オペレーター 二号' },
      { loginId: 'staff-b', role: 'town_staff', displayName: '人吉市 職員 E2E' },
    ],
  });
  // Town C: one Japanese-speaking operator, for waiting (cancel, "are you still there?") and for
  // nobody on duty.
  const municipalityC = await seedMunicipality(db, {
    code: '172014',
    name: '金沢市（E2E）',
    boothName: 'E2E 金沢ブース',
    calendar: open,
    procedures: ['health_insurance'],
    consent,
    logins: [{ loginId: 'op-c', role: 'operator', displayName: 'オペレーター 金沢', languages: ['ja'] }],
  });
  // Town E: the accessibility audit (tests/accessibility.spec.ts) shows every booth screen in every
  // language, so its operator speaks them all and its question and terms are written in all of them.
  const inEveryLanguage = (ja: string, en: string, zh: string, ko: string, vi: string, pt: string) => ({
    ja,
    en,
    'zh-Hans': zh,
    ko,
    vi,
    pt,
  });
  const municipalityE = await seedMunicipality(db, {
    code: '272124',
    name: '八尾市（E2E）',
    boothName: 'E2E 八尾ブース',
    calendar: open,
    procedures: ['new_application', 'renewal', 'health_insurance'],
    eligibility: {
      renewal: [
        {
          id: 'has-notice',
          text: inEveryLanguage(
            '有効期限通知書をお持ちですか？',
            'Do you have the renewal notice?',
            '您有有效期限通知书吗？',
            '유효기간 통지서를 가지고 계십니까?',
            'Bạn có giấy thông báo hết hạn không?',
            'Você tem o aviso de renovação?',
          ),
          proceedIf: true,
          guidance: inEveryLanguage(
            '通知書がない場合は1階の窓口へ。',
            'Without it, please go to the counter on the 1st floor.',
            '没有的话，请到1楼窗口。',
            '없으시면 1층 창구로 가 주십시오.',
            'Nếu không có, vui lòng đến quầy tầng 1.',
            'Sem ele, dirija-se ao balcão do 1º andar.',
          ),
        },
      ],
    },
    consent: {
      terms: inEveryLanguage(
        '利用規約（E2E）',
        'Terms of use (E2E)',
        '使用条款（E2E）',
        '이용 약관 (E2E)',
        'Điều khoản sử dụng (E2E)',
        'Termos de uso (E2E)',
      ),
      privacy: inEveryLanguage(
        'プライバシーポリシー（E2E）',
        'Privacy policy (E2E)',
        '隐私政策（E2E）',
        '개인정보 처리방침 (E2E)',
        'Chính sách bảo mật (E2E)',
        'Política de privacidade (E2E)',
      ),
    },
    logins: [{ loginId: 'op-e', role: 'operator', displayName: 'オペレーター 多言語', languages: [...languages] }],
  });
  // Town G: an English-speaking resident, an operator and a remote interpreter (issue 18, tests/interpreter.spec.ts).
  const municipalityG = await seedMunicipality(db, {
    code: '131016',
    name: '千代田区（E2E 通訳）',
    boothName: 'E2E 通訳ブース',
    calendar: open,
    procedures: ['health_insurance'],
    consent,
    logins: [
      { loginId: 'op-g', role: 'operator', displayName: 'オペレーター 通訳付き', languages: ['ja', 'en'] },
      { loginId: 'int-g', role: 'interpreter', displayName: '通訳 Smith', languages: ['en'] },
    ],
  });
  // Town D: six languages, every procedure (kiosk layout, texts per language).
  const municipalityD = await seedMunicipality(db, multilingualMunicipality);
  // Town F: supervisors in a call (tests/supervisor.spec.ts): listening in allowed, residents told.
  const municipalityF = await seedMunicipality(db, {
    code: '011002',
    name: '札幌市（E2E）',
    boothName: 'E2E 札幌ブース',
    calendar: open,
    procedures: ['health_insurance'],
    consent,
    logins: [
      { loginId: 'op-f', role: 'operator', displayName: 'オペレーター 札幌', languages: ['ja'] },
      { loginId: 'sv-f', role: 'supervisor', displayName: 'スーパーバイザー 北野' },
    ],
  });
  await stack.app.ctx.database.client.execute({
    sql: 'UPDATE municipality SET listen_in_allowed = 1, listen_in_notice = 1 WHERE id = ?',
    args: [municipalityF.municipalityId],
  });
  // Reports: a past month of town A with hand-known figures (app/server/start/seed-reports.ts).
  const reportMonth = pastMonth();
  const staffA = (await stack.app.ctx.database.client.execute({ sql: 'SELECT id FROM account WHERE login_id = ?', args: ['staff-a'] }))
    .rows[0]!;
  await seedKnownMonth(
    db,
    { municipalityId: municipalityA.municipalityId, boothId: municipalityA.boothId, staffId: String(staffA.id) },
    reportMonth,
  );
  const fixtures: E2EFixtures = {
    baseURL: stack.app.url,
    databaseUrl: stack.app.ctx.database.url,
    municipalityA,
    municipalityB,
    municipalityC,
    municipalityD,
    municipalityE,
    municipalityF,
    municipalityG,
    closedBooth,
    reportMonth,
  };
  const fixturesFile = path.join(dataDir, 'fixtures.json');
  writeFileSync(fixturesFile, JSON.stringify(fixtures));

  exitCode = await new Promise<number>((resolve) => {
    const child = spawn('npx', ['playwright', 'test', '-c', 'e2e/playwright.config.ts', ...process.argv.slice(2)], {
      stdio: 'inherit',
      env: { ...process.env, E2E_FIXTURES: fixturesFile },
    });
    child.on('exit', (code) => resolve(code ?? 1));
  });
} finally {
  await stack.stop();
  if (exitCode !== 0 && livekitLog.length > 0) {
    console.error('--- livekit-server log (last 40 lines) ---');
    console.error(livekitLog.slice(-40).join('\n'));
  }
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(exitCode);
