import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Client, createClient, type InArgs, type InStatement, type ResultSet, type TransactionMode } from '@libsql/client';
import { drizzle, type LibSQLDatabase } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { dataDir, migrationsFolder } from './paths';
import * as schema from './schema';

/** The typed database; `$client` is the client it runs on (a file's wraps the connection: BusyResetClient). */
export type Db = LibSQLDatabase<typeof schema> & { $client: Client };

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
  /** How long a write waits for another connection's lock (SQLite busy_timeout), in ms. */
  busyTimeoutMs?: number;
  /**
   * A `file:` database's `PRAGMA synchronous` for this connection (decision 0039). `full` (the
   * default): every commit is on disk when it returns (WAL fsync per commit). `normal`: a commit
   * survives a crash of the process, not of the machine (the WAL is synced at checkpoints and by
   * the next `full` commit of any connection) — for telemetry that is rebuilt from the next beats.
   */
  synchronous?: 'full' | 'normal';
  /**
   * A `file:` connection checkpoints the WAL on its own commit once it holds this many pages
   * (SQLite's default 1,000). The app raises it and checkpoints on a worker (checkpointer.ts).
   */
  walAutoCheckpointPages?: number;
}

/**
 * Several app processes on one host share the file: a writer waits this long for another's lock
 * before failing (a group commit holds it for milliseconds).
 */
export const BUSY_TIMEOUT_MS = 5_000;

export function defaultDatabaseUrl(dir: string = dataDir()): string {
  return `file:${path.join(dir, 'madoguchi.db')}`;
}

function isFileUrl(url: string): boolean {
  return url.startsWith('file:');
}

/**
 * Opens the database. A `file:` URL gets its folder created and WAL journaling (readers do not
 * block the writer), and commits durable when they return unless `synchronous: 'normal'`; a remote
 * libSQL URL is used as it is (its server decides durability).
 */
export async function openDatabase(options: DatabaseOptions = {}): Promise<Database> {
  const url = options.url ?? defaultDatabaseUrl();
  if (isFileUrl(url)) {
    const file = url.startsWith('file://') ? fileURLToPath(url) : url.slice('file:'.length);
    restrictToOwner(path.resolve(file));
  }
  // timeout: milliseconds a connection waits on a locked file (busy_timeout), also for the fresh
  // connection @libsql/client opens after an interactive transaction.
  const timeout = options.busyTimeoutMs ?? BUSY_TIMEOUT_MS;
  const opened = createClient(options.authToken ? { url, authToken: options.authToken, timeout } : { url, timeout });
  let client: Client = opened;
  if (isFileUrl(url)) {
    // journal_mode is stored in the file itself; foreign_keys is per connection. Writes go through
    // one connection and batches (never interactive transactions, which @libsql/client runs on a
    // separate connection): a check-and-write is one 'write' batch (group-commit.ts writeAll).
    // synchronous is per connection too, and stated rather than left to the build's default.
    const perConnection = ['PRAGMA foreign_keys = ON', `PRAGMA synchronous = ${options.synchronous === 'normal' ? 'NORMAL' : 'FULL'}`];
    if (options.walAutoCheckpointPages !== undefined)
      perConnection.push(`PRAGMA wal_autocheckpoint = ${Math.max(0, Math.floor(options.walAutoCheckpointPages))}`);
    await opened.execute('PRAGMA journal_mode = WAL');
    for (const sql of perConnection) await opened.execute(sql);
    client = new BusyResetClient(opened, perConnection);
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

const isBusy = (error: unknown) => /^SQLITE_BUSY/.test(String((error as { code?: unknown } | null)?.code ?? ''));

/**
 * A file client that replaces its connection after a call fails with SQLITE_BUSY. @libsql/client
 * 0.17 (libsql 0.5) leaves the failed statement in progress (tursodatabase/libsql-client-ts#352):
 * until the garbage collector finalizes it, SQLite defers every later autocommit write on that
 * connection, so writes are acknowledged and never committed, and lost when the process ends.
 * Two app processes on one file lost most of a burst that way (booth-events.two-processes.test.ts).
 * Every statement runs synchronously inside these calls, so nothing else is on the connection
 * when it is replaced. Drop this when the upstream fix ships (libsql-js#238).
 */
class BusyResetClient implements Client {
  constructor(
    private readonly inner: Client,
    private readonly perConnection: readonly string[],
  ) {}

  get closed() {
    return this.inner.closed;
  }

  get protocol() {
    return this.inner.protocol;
  }

  execute(stmt: InStatement): Promise<ResultSet>;
  execute(sql: string, args?: InArgs): Promise<ResultSet>;
  execute(stmtOrSql: InStatement | string, args?: InArgs): Promise<ResultSet> {
    return this.guard(() => (typeof stmtOrSql === 'string' ? this.inner.execute(stmtOrSql, args) : this.inner.execute(stmtOrSql)));
  }

  batch(stmts: Array<InStatement | [string, InArgs?]>, mode?: TransactionMode): Promise<ResultSet[]> {
    return this.guard(() => this.inner.batch(stmts, mode));
  }

  migrate(stmts: InStatement[]): Promise<ResultSet[]> {
    return this.guard(() => this.inner.migrate(stmts));
  }

  executeMultiple(sql: string): Promise<void> {
    return this.guard(() => this.inner.executeMultiple(sql));
  }

  transaction(mode?: TransactionMode) {
    return this.inner.transaction(mode);
  }

  sync() {
    return this.inner.sync();
  }

  close() {
    this.inner.close();
  }

  async reconnect() {
    await this.inner.reconnect();
    for (const sql of this.perConnection) await this.inner.execute(sql);
  }

  private async guard<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (isBusy(error) && !this.inner.closed) await this.reconnect();
      throw error;
    }
  }
}
