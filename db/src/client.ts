import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Client, createClient } from '@libsql/client';
import { drizzle, type LibSQLDatabase } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { dataDir, migrationsFolder } from './paths';
import * as schema from './schema';

export type Db = LibSQLDatabase<typeof schema>;

export interface Database {
  db: Db;
  client: Client;
  url: string;
  close(): void;
}

export interface DatabaseOptions {
  /** `file:/path/to.db`, `libsql://…`, `http(s)://…`. Defaults to a file in the data folder. */
  url?: string;
  authToken?: string;
}

export function defaultDatabaseUrl(dir: string = dataDir()): string {
  return `file:${path.join(dir, 'madoguchi.db')}`;
}

function isFileUrl(url: string): boolean {
  return url.startsWith('file:');
}

/**
 * Opens the database. A `file:` URL gets its folder created and WAL journaling (readers do not
 * block the writer; commits stay durable); a remote libSQL URL is used as it is.
 */
export async function openDatabase(options: DatabaseOptions = {}): Promise<Database> {
  const url = options.url ?? defaultDatabaseUrl();
  if (isFileUrl(url)) {
    const file = url.startsWith('file://') ? fileURLToPath(url) : url.slice('file:'.length);
    restrictToOwner(path.resolve(file));
  }
  // timeout: seconds a connection waits on a locked file (busy_timeout), also for the fresh
  // connection @libsql/client opens after an interactive transaction.
  const client = createClient(options.authToken ? { url, authToken: options.authToken, timeout: 5 } : { url, timeout: 5 });
  if (isFileUrl(url)) {
    // journal_mode is stored in the file itself. Writes go through one connection and batches
    // (never interactive transactions, which @libsql/client runs on a separate connection).
    await client.execute('PRAGMA journal_mode = WAL');
    await client.execute('PRAGMA foreign_keys = ON');
  }
  const db = drizzle(client, { schema });
  return { db, client, url, close: () => client.close() };
}

/**
 * The database file and its -wal/-shm companions are readable by this user alone (0600): they hold
 * password hashes and TOTP secrets. A new file is created empty with that mode before SQLite opens
 * it (SQLite gives -wal and -shm the mode of the database file); files an older version left
 * wider are tightened. A new folder is 0700; an existing one is left as it is (it may be shared).
 */
function restrictToOwner(file: string) {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  if (!existsSync(file)) {
    try {
      writeFileSync(file, '', { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  for (const f of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(f)) chmodSync(f, 0o600);
}

/** Applies pending migrations; already-applied ones are skipped, so it is safe at every start. */
export async function migrateDatabase(database: Database): Promise<void> {
  await migrate(database.db, { migrationsFolder });
}
