import { type Browser, type BrowserContext, expect, type Locator, type Page, test } from '@playwright/test';
import { loadFixtures, loginNamed, queryDb } from '../fixtures';
import { operatorAvailable } from '../journey';
import { logInOn } from '../login';
import { trackPeerConnections } from './webrtc';

const fixtures = loadFixtures();
test.use({ baseURL: fixtures.baseURL });

async function newContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: fixtures.baseURL });
  await trackPeerConnections(context);
  return context;
}

interface Inbound {
  track: string;
  kind: string;
  /** Video: frames decoded; audio: samples received. */
  count: number;
}

/** Every inbound stream of the page's peer connections, by the receiving track's id. */
function inbound(page: Page): Promise<Inbound[]> {
  return page.evaluate(async () => {
    const out: { track: string; kind: string; count: number }[] = [];
    for (const pc of (window as unknown as { __pcs?: RTCPeerConnection[] }).__pcs ?? []) {
      if (pc.connectionState === 'closed') continue;
      (await pc.getStats()).forEach((s: Record<string, unknown>) => {
        if (s.type !== 'inbound-rtp') return;
        const count = s.kind === 'video' ? Number(s.framesDecoded ?? 0) : Number(s.totalSamplesReceived ?? 0);
        out.push({ track: String(s.trackIdentifier ?? ''), kind: String(s.kind), count });
      });
    }
    return out;
  });
}

/** How many distinct inbound audio and video streams grow now (media decoded from that many senders). */
async function expectStreamsFlowing(page: Page, expected: { audio: number; video: number }) {
  await expect
    .poll(
      async () => {
        const before = new Map((await inbound(page)).map((s) => [s.track, s.count]));
        await page.waitForTimeout(700);
        const growing = (await inbound(page)).filter((s) => s.count > (before.get(s.track) ?? 0) && s.count > 0);
        return {
          audio: Math.min(expected.audio, growing.filter((s) => s.kind === 'audio').length),
          video: Math.min(expected.video, growing.filter((s) => s.kind === 'video').length),
        };
      },
      { timeout: 25_000, intervals: [300] },
    )
    .toEqual(expected);
}

/** The id of the track a <video> element shows (the inbound stats' trackIdentifier). */
const trackIdOf = (video: Locator) =>
  video.evaluate((v) => ((v as HTMLVideoElement).srcObject as MediaStream | null)?.getVideoTracks()[0]?.id ?? '');

/** Frames decoded so far from that one track (0 once it is gone). */
const framesOf = async (page: Page, track: string) =>
  (await inbound(page)).filter((s) => s.track === track).reduce((sum, s) => sum + s.count, 0);

test('an English-speaking resident: the operator asks for an interpreter, all three see and hear each other, the PIN step stays private, and the call goes on when the interpreter leaves', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const town = fixtures.municipalityG;

  // The interpreter is available on their own console; the operator on theirs.
  const interpreterContext = await newContext(browser);
  const interpreter = await interpreterContext.newPage();
  await logInOn(interpreter, '/interpret', loginNamed(town, 'int-g'));
  await interpreter.getByRole('button', { name: /受付可/ }).click();
  await expect(interpreter.getByTestId('interpreter-status')).toHaveText(/受付可/);
  const operatorContext = await newContext(browser);
  const operator = await operatorAvailable(operatorContext, loginNamed(town, 'op-g'));

  // The resident walks up and chooses English.
  const boothContext = await newContext(browser);
  const booth = await boothContext.newPage();
  await booth.goto(`/booth/?provision=${town.boothCredential}`);
  await booth.getByRole('button', { name: /ビデオ通話で相談する/ }).click();
  await booth.getByRole('button', { name: 'English' }).click();
  await booth.locator('[data-procedure="health_insurance"]').click();
  await booth.getByRole('button', { name: /Agree and start/ }).click();
  await expect(booth.getByTestId('waiting-screen')).toBeVisible();
  const sessionId = (await booth.locator('[data-session-id]').getAttribute('data-session-id'))!;
  await operator
    .getByTestId('offer')
    .getByRole('button', { name: /応答する/ })
    .click();
  await expect(operator).toHaveURL(new RegExp(`/console/sessions/${sessionId}$`));
  await expect(booth.getByTestId('operator-name')).toContainText('オペレーター 通訳付き');

  // The operator asks for an English interpreter (the resident's language is preselected).
  await expect(operator.getByTestId('interpreter-language')).toHaveValue('en');
  await operator.getByTestId('ask-interpreter').click();
  const offer = interpreter.getByTestId('interpret-offer');
  await expect(offer).toBeVisible();
  await expect(offer.getByTestId('interpret-offer-language')).toHaveText('English');
  // The order a loaded machine gives (merged main, issue 18): the pushed state (in the call) comes
  // before the accept's answer, so the page fetches its own join details; the accept's details land
  // while the room is connecting. One call, one room connection: the later details must not
  // reconnect it (that closed the room: "PC manager is closed", no picture).
  const rtcSockets: string[] = [];
  interpreter.on('websocket', (ws) => {
    if (ws.url().includes('/rtc')) rtcSockets.push(ws.url());
  });
  const ownDetails = interpreter.waitForResponse((r) => r.url().endsWith('/api/v1/interpreting/connection'), { timeout: 15_000 });
  await interpreter.route('**/api/v1/interpreting/offers/*/accept', async (route) => {
    const response = await route.fetch();
    await ownDetails;
    await interpreter.waitForTimeout(1_000);
    await route.fulfill({ response });
  });
  await offer.getByTestId('interpret-accept').click();
  await expect(interpreter.getByTestId('interpreter-call')).toBeVisible();
  await ownDetails;
  await interpreter.unrouteAll({ behavior: 'wait' });
  await expect(operator.getByTestId('interpreter-status')).toHaveAttribute('data-status', 'joined');

  // The booth names both, in the resident's language.
  const person = booth.getByTestId('call-person');
  await expect(person).toHaveAttribute('data-role', 'interpreter');
  await expect(person).toContainText('Interpreter');
  await expect(booth.getByTestId('call-person-name')).toHaveText('通訳 Smith');
  await expect(booth.getByTestId('operator-name')).toContainText('オペレーター 通訳付き');

  // Everyone decodes the two others' audio and video (the booth's and the operator's pictures
  // for the interpreter; the interpreter's camera for the booth and the operator).
  await expect(interpreter.getByTestId('booth-video')).toBeVisible();
  await expect(interpreter.getByTestId('operator-video')).toBeVisible();
  await expect(interpreter.getByTestId('interpreter-call').getByRole('alert')).toHaveCount(0);
  expect(rtcSockets, 'the interpreter joined the room once').toHaveLength(1);
  await expectStreamsFlowing(booth, { audio: 2, video: 2 });
  await expectStreamsFlowing(operator, { audio: 2, video: 2 });
  await expectStreamsFlowing(interpreter, { audio: 2, video: 2 });

  // PIN step: no booth frame reaches the operator or the interpreter; other pictures go on.
  const boothTrackAtOperator = await trackIdOf(operator.getByTestId('remote-video'));
  const boothTrackAtInterpreter = await trackIdOf(interpreter.getByTestId('booth-video'));
  expect(boothTrackAtOperator).not.toBe('');
  expect(boothTrackAtInterpreter).not.toBe('');
  await operator.getByTestId('pin-start').click();
  await expect(booth.getByTestId('pin-privacy-screen')).toBeVisible();
  await expect(interpreter.getByTestId('no-booth-video')).toBeVisible();
  await operator.waitForTimeout(1500);
  const frozen = [await framesOf(operator, boothTrackAtOperator), await framesOf(interpreter, boothTrackAtInterpreter)];
  await operator.waitForTimeout(2500);
  expect([await framesOf(operator, boothTrackAtOperator), await framesOf(interpreter, boothTrackAtInterpreter)]).toEqual(frozen);
  // Still flowing meanwhile: the interpreter's picture at the operator, the operator's at the interpreter.
  await expectStreamsFlowing(operator, { audio: 2, video: 1 });
  await expectStreamsFlowing(interpreter, { audio: 2, video: 1 });
  await booth.getByTestId('pin-privacy-screen').getByRole('button', { name: /Done/ }).click();
  await expect(interpreter.getByTestId('booth-video')).toBeVisible();
  await expectStreamsFlowing(interpreter, { audio: 2, video: 2 });

  // The interpreter leaves; the call goes on between the resident and the operator.
  await interpreter.getByTestId('interpreter-leave').click();
  await expect(interpreter.getByTestId('interpreter-call')).toHaveCount(0);
  await expect(interpreter.getByTestId('interpreter-status')).toHaveText(/受付可/);
  await expect(booth.getByTestId('call-people')).toHaveCount(0);
  await expect(operator.getByTestId('interpreter-status')).toHaveAttribute('data-status', 'left');
  await expect(booth.getByTestId('call-screen')).toBeVisible();
  await expectStreamsFlowing(booth, { audio: 1, video: 1 });
  await expectStreamsFlowing(operator, { audio: 1, video: 1 });
  const [session] = await queryDb('SELECT status FROM session WHERE id = ?', [sessionId]);
  expect(session?.status).toBe('active');

  // Recorded with their times: requested, rung, joined, left.
  const events = await queryDb(
    "SELECT type, occurred_at FROM session_event WHERE session_id = ? AND type LIKE 'interpreter-%' ORDER BY id",
    [sessionId],
  );
  expect(events.map((e) => String(e.type))).toEqual([
    'interpreter-requested',
    'interpreter-rung',
    'interpreter-joined',
    'interpreter-left',
  ]);
  expect(events.every((e) => Number(e.occurred_at) > 0)).toBe(true);

  await operator.getByLabel(/メモ区分/).selectOption('none');
  await operator.getByRole('button', { name: /通話を終了/ }).click();
  await expect(operator).toHaveURL(/\/console$/);
  for (const context of [boothContext, operatorContext, interpreterContext]) await context.close();
});
