import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createTestApp } from './test-context';

describe('createTestApp', () => {
  // A restarted app left running kept checkpointing the WAL into the folder being removed: the
  // removal failed (ENOTEMPTY) when a file came back between its unlinks and its rmdir.
  it('close() closes the apps the test restarted, then removes the data folder', async () => {
    const t = await createTestApp();
    const restarted = await t.restart({ OFFER_TIMEOUT_MS: '3000' });
    expect(restarted.database.client.closed).toBe(false);
    await t.close();
    expect(restarted.database.client.closed).toBe(true);
    expect(t.ctx.database.client.closed).toBe(true);
    expect(existsSync(t.dataDir)).toBe(false);
  });

  it('otherNode() is a node with its own data folder on the same database, closed and removed with the test', async () => {
    const t = await createTestApp();
    const node = await t.otherNode({ NODE_ID: 'node-b' });
    expect(node.env.MADOGUCHI_DATA_DIR).not.toBe(t.dataDir);
    expect(existsSync(node.env.MADOGUCHI_DATA_DIR)).toBe(true);
    expect(node.database.url).toBe(t.ctx.database.url);
    const dir = node.env.MADOGUCHI_DATA_DIR;
    await t.close();
    expect(node.database.client.closed).toBe(true);
    expect(existsSync(dir)).toBe(false);
  });
});
