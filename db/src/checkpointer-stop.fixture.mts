/**
 * A process that starts checkpointers checkpointing without pause and stops each while it works,
 * then says "stopped". Run in a child process by checkpointer.test.ts: terminating a worker inside
 * libSQL's native code aborts the whole process (a neon panic, "PendingException").
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startCheckpointer } from './checkpointer';
import { openDatabase } from './client';

const url = `file:${path.join(mkdtempSync(path.join(tmpdir(), 'mdgckpt-stop-')), 'stop.db')}`;
const database = await openDatabase({ url });
await database.client.execute('CREATE TABLE IF NOT EXISTS t (x)');
for (let i = 0; i < 60; i++) {
  let working!: () => void;
  const checkpointing = new Promise<void>((resolve) => {
    working = resolve;
  });
  const checkpointer = startCheckpointer(url, { everyMs: 0, onResult: () => working() });
  await checkpointing;
  await new Promise((resolve) => setTimeout(resolve, i % 5));
  await checkpointer.stop();
}
database.client.close();
process.stdout.write('stopped\n');
