import type { Client, InStatement, ResultSet } from '@libsql/client';

export interface GroupCommit {
  /** Resolves once the statement is committed (durable), with its own result. */
  write(statement: InStatement): Promise<ResultSet>;
  /**
   * Several statements committed together or not at all, with their results in order: one unit
   * of the group, run back to back inside its write transaction (nothing else runs between them).
   * A check-and-write puts its condition into each statement (`… WHERE <condition>`), so the
   * condition is read under the write lock — no connection, in this process or another on the
   * same file, writes between the read and the write.
   */
  writeAll(statements: readonly InStatement[]): Promise<ResultSet[]>;
}

interface Pending {
  statements: readonly InStatement[];
  resolve: (results: ResultSet[]) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: writes that arrive together (e.g. events from many booths) are committed in one
 * transaction — one fsync instead of one each — and every caller is answered only after that
 * commit, so each write is as durable as if it had been alone. The transaction is one `batch` in
 * 'write' mode (BEGIN IMMEDIATE … COMMIT on the client's own connection, run synchronously), never
 * an interactive transaction (@libsql/client gives those a separate connection and replaces the
 * client's with a fresh one that lacks our per-connection PRAGMAs). One flush runs at a time; what
 * arrives meanwhile forms the next group. If a group fails, its units are retried one by one, so
 * a bad statement fails only its own caller.
 */
export function createGroupCommit(client: Client, { maxGroup = 512 } = {}): GroupCommit {
  let queue: Pending[] = [];
  let flushing = false;

  async function alone(p: Pending): Promise<ResultSet[]> {
    if (p.statements.length === 1) return [await client.execute(p.statements[0]!)];
    return client.batch([...p.statements], 'write');
  }

  async function flush() {
    while (queue.length > 0) {
      const group = queue.length <= maxGroup ? queue : queue.slice(0, maxGroup);
      queue = queue.length <= maxGroup ? [] : queue.slice(maxGroup);
      try {
        const results = await client.batch(
          group.flatMap((p) => p.statements),
          'write',
        );
        let at = 0;
        for (const p of group) {
          p.resolve(results.slice(at, at + p.statements.length));
          at += p.statements.length;
        }
      } catch {
        for (const p of group) {
          try {
            p.resolve(await alone(p));
          } catch (error) {
            p.reject(error);
          }
        }
      }
    }
  }

  function schedule() {
    if (flushing) return;
    flushing = true;
    // After this turn of the event loop, so that requests parsed together commit together.
    setImmediate(() => {
      void flush().finally(() => {
        flushing = false;
        if (queue.length > 0) schedule();
      });
    });
  }

  function writeAll(statements: readonly InStatement[]) {
    if (statements.length === 0) return Promise.resolve([]);
    return new Promise<ResultSet[]>((resolve, reject) => {
      queue.push({ statements, resolve, reject });
      schedule();
    });
  }

  return {
    write: async (statement) => (await writeAll([statement]))[0]!,
    writeAll,
  };
}

const perConnection = new WeakMap<Client, GroupCommit>();
/**
 * The one group commit of a connection: every service that writes through it (session events,
 * bookings, pop-up events) joins the same groups, so writes arriving together share one commit
 * whichever service they come from, and one flush runs at a time on the connection.
 */
export function groupCommitOf(client: Client): GroupCommit {
  let writes = perConnection.get(client);
  if (!writes) {
    writes = createGroupCommit(client);
    perConnection.set(client, writes);
  }
  return writes;
}
