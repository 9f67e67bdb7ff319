/**
 * The photo API against the real app: a real libSQL file, the real pipeline (sharp + face
 * detection) on real face images shipped in @vladmandic/face-api, and real encryption on disk.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Procedure } from '@madoguchi/db';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { photoCheckIds } from '../../domain/photo/checks';
import { passingChecks, plainBackgroundPortrait } from '../../test/photo/fixtures';
import { reposedToCheckZero } from '../../test/photo/pose-faces';
import { bodyOf, count, createTestApp, problemOf, type TestApp } from '../../test/test-context';
import { PhotoCreated } from './photos.routes';

const FACE = readFileSync(path.resolve('node_modules/@vladmandic/face-api/demo/sample1.jpg'));
const JPEG_MAGIC = Buffer.from([0xff, 0xd8, 0xff]);

let t: TestApp;
let cookies: Record<string, string>;
let twelveMp: Buffer;
/** The plain-wall face turned 7° from the pose check's zero: inside its warn band (5–10°), nothing failing. */
let warnedPortrait: Buffer;

beforeAll(async () => {
  t = await createTestApp({ PHOTO_GRACE_MS: '200' });
  cookies = {};
  for (const login of ['op-a', 'op-b', 'staff-a', 'staff-b', 'supervisor', 'admin']) cookies[login] = await t.cookieFor(login);
  twelveMp = await sharp(FACE).resize(4000, 3000, { fit: 'fill' }).jpeg({ quality: 92 }).toBuffer();
  await t.ctx.photos.pipeline.warmUp?.();
  warnedPortrait = await reposedToCheckZero(await plainBackgroundPortrait(), { turn: { yaw: 7 } });
}, 120_000);
afterAll(async () => {
  await t.ctx.photos.stop();
  await t.close();
});

const photoFiles = () => readdirSync(path.join(t.dataDir, 'photos'));
const processingRows = () => count(t.ctx, "SELECT count(*) FROM photo WHERE status = 'processing'");

/** A booth session in an active call with op-a, for a card application (or what the test says). */
async function activeSession(options: { procedure?: Procedure; operator?: string; credential?: string } = {}) {
  const credential = options.credential ?? t.municipalityA.boothCredential;
  const json = { procedure: options.procedure ?? 'new_application', language: 'ja' } as const;
  const response = await t.booth(credential).v1.booth.sessions.$post({ json });
  expect(response.status, await response.clone().text()).toBe(201);
  const { sessionId } = await bodyOf(response, 201);
  if (options.operator !== '') await t.ctx.sessions.answer(await t.principal(options.operator ?? 'op-a'), sessionId);
  return sessionId;
}

async function upload(sessionId: string, body: Buffer, type = 'image/jpeg', credential = t.municipalityA.boothCredential) {
  return t.api.request(`/v1/booth/sessions/${sessionId}/photos`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${credential}`, 'Content-Type': type },
    body: new Uint8Array(body),
  });
}
const asLogin = (login: string, method: string, url: string) => t.api.request(url, { method, headers: { Cookie: cookies[login]! } });
const consolePath = (sessionId: string, rest = '') => `/v1/console/sessions/${sessionId}/photos${rest}`;
/** The session's photos as the operator's console lists them (typed by the route). */
const listAs = async (login: string, sessionId: string) =>
  (await t.as(login)).v1.console.sessions[':sessionId'].photos.$get({ param: { sessionId } });
/** A listed photo's checks: the route publishes them as `unknown[]`, so their id and level are read through a schema. */
const checksOf = (photo: { checks: unknown[] }) =>
  z.array(z.object({ id: z.string(), level: z.enum(['pass', 'warn', 'fail']) })).parse(photo.checks);

/** For tests about a photo's life, not its checks: the stored checks all pass (sample1 fails them). */
const judgedPassing = (photoId: string) =>
  t.ctx.database.client.execute({ sql: 'UPDATE photo SET checks = ? WHERE id = ?', args: [JSON.stringify(passingChecks()), photoId] });
const approveAs = (login: string, sessionId: string, photoId: string, body?: unknown, lang = 'ja') =>
  t.api.request(consolePath(sessionId, `/${photoId}/approve`), {
    method: 'POST',
    headers: { Cookie: cookies[login]!, 'Accept-Language': lang, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

async function uploaded(sessionId: string, body: Buffer = FACE) {
  const response = await upload(sessionId, body);
  expect(response.status, await response.clone().text()).toBe(201);
  return PhotoCreated.parse(await response.json());
}

/** A flat-colour progressive JPEG: a few hundred KB however many pixels. */
const flatProgressive = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: { r: 200, g: 190, b: 180 } }, limitInputPixels: false })
    .jpeg({ quality: 90, progressive: true })
    .toBuffer();

/** A JPEG whose frame header claims 30000×30000 pixels (a decompression bomb's header). */
async function bombHeader() {
  const small = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#888' } })
    .jpeg()
    .toBuffer();
  const bomb = Buffer.from(small);
  for (let i = 2; i < bomb.length - 9; i++) {
    if (bomb[i] === 0xff && bomb[i + 1]! >= 0xc0 && bomb[i + 1]! <= 0xc2) {
      bomb.writeUInt16BE(30_000, i + 5);
      bomb.writeUInt16BE(30_000, i + 7);
      return bomb;
    }
  }
  throw new Error('no SOF marker');
}

describe('the whole life of a photo', () => {
  it('create → view → approve → download once → session end → deleted after the grace, all in the ledger', async () => {
    const sessionId = await activeSession();
    const created = await uploaded(sessionId);
    expect(created.attempt).toBe(1);
    expect(['pass', 'warn', 'fail']).toContain(created.level);

    // On disk: one sealed file, no JPEG in it.
    const file = readFileSync(t.ctx.photos.store.pathOf(created.photoId));
    // No run of the JPEG in it (its 3-byte magic alone turns up in ~1 % of ciphertexts).
    expect(file.includes((await t.ctx.photos.store.get(created.photoId)).subarray(0, 32))).toBe(false);
    expect(photoFiles()).toEqual([`${created.photoId}.photo`]);

    const listed = await listAs('op-a', sessionId);
    expect(listed.status).toBe(200);
    const { photos, retakes } = await bodyOf(listed, 200);
    expect(retakes).toBe(0);
    expect(photos).toHaveLength(1);
    expect(photos[0]).toMatchObject({ photoId: created.photoId, status: 'candidate', level: created.level });
    expect(photos[0]!.checks.length).toBeGreaterThan(0);
    expect(photos[0]!.width! * 45).toBeCloseTo(photos[0]!.height! * 35, -2);

    const image = await asLogin('op-a', 'GET', consolePath(sessionId, `/${created.photoId}/image`));
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/jpeg');
    expect(image.headers.get('cache-control')).toBe('no-store');
    const jpeg = Buffer.from(await image.arrayBuffer());
    expect(jpeg.subarray(0, 3).equals(JPEG_MAGIC)).toBe(true);
    const meta = await sharp(jpeg).metadata();
    expect(meta.format).toBe('jpeg');
    expect([meta.width, meta.height]).toEqual([photos[0]!.width, photos[0]!.height]);

    // The booth sees it only once approved.
    const early = await t.asBooth(
      t.municipalityA.boothCredential,
      'GET',
      `/v1/booth/sessions/${sessionId}/photos/${created.photoId}/image`,
    );
    expect(early.status).toBe(404);

    await judgedPassing(created.photoId);
    expect((await asLogin('op-a', 'POST', consolePath(sessionId, `/${created.photoId}/approve`))).status).toBe(200);
    expect((await asLogin('op-a', 'POST', consolePath(sessionId, `/${created.photoId}/approve`))).status).toBe(409);
    const onBooth = await t.asBooth(
      t.municipalityA.boothCredential,
      'GET',
      `/v1/booth/sessions/${sessionId}/photos/${created.photoId}/image`,
    );
    expect(onBooth.status).toBe(200);
    expect(Buffer.from(await onBooth.arrayBuffer()).equals(jpeg)).toBe(true);

    const download = await asLogin('op-a', 'POST', consolePath(sessionId, `/${created.photoId}/download`));
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toMatch(/^attachment; filename="photo-\d{8}\.jpg"$/);
    expect(Buffer.from(await download.arrayBuffer()).equals(jpeg)).toBe(true);
    const again = await t.api.request(consolePath(sessionId, `/${created.photoId}/download`), {
      method: 'POST',
      headers: { Cookie: cookies['op-a']!, 'Accept-Language': 'en' },
    });
    expect(again.status).toBe(410);
    const refusal = await problemOf(again);
    expect(refusal.code).toBe('photo_already_downloaded');
    expect(refusal.detail).toMatch(/already been downloaded/);
    expect(refusal.messages.ja).toMatch(/すでにダウンロード/);
    // Download once: the console cannot fetch the downloaded photo again either.
    const imageAgain = await asLogin('op-a', 'GET', consolePath(sessionId, `/${created.photoId}/image`));
    expect(imageAgain.status).toBe(410);
    expect((await problemOf(imageAgain)).code).toBe('photo_already_downloaded');

    // The call ends: the photo stays for the grace period, then the sweep deletes it.
    await t.ctx.sessions.endByOperator(await t.principal('op-a'), sessionId);
    const row = await t.ctx.database.client.execute({ sql: 'SELECT delete_after FROM photo WHERE id = ?', args: [created.photoId] });
    expect(Number(row.rows[0]!.delete_after)).toBeGreaterThan(Date.now() - 1000);
    await t.ctx.photos.sweep();
    expect(photoFiles()).toContain(`${created.photoId}.photo`);
    await new Promise((resolve) => setTimeout(resolve, 250));
    const swept = await t.ctx.photos.sweep();
    expect(swept.deleted).toBe(1);
    expect(photoFiles()).not.toContain(`${created.photoId}.photo`);
    const after = await bodyOf(await listAs('op-a', sessionId), 200);
    expect(after.photos[0]!.status).toBe('deleted');
    expect((await asLogin('op-a', 'GET', consolePath(sessionId, `/${created.photoId}/image`))).status).toBe(404);

    const ledger = await t.ctx.database.client.execute({
      sql: 'SELECT action, actor_kind, actor_id, data_kind FROM personal_data_ledger WHERE item_id = ? ORDER BY at, id',
      args: [created.photoId],
    });
    expect(ledger.rows.map((r) => `${r.action}:${r.actor_kind}`)).toEqual([
      'created:booth',
      'viewed:operator',
      'viewed:booth',
      'downloaded:operator',
      'deleted:system',
    ]);
    expect(ledger.rows[0]!.actor_id).toBe(t.municipalityA.boothId);
    expect(ledger.rows[1]!.actor_id).toBe(t.accountIds['op-a']);
    expect(ledger.rows.every((r) => r.data_kind === 'face_photo')).toBe(true);

    const events = await t.ctx.database.client.execute({
      sql: "SELECT type, detail FROM session_event WHERE session_id = ? AND type LIKE 'photo_%' ORDER BY id",
      args: [sessionId],
    });
    expect(events.rows.map((r) => r.type)).toEqual(['photo_captured', 'photo_approved']);
    expect(JSON.parse(String(events.rows[0]!.detail))).toEqual({ attempt: 1, level: created.level });
  }, 120_000);

  it('a retake deletes the file at once and is counted; approving one deletes the other candidates', async () => {
    const sessionId = await activeSession();
    const first = await uploaded(sessionId);
    const retake = await asLogin('op-a', 'POST', consolePath(sessionId, `/${first.photoId}/retake`));
    expect(retake.status).toBe(200);
    expect(photoFiles()).not.toContain(`${first.photoId}.photo`);
    const second = await uploaded(sessionId);
    const third = await uploaded(sessionId);
    expect([second.attempt, third.attempt]).toEqual([2, 3]);
    await judgedPassing(third.photoId);
    expect((await asLogin('op-a', 'POST', consolePath(sessionId, `/${third.photoId}/approve`))).status).toBe(200);
    expect(photoFiles()).not.toContain(`${second.photoId}.photo`);
    expect(photoFiles()).toContain(`${third.photoId}.photo`);
    const { photos, retakes } = await bodyOf(await listAs('op-a', sessionId), 200);
    expect(photos.map((p) => p.status)).toEqual(['retaken', 'deleted', 'approved']);
    expect(retakes).toBe(2);
    // Download before approval of a retaken photo: refused.
    expect((await asLogin('op-a', 'POST', consolePath(sessionId, `/${first.photoId}/download`))).status).toBe(409);
    expect(await count(t.ctx, "SELECT count(*) FROM session_event WHERE session_id = ? AND type = 'photo_retake'", [sessionId])).toBe(1);
    // Two downloads at the same moment: exactly one gets the photo.
    const both = await Promise.all([1, 2].map(() => asLogin('op-a', 'POST', consolePath(sessionId, `/${third.photoId}/download`))));
    expect(both.map((r) => r.status).sort()).toEqual([200, 410]);
    expect(
      await count(t.ctx, "SELECT count(*) FROM personal_data_ledger WHERE item_id = ? AND action = 'downloaded'", [third.photoId]),
    ).toBe(1);
    const deletions = await t.ctx.database.client.execute({
      sql: "SELECT item_id, actor_kind FROM personal_data_ledger WHERE session_id = ? AND action = 'deleted' ORDER BY id",
      args: [sessionId],
    });
    expect(deletions.rows.map((r) => [r.item_id, r.actor_kind])).toEqual([
      [first.photoId, 'operator'],
      [second.photoId, 'operator'],
    ]);
    await t.ctx.sessions.endByOperator(await t.principal('op-a'), sessionId);
  }, 120_000);
});

describe('approval follows the checks (issue 12, defect 2)', () => {
  const photoRow = async (photoId: string) =>
    (await t.ctx.database.client.execute({ sql: 'SELECT status, approved_at FROM photo WHERE id = ?', args: [photoId] })).rows[0]!;
  const eventsOf = async (sessionId: string) =>
    (
      await t.ctx.database.client.execute({
        sql: "SELECT type, detail FROM session_event WHERE session_id = ? AND type LIKE 'photo_%' ORDER BY id",
        args: [sessionId],
      })
    ).rows.map((r) => [r.type, JSON.parse(String(r.detail))]);

  it('a picture with no face fails all its checks and cannot be approved: 422 in Japanese and English, nothing changes, the booth cannot show it', async () => {
    const sessionId = await activeSession();
    const blank = await sharp({ create: { width: 1280, height: 720, channels: 3, background: { r: 232, g: 232, b: 228 } } })
      .jpeg({ quality: 92 })
      .toBuffer();
    const created = await uploaded(sessionId, blank);
    expect(created.level).toBe('fail');
    const { photos } = await bodyOf(await listAs('op-a', sessionId), 200);
    expect(checksOf(photos[0]!).filter((c) => c.level === 'fail')).toHaveLength(photoCheckIds.length);

    for (const [lang, detail] of [
      ['ja', /不可の項目（顔がひとつ、中央/],
      ['en', /failed checks \(One face, Centred/],
    ] as const) {
      const refused = await approveAs('op-a', sessionId, created.photoId, undefined, lang);
      expect(refused.status).toBe(422);
      expect(refused.headers.get('content-type')).toMatch(/application\/problem\+json/);
      const problem = await problemOf(refused);
      expect(problem.code).toBe('photo_checks_failed');
      expect(problem.detail).toMatch(detail);
      expect((problem.errors ?? []).map((e) => e.path)).toContain('checks.one_face');
    }
    // Sending every acknowledgement and every override the domain knows does not change that.
    const everything = {
      acknowledgedWarnings: [...photoCheckIds],
      overrides: [
        { check: 'eyes', reason: 'natural_feature' },
        { check: 'exposure', reason: 'natural_feature' },
        { check: 'shadow', reason: 'natural_feature' },
        { check: 'pose', reason: 'medical_or_disability' },
        { check: 'head_size', reason: 'head_covering' },
      ],
    };
    const still = await approveAs('op-a', sessionId, created.photoId, everything);
    expect(still.status).toBe(422);
    expect((await problemOf(still)).code).toBe('photo_checks_failed');
    // An override of a check that cannot misfire: refused as such.
    const oneFace = await approveAs('op-a', sessionId, created.photoId, { overrides: [{ check: 'one_face', reason: 'natural_feature' }] });
    expect(oneFace.status).toBe(422);
    expect((await problemOf(oneFace)).code).toBe('photo_override_invalid');
    // A reason that is not on the list is not even parsed.
    expect(
      (await approveAs('op-a', sessionId, created.photoId, { overrides: [{ check: 'eyes', reason: 'looks fine to me' }] })).status,
    ).toBe(400);

    expect((await photoRow(created.photoId)).status).toBe('candidate');
    expect((await eventsOf(sessionId)).map(([type]) => type)).toEqual(['photo_captured']);
    expect((await asLogin('op-a', 'POST', consolePath(sessionId, `/${created.photoId}/download`))).status).toBe(409);
    expect(
      (await t.asBooth(t.municipalityA.boothCredential, 'GET', `/v1/booth/sessions/${sessionId}/photos/${created.photoId}/image`)).status,
    ).toBe(404);
    await t.ctx.sessions.endByOperator(await t.principal('op-a'), sessionId);
  }, 120_000);

  it('warnings need an explicit confirmation of each warned check (409 without it); the confirmation is recorded', async () => {
    const sessionId = await activeSession();
    const created = await uploaded(sessionId, warnedPortrait);
    expect(created.level).toBe('warn');
    const { photos } = await bodyOf(await listAs('op-a', sessionId), 200);
    const warned = checksOf(photos[0]!)
      .filter((c) => c.level === 'warn')
      .map((c) => c.id);
    expect(warned).toContain('pose');

    const unconfirmed = await approveAs('op-a', sessionId, created.photoId, undefined, 'en');
    expect(unconfirmed.status).toBe(409);
    const problem = await problemOf(unconfirmed);
    expect(problem.code).toBe('photo_warnings_unconfirmed');
    expect(problem.detail).toMatch(/^Confirm the warnings/);
    expect(problem.messages.ja).toMatch(/注意の項目/);
    // Confirming only some of them is not enough.
    expect((await approveAs('op-a', sessionId, created.photoId, { acknowledgedWarnings: warned.slice(1) })).status).toBe(409);
    expect((await photoRow(created.photoId)).status).toBe('candidate');

    const ok = await approveAs('op-a', sessionId, created.photoId, { acknowledgedWarnings: warned });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ status: 'approved', acknowledged: warned, overrides: [] });
    expect(await eventsOf(sessionId)).toEqual([
      ['photo_captured', { attempt: 1, level: 'warn' }],
      ['photo_approved', { attempt: 1, level: 'warn', acknowledged: warned.join(',') }],
    ]);
    await t.ctx.sessions.endByOperator(await t.principal('op-a'), sessionId);
  }, 120_000);

  it('a check that can misfire is overridden with a reason from the list: session events and an audit entry, codes only', async () => {
    const sessionId = await activeSession();
    const created = await uploaded(sessionId, await plainBackgroundPortrait());
    // The eyes read as closed (as naturally narrow eyes do), the rest as the pipeline judged it.
    const checks = passingChecks().map((c) => (c.id === 'eyes' ? { ...c, level: 'fail' } : c.id === 'pose' ? { ...c, level: 'warn' } : c));
    await t.ctx.database.client.execute({
      sql: 'UPDATE photo SET checks = ? WHERE id = ?',
      args: [JSON.stringify(checks), created.photoId],
    });

    const refused = await approveAs('op-a', sessionId, created.photoId, { acknowledgedWarnings: ['pose'] });
    expect(refused.status).toBe(422);
    expect((await problemOf(refused)).code).toBe('photo_checks_failed');
    const wrongReason = await approveAs('op-a', sessionId, created.photoId, {
      acknowledgedWarnings: ['pose'],
      overrides: [{ check: 'eyes', reason: 'head_covering' }],
    });
    expect(wrongReason.status).toBe(422);
    expect((await problemOf(wrongReason)).code).toBe('photo_override_invalid');
    // The override alone does not confirm the warning.
    expect(
      (await approveAs('op-a', sessionId, created.photoId, { overrides: [{ check: 'eyes', reason: 'natural_feature' }] })).status,
    ).toBe(409);

    const response = await t.api.request(consolePath(sessionId, `/${created.photoId}/approve`), {
      method: 'POST',
      headers: { Cookie: cookies['op-a']!, 'Content-Type': 'application/json' },
      body: JSON.stringify({ acknowledgedWarnings: ['pose'], overrides: [{ check: 'eyes', reason: 'natural_feature' }] }),
    });
    expect(response.status).toBe(200);
    const requestId = response.headers.get('x-request-id');
    expect(await eventsOf(sessionId)).toEqual([
      ['photo_captured', { attempt: 1, level: created.level }],
      ['photo_approved', { attempt: 1, level: 'fail', acknowledged: 'pose', overridden: 'eyes' }],
      ['photo_check_overridden', { attempt: 1, check: 'eyes', reason: 'natural_feature' }],
    ]);
    const audit = await t.ctx.database.client.execute({
      sql: "SELECT actor_kind, actor_id, target_type, target_id, municipality_id, request_id, detail FROM audit_log WHERE action = 'photo.check_overridden' AND target_id = ?",
      args: [created.photoId],
    });
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0]).toMatchObject({
      actor_kind: 'account',
      actor_id: t.accountIds['op-a'],
      target_type: 'photo',
      municipality_id: t.municipalityA.municipalityId,
      request_id: requestId,
    });
    expect(JSON.parse(String(audit.rows[0]!.detail))).toEqual({ sessionId, attempt: 1, check: 'eyes', reason: 'natural_feature' });
    await t.ctx.sessions.endByOperator(await t.principal('op-a'), sessionId);
  }, 120_000);
});

describe('nothing and no one else can fetch it', () => {
  it('another operator, staff, the supervisor and the admin get 404; another booth too', async () => {
    const sessionId = await activeSession();
    const { photoId } = await uploaded(sessionId);
    for (const login of ['op-b', 'staff-a', 'staff-b', 'supervisor', 'admin']) {
      for (const [method, rest] of [
        ['GET', ''],
        ['GET', `/${photoId}/image`],
        ['POST', `/${photoId}/download`],
        ['POST', `/${photoId}/approve`],
        ['POST', `/${photoId}/retake`],
      ] as const) {
        const response = await asLogin(login, method, consolePath(sessionId, rest));
        expect(response.status, `${login} ${method} ${rest}`).toBe(404);
      }
    }
    expect((await t.api.request(consolePath(sessionId, `/${photoId}/image`))).status).toBe(401);
    // Booth B: the session does not exist for it.
    expect(
      (await t.asBooth(t.municipalityB.boothCredential, 'GET', `/v1/booth/sessions/${sessionId}/photos/${photoId}/image`)).status,
    ).toBe(404);
    // The booth may not fetch a candidate, only the approved photo.
    expect(
      (await t.asBooth(t.municipalityA.boothCredential, 'GET', `/v1/booth/sessions/${sessionId}/photos/${photoId}/image`)).status,
    ).toBe(404);
    expect(await count(t.ctx, "SELECT count(*) FROM personal_data_ledger WHERE item_id = ? AND action = 'viewed'", [photoId])).toBe(0);
    await t.ctx.sessions.endByOperator(await t.principal('op-a'), sessionId);
  }, 120_000);
});

describe('bad input: a clear 4xx, no file, no processing row', () => {
  let sessionId: string;
  beforeAll(async () => {
    sessionId = await activeSession();
  });

  const expectNothingLeft = async (before: string[]) => {
    expect(photoFiles().sort()).toEqual(before.sort());
    expect(await processingRows()).toBe(0);
  };

  it.each([
    ['a text file', async () => Buffer.from('this is not a photo, just text'), 'image/jpeg'],
    ['a truncated JPEG', async () => FACE.subarray(0, Math.floor(FACE.length / 2)), 'image/jpeg'],
    ['a CMYK JPEG', async () => sharp(FACE).toColourspace('cmyk').jpeg().toBuffer(), 'image/jpeg'],
    ['a PNG sent as JPEG', async () => sharp(FACE).png().toBuffer(), 'image/jpeg'],
    ['a PNG', async () => sharp(FACE).png().toBuffer(), 'image/png'],
    ['a HEIC type', async () => FACE, 'image/heic'],
    ['no content type', async () => FACE, ''],
    [
      '1×1 pixels',
      async () =>
        sharp({ create: { width: 1, height: 1, channels: 3, background: '#fff' } })
          .jpeg()
          .toBuffer(),
      'image/jpeg',
    ],
    ['a 30000×30000 bomb header', bombHeader, 'image/jpeg'],
    ['24 MP, over the pixel cap (a flat progressive JPEG of 140 KB)', () => flatProgressive(6000, 4000), 'image/jpeg'],
    ['20000×760, too long a side', () => flatProgressive(20000, 760), 'image/jpeg'],
  ])(
    '%s',
    async (_name, make, type) => {
      const before = photoFiles();
      const response = await upload(sessionId, await make(), type);
      expect(response.status, await response.clone().text()).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      expect([415, 422]).toContain(response.status);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      const problem = await problemOf(response);
      expect(problem.messages.ja.length).toBeGreaterThan(0);
      await expectNothingLeft(before);
      expect(await count(t.ctx, 'SELECT count(*) FROM photo WHERE session_id = ?', [sessionId])).toBe(0);
    },
    60_000,
  );

  it('a still beyond the camera limits: 422 from its header, naming the limit in ja and en', async () => {
    const before = photoFiles();
    for (const [input, code, ja, en] of [
      [
        await flatProgressive(8100, 6000),
        'photo_too_many_pixels',
        /8100×6000、上限 20 メガピクセル/,
        /8100×6000; the limit is 20 megapixels/,
      ],
      [
        await flatProgressive(20000, 760),
        'photo_side_too_long',
        /20000×760、1 辺の上限 6000 ピクセル/,
        /20000×760; the limit is 6000 px a side/,
      ],
    ] as const) {
      const response = await upload(sessionId, input);
      expect(response.status).toBe(422);
      const problem = await problemOf(response);
      expect(problem.code).toBe(code);
      expect(problem.messages.ja).toMatch(ja);
      expect(problem.messages.en).toMatch(en);
    }
    await expectNothingLeft(before);
    expect(t.ctx.photos.pipeline.budget?.running ?? 0).toBe(0);
  });

  it('an oversized body: 413 from its declared length, before it is read', async () => {
    const before = photoFiles();
    const size = t.ctx.env.PHOTO_MAX_BYTES + 1;
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        const chunk = new Uint8Array(Math.min(1_000_000, size - sent)).fill(0xff);
        sent += chunk.length;
        controller.enqueue(chunk);
        if (sent >= size) controller.close();
      },
    });
    const response = await t.api.request(`/v1/booth/sessions/${sessionId}/photos`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${t.municipalityA.boothCredential}`, 'Content-Type': 'image/jpeg', 'Content-Length': String(size) },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
    const problem = await problemOf(response);
    expect(problem.code).toBe('photo_too_large');
    expect(problem.messages.ja).toMatch(/大きすぎます/);
    // At most what the stream buffers ahead: the body itself was never read.
    expect(sent).toBeLessThanOrEqual(2_000_000);
    await expectNothingLeft(before);
  });

  it('an oversized stream without a length: 413 as soon as it passes the limit', async () => {
    let sent = 0;
    const chunk = new Uint8Array(1_000_000).fill(0xff);
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        // Far more than the limit is on offer; the server must stop reading well before the end.
        if (sent >= t.ctx.env.PHOTO_MAX_BYTES * 4) controller.close();
        else {
          sent += chunk.length;
          controller.enqueue(chunk);
        }
      },
    });
    const response = await t.api.request(`/v1/booth/sessions/${sessionId}/photos`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${t.municipalityA.boothCredential}`, 'Content-Type': 'image/jpeg' },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(sent).toBeLessThan(t.ctx.env.PHOTO_MAX_BYTES * 2);
  });

  it("another booth's session: 404, and for no one a session that is not a card-application call: 409", async () => {
    const before = photoFiles();
    expect((await upload(sessionId, FACE, 'image/jpeg', t.municipalityB.boothCredential)).status).toBe(404);
    expect((await upload(sessionId, FACE, 'image/jpeg', 'mdgb_' + 'A'.repeat(43))).status).toBe(401);
    const insurance = await activeSession({ procedure: 'health_insurance' });
    expect((await problemOf(await upload(insurance, FACE))).code).toBe('photo_not_allowed');
    const waiting = await activeSession({ operator: '' });
    expect((await upload(waiting, FACE)).status).toBe(409);
    await expectNothingLeft(before);
    expect(await count(t.ctx, 'SELECT count(*) FROM photo WHERE session_id IN (?, ?)', [insurance, waiting])).toBe(0);
  });

  it('a full processing queue: 503 photo_pipeline_busy with Retry-After, nothing kept', async () => {
    const sessionId = await activeSession();
    const pipeline = t.ctx.photos.pipeline;
    const real = pipeline.process;
    const { pipelineBusy } = await import('../../server/photos/pipeline.server');
    pipeline.process = () => Promise.reject(pipelineBusy());
    try {
      const response = await upload(sessionId, FACE);
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('5');
      expect((await problemOf(response)).code).toBe('photo_pipeline_busy');
    } finally {
      pipeline.process = real;
    }
    expect(await count(t.ctx, 'SELECT count(*) FROM photo WHERE session_id = ?', [sessionId])).toBe(0);
    await t.ctx.sessions.endByOperator(await t.principal('op-a'), sessionId);
  });

  it('a second upload while one is processing: 409 photo_busy; the first completes; the server answers meanwhile', async () => {
    const busySession = await activeSession();
    const before = photoFiles();
    let finished = 0;
    const first = upload(busySession, twelveMp).then((r) => {
      finished = performance.now();
      return r;
    });
    // Wait until the first is being processed.
    const deadline = Date.now() + 30_000;
    while ((await processingRows()) === 0) {
      expect(Date.now()).toBeLessThan(deadline);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    const started = performance.now();
    const health = await t.api.request('/health');
    const healthAt = performance.now();
    expect([200, 503]).toContain(health.status);
    const second = await upload(busySession, FACE);
    expect(second.status).toBe(409);
    expect((await problemOf(second)).code).toBe('photo_busy');
    const firstResponse = await first;
    expect(firstResponse.status, await firstResponse.clone().text()).toBe(201);
    // The health answer came while the 12-megapixel photo was still being processed.
    expect(finished).toBeGreaterThan(healthAt);
    expect(healthAt - started).toBeLessThan(1000);
    const { photoId } = PhotoCreated.parse(await firstResponse.json());
    expect(photoFiles().sort()).toEqual([...before, `${photoId}.photo`].sort());
    expect(await processingRows()).toBe(0);
  }, 120_000);
});

describe('the ledger export for town staff', () => {
  const day = new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10);
  const exportPath = (municipalityId: string, from = day, to = day) =>
    `/v1/ledger/export?municipalityId=${municipalityId}&from=${from}&to=${to}`;

  it('is CSV for Excel with the Japanese header, only for the towns the caller may read', async () => {
    const response = await asLogin('staff-a', 'GET', exportPath(t.municipalityA.municipalityId));
    expect(response.status, await response.clone().text()).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe('日時,操作,種別,対象ID,セッションID,実施者種別,実施者');
    const rows = lines.slice(1).map((l) => l.split(','));
    expect(rows.length).toBe(
      await count(t.ctx, 'SELECT count(*) FROM personal_data_ledger WHERE municipality_id = ?', [t.municipalityA.municipalityId]),
    );
    expect(new Set(rows.map((r) => r[1]))).toEqual(new Set(['作成', '閲覧', 'ダウンロード', '削除']));
    expect(rows.every((r) => r[2] === '顔写真')).toBe(true);
    expect(rows.find((r) => r[1] === 'ダウンロード')![6]).toContain('オペレーター A');
    expect(rows.find((r) => r[5] === 'システム')![6]).toMatch(/システム/);

    expect((await asLogin('staff-b', 'GET', exportPath(t.municipalityA.municipalityId))).status).toBe(404);
    expect((await asLogin('op-a', 'GET', exportPath(t.municipalityA.municipalityId))).status).toBe(403);
    expect((await asLogin('supervisor', 'GET', exportPath(t.municipalityA.municipalityId))).status).toBe(200);
    expect((await asLogin('staff-a', 'GET', exportPath(t.municipalityA.municipalityId, day, '2020-01-01'))).status).toBe(400);
    expect(
      (await asLogin('staff-a', 'GET', `/v1/ledger/export?municipalityId=${t.municipalityA.municipalityId}&from=yesterday&to=${day}`))
        .status,
    ).toBe(400);
    expect(
      (await asLogin('staff-a', 'GET', `/v1/ledger/export?municipalityId=${t.municipalityA.municipalityId}&from=2026-02-30&to=${day}`))
        .status,
    ).toBe(400);
    expect(await count(t.ctx, "SELECT count(*) FROM audit_log WHERE action = 'ledger.export'")).toBeGreaterThanOrEqual(2);
  });
});

describe('the staff ledger page', () => {
  it("lists the town's entries with a CSV link, and only the towns the account may read", async () => {
    const { loader } = await import('../../web/routes/staff.ledger');
    const load = async (login: string, query = '') =>
      loader({
        request: new Request(`http://127.0.0.1/staff/ledger${query}`, { headers: { Cookie: cookies[login]! } }),
        context: { app: t.ctx, clientAddress: '127.0.0.1' },
        params: {},
      } as never);
    const page = await load('staff-a');
    expect(page.municipalities.map((m) => m.id)).toEqual([t.municipalityA.municipalityId]);
    expect(page.entries.length).toBe(
      await count(t.ctx, 'SELECT count(*) FROM personal_data_ledger WHERE municipality_id = ?', [t.municipalityA.municipalityId]),
    );
    expect(new Set(page.entries.map((e) => e.action))).toEqual(new Set(['created', 'viewed', 'downloaded', 'deleted']));
    expect(page.csvUrl).toBe(
      `/api/v1/ledger/export?municipalityId=${t.municipalityA.municipalityId}&from=${page.filter.from}&to=${page.filter.to}`,
    );
    // Town B's staff cannot ask for town A: they get their own town.
    const other = await load('staff-b', `?municipalityId=${t.municipalityA.municipalityId}`);
    expect(other.filter.municipalityId).toBe(t.municipalityB.municipalityId);
    expect(other.entries).toEqual([]);
    await expect(load('op-a')).rejects.toMatchObject({ status: 403 });
  });
});

describe('the download', () => {
  it('the download is a POST: a GET (a link another site could make the browser follow) uses nothing up', async () => {
    const sessionId = await activeSession();
    const created = await uploaded(sessionId);
    await judgedPassing(created.photoId);
    expect((await asLogin('op-a', 'POST', consolePath(sessionId, `/${created.photoId}/approve`))).status).toBe(200);
    expect((await asLogin('op-a', 'GET', consolePath(sessionId, `/${created.photoId}/download`))).status).toBe(404);
    expect((await asLogin('op-a', 'POST', consolePath(sessionId, `/${created.photoId}/download`))).status).toBe(200);
  });
});

describe('admission by memory, through the real app: photos from two booths at once with a 64 MiB budget', () => {
  /** An app whose pipeline holds at most 64 MiB (one 12 MP still at a time) and lets a photo wait `waitMs`. */
  async function tinyBudgetApp(waitMs: number) {
    const app = await createTestApp({ PHOTO_MEMORY_BUDGET_MB: '64', PHOTO_QUEUE_WAIT_MS: String(waitMs) });
    await app.ctx.photos.pipeline.warmUp?.();
    const session = async (credential: string, operator: string) => {
      const response = await app.booth(credential).v1.booth.sessions.$post({ json: { procedure: 'new_application', language: 'ja' } });
      const { sessionId } = await bodyOf(response, 201);
      await app.ctx.sessions.answer(await app.principal(operator), sessionId);
      return { sessionId, credential };
    };
    const sessions = [await session(app.municipalityA.boothCredential, 'op-a'), await session(app.municipalityB.boothCredential, 'op-b')];
    const send = ({ sessionId, credential }: { sessionId: string; credential: string }) =>
      app.api.request(`/v1/booth/sessions/${sessionId}/photos`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${credential}`, 'Content-Type': 'image/jpeg' },
        body: new Uint8Array(twelveMp),
      });
    const files = () => readdirSync(path.join(app.dataDir, 'photos')).filter((f) => f.endsWith('.photo'));
    return { app, sessions, send, files };
  }

  it('the second waits for the first, then runs: both stored', async () => {
    const { app, sessions, send, files } = await tinyBudgetApp(60_000);
    try {
      const budget = app.ctx.photos.pipeline.budget!;
      let most = 0;
      let waited = 0;
      const watch = setInterval(() => {
        most = Math.max(most, budget.running);
        waited = Math.max(waited, budget.waiting);
      }, 1);
      const responses = await Promise.all(sessions.map(send)).finally(() => clearInterval(watch));
      expect(responses.map((r) => r.status)).toEqual([201, 201]);
      expect([most, waited]).toEqual([1, 1]);
      expect(files()).toHaveLength(2);
    } finally {
      await app.ctx.photos.stop();
      await app.close();
    }
  }, 120_000);

  it('with no time to wait, the second is refused: 503 photo_pipeline_busy with Retry-After in ja/en, nothing stored for it', async () => {
    const { app, sessions, send, files } = await tinyBudgetApp(0);
    try {
      const responses = await Promise.all(sessions.map(send));
      expect(responses.map((r) => r.status).sort()).toEqual([201, 503]);
      const refused = responses.find((r) => r.status === 503)!;
      expect(refused.headers.get('retry-after')).toBe('5');
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      const problem = await problemOf(refused);
      expect(problem.code).toBe('photo_pipeline_busy');
      expect(problem.messages.ja).toMatch(/混み合/);
      expect(problem.messages.en).toMatch(/busy/);
      // Only the accepted photo has a row and a file; the refused session has neither.
      const refusedSession = sessions[responses.indexOf(refused)]!.sessionId;
      expect(await count(app.ctx, 'SELECT count(*) FROM photo WHERE session_id = ?', [refusedSession])).toBe(0);
      expect(await count(app.ctx, 'SELECT count(*) FROM photo')).toBe(1);
      expect(files()).toHaveLength(1);
      // The refused booth sends again once there is room: accepted.
      const again = await send(sessions[responses.indexOf(refused)]!);
      expect(again.status, await again.clone().text()).toBe(201);
    } finally {
      await app.ctx.photos.stop();
      await app.close();
    }
  }, 120_000);
});
