import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/test-context';
import { createBoothAuth } from './booth-auth.server';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const bearer = (credential: string) => `Bearer ${credential}`;

describe('createBoothAuth', () => {
  it('resolves a credential to its own booth and municipality', async () => {
    const auth = createBoothAuth(t.ctx.database.db);
    expect(await auth.authenticate(bearer(t.townA.boothCredential))).toMatchObject({
      boothId: t.townA.boothId,
      municipalityId: t.townA.municipalityId,
    });
    expect(await auth.authenticate(bearer(t.townB.boothCredential))).toMatchObject({ boothId: t.townB.boothId });
  });

  it('rejects missing, malformed and unknown credentials', async () => {
    const auth = createBoothAuth(t.ctx.database.db);
    for (const header of [undefined, '', 'Basic abc', 'Bearer', `Bearer mdgb_${'x'.repeat(42)}`, `Bearer mdgb_${'x'.repeat(43)}`]) {
      expect(await auth.authenticate(header)).toBeNull();
    }
  });

  it('stops accepting a disabled booth once the cache period has passed', async () => {
    const auth = createBoothAuth(t.ctx.database.db, { cacheMs: 200 });
    expect(await auth.authenticate(bearer(t.townB.boothCredential))).not.toBeNull();
    await t.ctx.database.client.execute({ sql: 'UPDATE booth SET enabled = 0 WHERE id = ?', args: [t.townB.boothId] });
    try {
      await new Promise((r) => setTimeout(r, 250));
      expect(await auth.authenticate(bearer(t.townB.boothCredential))).toBeNull();
    } finally {
      await t.ctx.database.client.execute({ sql: 'UPDATE booth SET enabled = 1 WHERE id = ?', args: [t.townB.boothId] });
    }
  });

  it('stops accepting a revoked credential at once after forget()', async () => {
    const auth = createBoothAuth(t.ctx.database.db, { cacheMs: 60_000 });
    expect(await auth.authenticate(bearer(t.townA.boothCredential))).not.toBeNull();
    await t.ctx.database.client.execute({ sql: 'UPDATE booth SET credential_hash = NULL WHERE id = ?', args: [t.townA.boothId] });
    auth.forget();
    expect(await auth.authenticate(bearer(t.townA.boothCredential))).toBeNull();
  });
});
