/**
 * Photo storage and the photo service on a real libSQL file, with real encryption on disk and the
 * real pipeline: sealed files, tampering, the key, the session-end hook, and the sweep's crash
 * recovery (including a restart on the same data folder).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { schema } from '@madoguchi/db';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDate } from '../../domain/japan-time';
import { passingChecks } from '../../test/photo/fixtures';
import { count, createTestApp, type TestApp } from '../../test/test-context';
import type { BoothPrincipal } from '../booths/booth-auth.server';
import { createPhotoStore, decryptPhoto, encryptPhoto, photoKeyFrom } from './store.server';

const FACE = readFileSync(path.resolve('node_modules/@vladmandic/face-api/demo/sample2.jpg'));
const JPEG_MAGIC = Buffer.from([0xff, 0xd8, 0xff]);

/** sample2 fails some checks; these tests are about the photo's life, so its stored checks pass. */
async function uploadPassing(t: TestApp, booth: BoothPrincipal, sessionId: string) {
  const created = await t.ctx.photos.upload(booth, sessionId, FACE);
  await t.ctx.database.client.execute({
    sql: 'UPDATE photo SET checks = ? WHERE id = ?',
    args: [JSON.stringify(passingChecks()), created.photoId],
  });
  return created;
}

describe('the photo store', () => {
  let dir: string;
  let jpeg: Buffer;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'madoguchi-photo-store-'));
    jpeg = await sharp(FACE).resize(480, 617).jpeg().toBuffer();
  });

  it('seals each photo: no JPEG on disk, a fresh IV each time, readable only with the key and its own id', async () => {
    const key = randomBytes(32);
    const store = createPhotoStore(dir, key);
    const id = randomUUID();
    await store.put(id, jpeg);
    const file = readFileSync(store.pathOf(id));
    // No JPEG: not its start, not any run of it (3 random bytes match FF D8 FF in ~1 % of files).
    expect(file.subarray(0, 3).equals(JPEG_MAGIC)).toBe(false);
    expect(file.includes(jpeg.subarray(0, 32))).toBe(false);
    expect(file.includes(jpeg.subarray(100, 132))).toBe(false);
    expect(statSync(store.pathOf(id)).mode & 0o777).toBe(0o600);
    expect((await store.get(id)).equals(jpeg)).toBe(true);
    // Same photo sealed twice: different bytes (random IV).
    expect(encryptPhoto(key, id, jpeg).equals(encryptPhoto(key, id, jpeg))).toBe(false);

    expect(() => decryptPhoto(randomBytes(32), id, file)).toThrow();
    // The photo id is authenticated: a file moved under another photo's name does not open.
    expect(() => decryptPhoto(key, randomUUID(), file)).toThrow();
    expect(readdirSync(store.dir).filter((n) => n.includes('.tmp-'))).toEqual([]);
  });

  it.each([
    ['the ciphertext', (f: Buffer) => f.length - 10],
    ['the tag', () => 4 + 12 + 3],
    ['the IV', () => 4 + 2],
  ])('tampering with %s makes reading fail', async (_part, at) => {
    const key = randomBytes(32);
    const store = createPhotoStore(dir, key);
    const id = randomUUID();
    await store.put(id, jpeg);
    const file = readFileSync(store.pathOf(id));
    const offset = at(file);
    file[offset] = file[offset]! ^ 0x01;
    writeFileSync(store.pathOf(id), file);
    await expect(store.get(id)).rejects.toThrow();
  });

  it('a failed write leaves no file behind, neither partial nor temporary', async () => {
    const store = createPhotoStore(dir, randomBytes(32));
    const id = randomUUID();
    // The rename cannot replace a directory: the write fails at its last step.
    mkdirSync(store.pathOf(id));
    await expect(store.put(id, jpeg)).rejects.toThrow();
    expect(readdirSync(store.dir).filter((n) => n.startsWith(id) && n !== `${id}.photo`)).toEqual([]);
  });

  it('refuses ids that are not photo ids (no paths)', () => {
    const store = createPhotoStore(dir, randomBytes(32));
    expect(() => store.pathOf('../session-secret')).toThrow();
  });

  it('the key: PHOTO_KEY when set, otherwise one 0600 key file generated once and reused', async () => {
    const data = await mkdtemp(path.join(tmpdir(), 'madoguchi-photo-key-'));
    const fromEnv = randomBytes(32);
    expect(photoKeyFrom(fromEnv.toString('base64'), data).equals(fromEnv)).toBe(true);
    expect(existsSync(path.join(data, 'photo-key'))).toBe(false);
    const generated = photoKeyFrom(undefined, data);
    expect(generated.length).toBe(32);
    expect(statSync(path.join(data, 'photo-key')).mode & 0o777).toBe(0o600);
    expect(photoKeyFrom(undefined, data).equals(generated)).toBe(true);
  });

  it('refuses to start with an existing key file that group or others can access', async () => {
    const data = await mkdtemp(path.join(tmpdir(), 'madoguchi-photo-key-'));
    const file = path.join(data, 'photo-key');
    writeFileSync(file, randomBytes(32).toString('base64'));
    for (const mode of [0o644, 0o640, 0o604, 0o660, 0o602]) {
      chmodSync(file, mode);
      expect(() => photoKeyFrom(undefined, data)).toThrow(/accessible to group or others.*chmod 600/);
    }
    chmodSync(file, 0o600);
    expect(photoKeyFrom(undefined, data).length).toBe(32);
    // PHOTO_KEY set: the file is not used at all.
    chmodSync(file, 0o644);
    expect(photoKeyFrom(randomBytes(32).toString('base64'), data).length).toBe(32);
  });

  it('a missing file is the 404 photo_not_found Problem, not an internal error', async () => {
    const store = createPhotoStore(dir, randomBytes(32));
    await expect(store.get(randomUUID())).rejects.toMatchObject({ status: 404, code: 'photo_not_found' });
  });
});

describe('the photo service', () => {
  let t: TestApp;
  let booth: BoothPrincipal;
  beforeAll(async () => {
    t = await createTestApp({ PHOTO_GRACE_MS: '60000' });
    booth = { kind: 'booth', boothId: t.municipalityA.boothId, boothName: 'A', municipalityId: t.municipalityA.municipalityId };
  }, 60_000);
  afterAll(async () => {
    await t.ctx.photos.stop();
    await t.close();
  });

  const files = () => readdirSync(t.ctx.photos.store.dir);
  const ledgerOf = async (photoId: string) =>
    (
      await t.ctx.database.client.execute({
        sql: 'SELECT action, actor_kind FROM personal_data_ledger WHERE item_id = ? ORDER BY id',
        args: [photoId],
      })
    ).rows.map((r) => `${r.action}:${r.actor_kind}`);

  async function call() {
    const { sessionId } = await t.openCall();
    await t.ctx.sessions.answer(await t.principal('op-a'), sessionId);
    return sessionId;
  }

  it('processes a real face into a sealed candidate with its checks, and the booth ending the call schedules the deletion', async () => {
    const sessionId = await call();
    const created = await t.ctx.photos.upload(booth, sessionId, FACE);
    expect(created.attempt).toBe(1);
    const row = (await t.ctx.database.db.query.photo.findFirst({ where: (p, { eq }) => eq(p.id, created.photoId) }))!;
    expect(row.status).toBe('candidate');
    expect(row.checks!.length).toBeGreaterThan(0);
    expect(row.deleteAfter).toBeNull();
    const plain = await t.ctx.photos.store.get(created.photoId);
    const meta = await sharp(plain).metadata();
    expect([meta.format, meta.width, meta.height, meta.space]).toEqual(['jpeg', row.width, row.height, 'srgb']);
    // Sealed: the file holds no run of the JPEG (its magic alone turns up in ~1 % of ciphertexts).
    expect(readFileSync(t.ctx.photos.store.pathOf(created.photoId)).includes(plain.subarray(0, 32))).toBe(false);

    const before = Date.now();
    await t.ctx.sessions.endByBooth(booth, sessionId);
    const after = (await t.ctx.database.db.query.photo.findFirst({ where: (p, { eq }) => eq(p.id, created.photoId) }))!;
    expect(after.deleteAfter!.getTime()).toBeGreaterThanOrEqual(before + 60_000);
    expect(after.deleteAfter!.getTime()).toBeLessThanOrEqual(Date.now() + 60_000);
    // Within the grace the sweep keeps it (for the operator's upload).
    await t.ctx.photos.sweep();
    expect(files()).toContain(`${created.photoId}.photo`);
    expect(await ledgerOf(created.photoId)).toEqual(['created:booth']);
  }, 60_000);

  it('a call closed by LiveKit (room_finished) schedules the deletion too', async () => {
    const sessionId = await call();
    const { photoId } = await t.ctx.photos.upload(booth, sessionId, FACE);
    const { roomName } = (await t.ctx.database.db.query.session.findFirst({ where: (x, { eq }) => eq(x.id, sessionId) }))!;
    await t.ctx.sessions.recordLiveKitEvent({
      id: `EV_${randomUUID()}`,
      event: 'room_finished',
      room: { name: roomName },
      createdAt: BigInt(Math.floor(Date.now() / 1000)),
    } as never);
    const row = (await t.ctx.database.db.query.photo.findFirst({ where: (p, { eq }) => eq(p.id, photoId) }))!;
    expect(row.deleteAfter).not.toBeNull();
    expect(Math.abs(row.deleteAfter!.getTime() - (Date.now() + 60_000))).toBeLessThan(5_000);
  }, 60_000);

  it('a call that ended without the hook (a crash) is found through the session and swept after its grace', async () => {
    const sessionId = await call();
    const { photoId } = await t.ctx.photos.upload(booth, sessionId, FACE);
    // As if the process died: the session is ended in the database only, long ago.
    await t.ctx.database.client.execute({
      sql: "UPDATE session SET status = 'ended', ended_at = ? WHERE id = ?",
      args: [Date.now() - 61_000, sessionId],
    });
    const swept = await t.ctx.photos.sweep();
    expect(swept.deleted).toBe(1);
    expect(files()).not.toContain(`${photoId}.photo`);
    expect(await ledgerOf(photoId)).toEqual(['created:booth', 'deleted:system']);
    const row = (await t.ctx.database.db.query.photo.findFirst({ where: (p, { eq }) => eq(p.id, photoId) }))!;
    expect(row.status).toBe('deleted');
    expect(row.deletedAt).not.toBeNull();
  }, 60_000);

  it('a result that arrives after the call ended is not kept', async () => {
    const sessionId = await call();
    const pending = t.ctx.photos.upload(booth, sessionId, FACE);
    pending.catch(() => undefined);
    while ((await count(t.ctx, "SELECT count(*) FROM photo WHERE session_id = ? AND status = 'processing'", [sessionId])) === 0) {
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    await t.ctx.sessions.endByOperator(await t.principal('op-a'), sessionId);
    await expect(pending).rejects.toMatchObject({ code: 'photo_not_allowed' });
    expect(await count(t.ctx, 'SELECT count(*) FROM photo WHERE session_id = ?', [sessionId])).toBe(0);
  }, 60_000);

  it('on restart, the sweep removes what a crash left: stuck processing rows, files without a row, temporary files', async () => {
    const sessionId = await call();
    const store = t.ctx.photos.store;
    const insert = (id: string, status: 'processing' | 'candidate') =>
      t.ctx.database.db.insert(schema.photo).values({
        id,
        sessionId,
        boothId: t.municipalityA.boothId,
        municipalityId: t.municipalityA.municipalityId,
        attempt: 1,
        status,
        createdAt: new Date(),
      });
    const processingWithFile = randomUUID();
    const processingWithout = randomUUID();
    const orphan = randomUUID();
    const kept = randomUUID();
    await insert(processingWithFile, 'processing');
    await store.put(processingWithFile, FACE);
    await insert(processingWithout, 'processing');
    await store.put(orphan, FACE);
    await insert(kept, 'candidate');
    await store.put(kept, FACE);
    writeFileSync(path.join(store.dir, `${randomUUID()}.photo.tmp-abc`), 'partial');

    // The periodic sweep leaves fresh processing rows alone (they may be in the pipeline now).
    await t.ctx.photos.sweep();
    expect(files()).toContain(`${processingWithFile}.photo`);
    expect(files().some((n) => n.includes('.tmp-'))).toBe(true);
    expect(files()).not.toContain(`${orphan}.photo`);

    // A second process on the same data folder and database: its start is the crash recovery.
    const restarted = await t.restart();
    expect(files()).toContain(`${kept}.photo`);
    expect(files()).not.toContain(`${processingWithFile}.photo`);
    expect(files()).not.toContain(`${orphan}.photo`);
    expect(files().some((n) => n.includes('.tmp-'))).toBe(false);
    expect(await count(t.ctx, "SELECT count(*) FROM photo WHERE status = 'processing'")).toBe(0);
    expect(await count(t.ctx, 'SELECT count(*) FROM photo WHERE id = ?', [processingWithout])).toBe(0);
    expect(await ledgerOf(processingWithFile)).toEqual(['deleted:system']);
    // The same key file: the restarted process still reads the kept photo.
    expect((await restarted.photos.store.get(kept)).equals(FACE)).toBe(true);
  }, 60_000);

  const photoRow = async (id: string) => (await t.ctx.database.db.query.photo.findFirst({ where: (p, { eq }) => eq(p.id, id) }))!;

  const auditOf = async (requestId: string) =>
    (
      await t.ctx.database.client.execute({
        sql: 'SELECT action, detail FROM audit_log WHERE request_id = ? ORDER BY id',
        args: [requestId],
      })
    ).rows.map((r) => ({
      action: String(r.action),
      detail: JSON.parse(String(r.detail)) as Record<string, unknown>,
    }));

  const csvOf = async (pieces: AsyncIterable<string>) => {
    let text = '';
    for await (const piece of pieces) text += piece;
    return text;
  };

  it('the ledger export streams every entry of the period, oldest first, each once, across batches and same-millisecond ties', async () => {
    const staff = await t.principal('staff-a');
    const day = localDate(new Date());
    const q = { municipalityId: t.municipalityA.municipalityId, from: day, to: day };
    // Five entries in one millisecond: the batches must neither repeat nor skip any of them.
    const at = Date.now();
    for (let i = 0; i < 5; i++) {
      await t.ctx.database.client.execute({
        sql: "INSERT INTO personal_data_ledger (at, actor_kind, actor_id, action, data_kind, item_id, session_id, municipality_id) VALUES (?, 'system', NULL, 'deleted', 'face_photo', ?, NULL, ?)",
        args: [at, `tie-${i}`, t.municipalityA.municipalityId],
      });
    }
    try {
      const entries = await count(t.ctx, 'SELECT count(*) FROM personal_data_ledger WHERE municipality_id = ?', [
        t.municipalityA.municipalityId,
      ]);
      const whole = await csvOf(await t.ctx.ledger.csv(staff, q, 'req-whole'));
      const lines = whole.slice(1).trimEnd().split('\r\n');
      expect(lines.length).toBe(entries + 1);
      expect(whole.startsWith('\uFEFF日時,操作,種別,対象ID,セッションID,実施者種別,実施者\r\n')).toBe(true);
      const times = lines.slice(1).map((l) => l.split(',')[0]!);
      expect([...times].sort()).toEqual(times);
      // Batches of two: the same file, piece by piece (header + one piece per batch).
      const pieces: string[] = [];
      for await (const piece of await t.ctx.ledger.csv(staff, q, undefined, 2)) pieces.push(piece);
      expect(pieces.join('')).toBe(whole);
      expect(pieces.length).toBe(1 + Math.ceil(entries / 2));
      expect(lines.filter((l) => l.includes(',tie-')).map((l) => l.split(',')[3])).toEqual(['tie-0', 'tie-1', 'tie-2', 'tie-3', 'tie-4']);
      // Its start and its finished end are audited, with the rows written.
      expect(await auditOf('req-whole')).toEqual([
        { action: 'ledger.export', detail: { from: day, to: day } },
        { action: 'ledger.export_ended', detail: { from: day, to: day, rows: entries, finished: true } },
      ]);
      // The file is the ledger as it stood at the start: an entry written meanwhile is left out.
      const during = (await t.ctx.ledger.csv(staff, q, undefined, 2))[Symbol.asyncIterator]();
      let text = String((await during.next()).value);
      await t.ctx.database.client.execute({
        sql: "INSERT INTO personal_data_ledger (at, actor_kind, actor_id, action, data_kind, item_id, session_id, municipality_id) VALUES (?, 'system', NULL, 'deleted', 'face_photo', 'tie-late', NULL, ?)",
        args: [Date.now(), t.municipalityA.municipalityId],
      });
      for (let piece = await during.next(); !piece.done; piece = await during.next()) text += piece.value;
      expect(text).toBe(whole);
      // Refusals come before the first piece (the route still answers them with a 4xx).
      await expect(t.ctx.ledger.csv(staff, { ...q, to: '2020-01-01' })).rejects.toMatchObject({ status: 400, code: 'invalid_period' });
      await expect(t.ctx.ledger.csv(await t.principal('staff-b'), q)).rejects.toMatchObject({ status: 404 });
    } finally {
      await t.ctx.database.client.execute({
        sql: "DELETE FROM personal_data_ledger WHERE item_id LIKE 'tie-%' AND municipality_id = ?",
        args: [t.municipalityA.municipalityId],
      });
    }
  });

  it('a ledger read that fails midway errors the export stream instead of ending it like a complete file', async () => {
    const staff = await t.principal('staff-a');
    const day = localDate(new Date());
    const q = { municipalityId: t.municipalityA.municipalityId, from: day, to: day };
    for (const item of ['broken-0', 'broken-1']) {
      await t.ctx.database.client.execute({
        sql: "INSERT INTO personal_data_ledger (at, actor_kind, actor_id, action, data_kind, item_id, session_id, municipality_id) VALUES (?, 'system', NULL, 'deleted', 'face_photo', ?, NULL, ?)",
        args: [Date.now(), item, t.municipalityA.municipalityId],
      });
    }
    try {
      const pieces = (await t.ctx.ledger.csv(staff, q, 'req-broken', 1))[Symbol.asyncIterator]();
      expect((await pieces.next()).value).toMatch(/^\uFEFF日時/);
      expect((await pieces.next()).done).toBe(false);
      await t.ctx.database.client.execute('ALTER TABLE personal_data_ledger RENAME TO personal_data_ledger_away');
      try {
        await expect(pieces.next()).rejects.toThrow();
      } finally {
        await t.ctx.database.client.execute('ALTER TABLE personal_data_ledger_away RENAME TO personal_data_ledger');
      }
      expect((await auditOf('req-broken')).at(-1)).toEqual({
        action: 'ledger.export_ended',
        detail: { from: day, to: day, rows: 1, finished: false },
      });
      // A client that goes away after the header: not finished either.
      const cancelled = (await t.ctx.ledger.csv(staff, q, 'req-cancelled', 1))[Symbol.asyncIterator]();
      await cancelled.next();
      await cancelled.return!(undefined);
      expect((await auditOf('req-cancelled')).at(-1)).toEqual({
        action: 'ledger.export_ended',
        detail: { from: day, to: day, rows: 0, finished: false },
      });
    } finally {
      await t.ctx.database.client.execute({
        sql: "DELETE FROM personal_data_ledger WHERE item_id LIKE 'broken-%' AND municipality_id = ?",
        args: [t.municipalityA.municipalityId],
      });
    }
  });

  it('download once: after the download the console image is 410 too; the claim and its ledger entry are one transaction', async () => {
    const sessionId = await call();
    const op = await t.principal('op-a');
    const { photoId } = await uploadPassing(t, booth, sessionId);
    await t.ctx.photos.approve(op, sessionId, photoId);
    expect((await t.ctx.photos.operatorImage(op, sessionId, photoId)).length).toBeGreaterThan(0);
    // The ledger refuses the entry: the claim must not stay either.
    await t.ctx.database.client.execute(
      "CREATE TRIGGER test_no_download_entry BEFORE INSERT ON personal_data_ledger WHEN NEW.action = 'downloaded' BEGIN SELECT RAISE(ABORT, 'ledger unavailable'); END",
    );
    try {
      await expect(t.ctx.photos.download(op, sessionId, photoId)).rejects.toThrow();
    } finally {
      await t.ctx.database.client.execute('DROP TRIGGER test_no_download_entry');
    }
    expect((await photoRow(photoId)).downloadedAt).toBeNull();
    const { jpeg } = await t.ctx.photos.download(op, sessionId, photoId);
    expect(jpeg.length).toBeGreaterThan(0);
    expect(await ledgerOf(photoId)).toEqual(['created:booth', 'viewed:operator', 'downloaded:operator']);
    await expect(t.ctx.photos.operatorImage(op, sessionId, photoId)).rejects.toMatchObject({
      status: 410,
      code: 'photo_already_downloaded',
    });
    await expect(t.ctx.photos.download(op, sessionId, photoId)).rejects.toMatchObject({ status: 410 });
    expect(await ledgerOf(photoId)).toEqual(['created:booth', 'viewed:operator', 'downloaded:operator']);
    await t.ctx.sessions.endByOperator(op, sessionId);
  }, 60_000);

  it('one approved photo per session: approving another while one is approved is 409, and two approves at once leave exactly one', async () => {
    const op = await t.principal('op-a');
    const sessionId = await call();
    const first = await uploadPassing(t, booth, sessionId);
    await t.ctx.photos.approve(op, sessionId, first.photoId);
    const second = await uploadPassing(t, booth, sessionId);
    await expect(t.ctx.photos.approve(op, sessionId, second.photoId)).rejects.toMatchObject({ status: 409 });
    expect((await photoRow(first.photoId)).status).toBe('approved');
    expect(files()).toContain(`${first.photoId}.photo`);
    await t.ctx.sessions.endByOperator(op, sessionId);

    const racing = await call();
    const a = await uploadPassing(t, booth, racing);
    const b = await uploadPassing(t, booth, racing);
    const results = await Promise.allSettled([t.ctx.photos.approve(op, racing, a.photoId), t.ctx.photos.approve(op, racing, b.photoId)]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(
      await count(t.ctx, "SELECT count(*) FROM photo WHERE session_id = ? AND status = 'approved' AND deleted_at IS NULL", [racing]),
    ).toBe(1);
    await t.ctx.sessions.endByOperator(op, racing);
  }, 60_000);

  it('an upload is refused before its body is read while a photo of the session is processing', async () => {
    const sessionId = await call();
    await t.ctx.photos.checkUpload(booth, sessionId);
    const id = randomUUID();
    await t.ctx.database.db.insert(schema.photo).values({
      id,
      sessionId,
      boothId: t.municipalityA.boothId,
      municipalityId: t.municipalityA.municipalityId,
      attempt: 1,
      status: 'processing',
      createdAt: new Date(),
    });
    await expect(t.ctx.photos.checkUpload(booth, sessionId)).rejects.toMatchObject({ status: 409, code: 'photo_busy' });
    await t.ctx.database.client.execute({ sql: 'DELETE FROM photo WHERE id = ?', args: [id] });
    await t.ctx.sessions.endByOperator(await t.principal('op-a'), sessionId);
  }, 60_000);

  it('a photo older than PHOTO_MAX_AGE_MS is deleted by the sweep even though its session never ended', async () => {
    const sessionId = await call();
    const { photoId } = await t.ctx.photos.upload(booth, sessionId, FACE);
    await t.ctx.photos.sweep();
    expect(files()).toContain(`${photoId}.photo`);
    // Created just over the default cap (4 h) ago; the call is still active.
    await t.ctx.database.client.execute({
      sql: 'UPDATE photo SET created_at = ? WHERE id = ?',
      args: [Date.now() - 4 * 3_600_000 - 1000, photoId],
    });
    const swept = await t.ctx.photos.sweep();
    expect(swept.deleted).toBe(1);
    expect(files()).not.toContain(`${photoId}.photo`);
    expect((await photoRow(photoId)).status).toBe('deleted');
    expect(await ledgerOf(photoId)).toEqual(['created:booth', 'deleted:system']);
    expect((await t.ctx.database.db.query.session.findFirst({ where: (x, { eq }) => eq(x.id, sessionId) }))!.status).toBe('active');
    await t.ctx.sessions.endByOperator(await t.principal('op-a'), sessionId);
  }, 60_000);

  it('a live photo whose file is gone: 404 for the console, and the sweep records it as deleted', async () => {
    const op = await t.principal('op-a');
    const sessionId = await call();
    const { photoId } = await t.ctx.photos.upload(booth, sessionId, FACE);
    rmSync(t.ctx.photos.store.pathOf(photoId));
    await expect(t.ctx.photos.operatorImage(op, sessionId, photoId)).rejects.toMatchObject({ status: 404, code: 'photo_not_found' });
    const response = await t.api.request(`/v1/console/sessions/${sessionId}/photos/${photoId}/image`, {
      headers: { Cookie: await t.cookieFor('op-a') },
    });
    expect(response.status).toBe(404);
    // A processing row has no file yet: the sweep leaves it alone.
    const processing = randomUUID();
    await t.ctx.database.db.insert(schema.photo).values({
      id: processing,
      sessionId,
      boothId: t.municipalityA.boothId,
      municipalityId: t.municipalityA.municipalityId,
      attempt: 9,
      status: 'processing',
      createdAt: new Date(),
    });
    const swept = await t.ctx.photos.sweep();
    expect(swept.lost).toBe(1);
    expect((await photoRow(photoId)).status).toBe('deleted');
    expect(await ledgerOf(photoId)).toEqual(['created:booth', 'deleted:system']);
    expect((await photoRow(processing)).status).toBe('processing');
    await t.ctx.database.client.execute({ sql: 'DELETE FROM photo WHERE id = ?', args: [processing] });
    await t.ctx.sessions.endByOperator(op, sessionId);
  }, 60_000);
});
