/**
 * Face photos at rest: one AES-256-GCM file per photo under <dataDir>/photos/. Each file has its
 * own random 96-bit IV, the GCM tag, and the photo id as additional authenticated data, so a file
 * cannot be swapped for another photo's or altered without decryption failing. Files are written
 * to a temporary name and renamed, so a crash never leaves a partial photo under its real name.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { open, readdir, readFile, rename, rm, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { type Db, schema } from '@madoguchi/db';
import { eq } from 'drizzle-orm';
import { aesKeyFromEnvOrFile } from '../platform/secrets';
import { photoProblems } from './problems';

/** File layout: MAGIC (4) | IV (12) | TAG (16) | ciphertext. */
const MAGIC = Buffer.from('MDP1', 'ascii');
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER = MAGIC.length + IV_BYTES + TAG_BYTES;
const SUFFIX = '.photo';
const TEMP_MARK = '.tmp-';
/** Photo ids are UUIDs: nothing else may become a file name (no path tricks). */
const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The key: PHOTO_KEY (base64, 32 bytes), or a key generated once into a 0600 file in the data folder. */
export function photoKeyFrom(envKey: string | undefined, dataDir: string): Buffer {
  return aesKeyFromEnvOrFile(envKey, dataDir, 'photo-key', 'PHOTO_KEY', 'photo key');
}

export function encryptPhoto(key: Buffer, photoId: string, plain: Buffer): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(photoId, 'utf8'));
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([MAGIC, iv, cipher.getAuthTag(), body]);
}

/** Throws if the file was altered, belongs to another photo id, or was sealed with another key. */
export function decryptPhoto(key: Buffer, photoId: string, sealed: Buffer): Buffer {
  if (sealed.length < HEADER || !sealed.subarray(0, MAGIC.length).equals(MAGIC)) throw new Error('not a sealed photo');
  const iv = sealed.subarray(MAGIC.length, MAGIC.length + IV_BYTES);
  const tag = sealed.subarray(MAGIC.length + IV_BYTES, HEADER);
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(Buffer.from(photoId, 'utf8'));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(sealed.subarray(HEADER)), decipher.final()]);
}

export interface PhotoStore {
  readonly dir: string;
  /** Path of a photo's sealed file (for tests and the sweep). */
  pathOf(photoId: string): string;
  put(photoId: string, jpeg: Buffer): Promise<void>;
  /** The plain JPEG; a missing file is the 404 photo_not_found Problem, a tampered one an Error. */
  get(photoId: string): Promise<Buffer>;
  has(photoId: string): Promise<boolean>;
  /** Removes the file; true if there was one. */
  remove(photoId: string): Promise<boolean>;
  /** Ids of the sealed files present, and leftover temporary files with their age. */
  list(): Promise<{ ids: string[]; temps: { name: string; ageMs: number }[] }>;
  removeTemp(name: string): Promise<void>;
}

export function createPhotoStore(dataDir: string, key: Buffer): PhotoStore {
  const dir = path.join(dataDir, 'photos');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const pathOf = (photoId: string) => {
    if (!ID.test(photoId)) throw new Error('invalid photo id');
    return path.join(dir, `${photoId}${SUFFIX}`);
  };

  return {
    dir,
    pathOf,
    async put(photoId, jpeg) {
      const target = pathOf(photoId);
      const temp = `${target}${TEMP_MARK}${randomBytes(6).toString('hex')}`;
      const sealed = encryptPhoto(key, photoId, jpeg);
      try {
        const handle = await open(temp, 'wx', 0o600);
        try {
          await handle.writeFile(sealed);
          await handle.sync();
        } finally {
          await handle.close();
        }
        await rename(temp, target);
      } catch (error) {
        await rm(temp, { force: true });
        throw error;
      }
    },
    async get(photoId) {
      let sealed: Buffer;
      try {
        sealed = await readFile(pathOf(photoId));
      } catch (error) {
        // A live row whose file is gone (the sweep will close it): the photo is not there, not a 500.
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw photoProblems.notFound();
        throw error;
      }
      return decryptPhoto(key, photoId, sealed);
    },
    async has(photoId) {
      try {
        await stat(pathOf(photoId));
        return true;
      } catch {
        return false;
      }
    },
    async remove(photoId) {
      // Unlink only: overwriting in place gives no guarantee on journaling file systems or SSDs,
      // and without the key the ciphertext left in free blocks is unreadable anyway.
      try {
        await unlink(pathOf(photoId));
        return true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
        throw error;
      }
    },
    async list() {
      const names = await readdir(dir);
      const ids: string[] = [];
      const temps: { name: string; ageMs: number }[] = [];
      const now = Date.now();
      for (const name of names) {
        if (name.includes(TEMP_MARK)) {
          const info = await stat(path.join(dir, name)).catch(() => null);
          if (info) temps.push({ name, ageMs: now - info.mtimeMs });
        } else if (name.endsWith(SUFFIX) && ID.test(name.slice(0, -SUFFIX.length))) {
          ids.push(name.slice(0, -SUFFIX.length));
        } else {
          // Anything else in the photo folder is not ours to keep either.
          temps.push({ name, ageMs: Number.POSITIVE_INFINITY });
        }
      }
      return { ids, temps };
    },
    async removeTemp(name) {
      if (name.includes('/') || name.includes('..')) return;
      await rm(path.join(dir, name), { force: true }).catch(() => undefined);
    },
  };
}

/**
 * The same sealed photos in the database (table photo_sealed), for app nodes that share no disk
 * (PHOTO_STORE=database; issue 15, decision 0029): a photo taken through one node is read
 * through another. Same sealing (AES-GCM, the id as additional data), so a row moved to another
 * photo's id, altered, or sealed with another key does not decrypt. No temporary files.
 */
export function createDatabasePhotoStore(db: Db, key: Buffer): PhotoStore {
  const { photoSealed } = schema;
  const checked = (photoId: string) => {
    if (!ID.test(photoId)) throw new Error('invalid photo id');
    return photoId;
  };
  return {
    dir: '(database: photo_sealed)',
    pathOf: (photoId) => `photo_sealed:${checked(photoId)}`,
    async put(photoId, jpeg) {
      const sealed = encryptPhoto(key, checked(photoId), jpeg);
      await db
        .insert(photoSealed)
        .values({ photoId, sealed, storedAt: new Date() })
        .onConflictDoUpdate({ target: photoSealed.photoId, set: { sealed, storedAt: new Date() } });
    },
    async get(photoId) {
      const row = await db.query.photoSealed.findFirst({ where: eq(photoSealed.photoId, checked(photoId)) });
      if (!row) throw photoProblems.notFound();
      return decryptPhoto(key, photoId, Buffer.from(row.sealed));
    },
    async has(photoId) {
      const row = await db.query.photoSealed.findFirst({ columns: { photoId: true }, where: eq(photoSealed.photoId, checked(photoId)) });
      return row !== undefined;
    },
    async remove(photoId) {
      const removed = await db
        .delete(photoSealed)
        .where(eq(photoSealed.photoId, checked(photoId)))
        .returning({ photoId: photoSealed.photoId });
      return removed.length > 0;
    },
    async list() {
      const rows = await db.select({ photoId: photoSealed.photoId }).from(photoSealed);
      return { ids: rows.map((r) => r.photoId), temps: [] };
    },
    async removeTemp() {},
  };
}
