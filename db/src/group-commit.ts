import type { Client, InStatement, ResultSet } from '@libsql/client';

export interface GroupCommit {
  /** Resolves once the statement is committed (durable), with its own result. */
  write(statement: InStatement): Promise<ResultSet>;
}

interface Pending {
  statement: InStatement;
  resolve: (result: ResultSet) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: single-statement writes that arrive together (e.g. events from many booths) are
 * committed in one transaction — one fsync instead of one each — and every caller is answered
 * only after that commit, so each write is as durable as if it had been alone. One flush runs at
 * a time; what arrives meanwhile forms the next group. If a group fails, its statements are
 * retried one by one, so a bad statement fails only its own caller.
 */
export function createGroupCommit(client: Client, { maxGroup = 512 } = {}): GroupCommit {
  let queue: Pending[] = [];
  let flushing = false;

  async function flush() {
    while (queue.length > 0) {
      const group = queue.length <= maxGroup ? queue : queue.slice(0, maxGroup);
      queue = queue.length <= maxGroup ? [] : queue.slice(maxGroup);
      try {
        const results = await client.batch(
          group.map((p) => p.statement),
          'write',
        );
        group.forEach((p, i) => p.resolve(results[i]!));
      } catch {
        for (const p of group) {
          try {
            p.resolve(await client.execute(p.statement));
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

  return {
    write(statement) {
      return new Promise<ResultSet>((resolve, reject) => {
        queue.push({ statement, resolve, reject });
        schedule();
      });
    },
  };
}
