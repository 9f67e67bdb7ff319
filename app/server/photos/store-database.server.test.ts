/**
 * Face photos in the database (PHOTO_STORE=database; issue 15, decision 0029): sealed as on disk,
 * and across two app nodes on one database — taken through A, approved and downloaded once
 * through B, refused a second time on either, deleted by either node's sweep.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { passingChecks } from '../../test/photo/fixtures';
import { createTestApp, type TestApp } from '../../test/test-context';
import type { BoothPrincipal } from '../booths/booth-auth.server';
import type { AppContext } from '../platform/context';
import { createDatabasePhotoStore } from './store.server';

const FACE = readFileSync(path.resolve('node_modules/@vladmandic/face-api/demo/sample2.jpg'));
const JPEG_MAGIC = Buffer.from([0xff, 0xd8, 0xff]);
const PHOTO_KEY = randomBytes(32).toString('base64');

let a: TestApp;
let b: AppContext;
beforeAll(async () => {
  a = await createTestApp({ PHOTO_STORE: 'database', PHOTO_KEY, PHOTO_GRACE_MS: '60000' });
  // A second node: its own data folder, the same database and photo key.
  b = await a.otherNode();
}, 60_000);
afterAll(async () => {
  await a?.close();
});

describe('the database photo store', () => {
  it('seals each photo as the file store does: no JPEG in the row, readable only with the key and under its own id', async () => {
    const store = a.ctx.photos.store;
    const jpeg = await sharp(FACE).resize(480, 617).jpeg().toBuffer();
    const id = '0b7f1f4e-8e43-4d7a-9b0e-1e2f3a4b5c6d';
    await store.put(id, jpeg);
    const row = (await a.ctx.database.db.query.photoSealed.findFirst({ where: (p, { eq }) => eq(p.photoId, id) }))!;
    expect(Buffer.from(row.sealed).includes(jpeg.subarray(0, 32))).toBe(false);
    expect((await store.get(id)).equals(jpeg)).toBe(true);
    expect(await store.has(id)).toBe(true);
    // Another key, or the row under another photo's id: no photo.
    await expect(createDatabasePhotoStore(a.ctx.database.db, randomBytes(32)).get(id)).rejects.toThrow();
    const other = '1b7f1f4e-8e43-4d7a-9b0e-1e2f3a4b5c6d';
    await a.ctx.database.client.execute({
      sql: 'INSERT INTO photo_sealed (photo_id, sealed, stored_at) VALUES (?, ?, ?)',
      args: [other, row.sealed, 0],
    });
    await expect(store.get(other)).rejects.toThrow();
    expect((await store.list()).ids.sort()).toEqual([id, other].sort());
    expect(await store.remove(id)).toBe(true);
    expect(await store.remove(id)).toBe(false);
    await store.remove(other);
    await expect(store.get(id)).rejects.toMatchObject({ status: 404 });
    expect(() => store.pathOf('../session-secret')).toThrow();
  });

  it('a photo taken through node A is approved and downloaded once through node B; a second download is refused on both', async () => {
    const booth: BoothPrincipal = {
      kind: 'booth',
      boothId: a.municipalityA.boothId,
      boothName: 'A',
      municipalityId: a.municipalityA.municipalityId,
    };
    const { sessionId } = await a.openCall();
    const op = await a.principal('op-a');
    await a.ctx.sessions.answer(op, sessionId);
    const { photoId } = await a.ctx.photos.upload(booth, sessionId, FACE);
    // sample2 fails some checks; this test is about where the photo lives.
    await a.ctx.database.client.execute({
      sql: 'UPDATE photo SET checks = ? WHERE id = ?',
      args: [JSON.stringify(passingChecks()), photoId],
    });

    expect((await b.photos.operatorImage(op, sessionId, photoId)).length).toBeGreaterThan(0);
    await b.photos.approve(op, sessionId, photoId);
    const { jpeg } = await b.photos.download(op, sessionId, photoId);
    expect(jpeg.subarray(0, 3).equals(JPEG_MAGIC)).toBe(true);
    await expect(b.photos.download(op, sessionId, photoId)).rejects.toMatchObject({ status: 410 });
    await expect(a.ctx.photos.download(op, sessionId, photoId)).rejects.toMatchObject({ status: 410 });

    // Once the session is over and its grace has passed, either node's sweep deletes it.
    await a.ctx.sessions.endByOperator(op, sessionId);
    await a.ctx.database.client.execute({ sql: 'UPDATE photo SET delete_after = ? WHERE id = ?', args: [Date.now() - 1, photoId] });
    await b.photos.sweep();
    expect(await a.ctx.photos.store.has(photoId)).toBe(false);
    const ledger = await a.ctx.database.client.execute({
      sql: 'SELECT action FROM personal_data_ledger WHERE item_id = ? ORDER BY id',
      args: [photoId],
    });
    expect(ledger.rows.map((r) => r.action)).toEqual(['created', 'viewed', 'downloaded', 'deleted']);
  }, 60_000);
});
