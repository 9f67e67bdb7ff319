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
    expect(await auth.authenticate(bearer(t.municipalityA.boothCredential))).toMatchObject({
      boothId: t.municipalityA.boothId,
      municipalityId: t.municipalityA.municipalityId,
    });
    expect(await auth.authenticate(bearer(t.municipalityB.boothCredential))).toMatchObject({ boothId: t.municipalityB.boothId });
  });

  it('rejects missing, malformed and unknown credentials', async () => {
    const auth = createBoothAuth(t.ctx.database.db);
    for (const header of [undefined, '', 'Basic abc', 'Bearer', `Bearer mdgb_${'x'.repeat(42)}`, `Bearer mdgb_${'x'.repeat(43)}`]) {
      expect(await auth.authenticate(header)).toBeNull();
    }
  });

  it('stops accepting a disabled booth once the cache period has passed', async () => {
    const auth = createBoothAuth(t.ctx.database.db, { cacheMs: 200 });
    expect(await auth.authenticate(bearer(t.municipalityB.boothCredential))).not.toBeNull();
    await t.ctx.database.client.execute({ sql: 'UPDATE booth SET enabled = 0 WHERE id = ?', args: [t.municipalityB.boothId] });
    try {
      await new Promise((r) => setTimeout(r, 250));
      expect(await auth.authenticate(bearer(t.municipalityB.boothCredential))).toBeNull();
    } finally {
      await t.ctx.database.client.execute({ sql: 'UPDATE booth SET enabled = 1 WHERE id = ?', args: [t.municipalityB.boothId] });
    }
  });

  it('stops accepting a revoked credential at once after forget()', async () => {
    const auth = createBoothAuth(t.ctx.database.db, { cacheMs: 60_000 });
    expect(await auth.authenticate(bearer(t.municipalityA.boothCredential))).not.toBeNull();
    await t.ctx.database.client.execute({ sql: 'UPDATE booth SET credential_hash = NULL WHERE id = ?', args: [t.municipalityA.boothId] });
    auth.forget();
    expect(await auth.authenticate(bearer(t.municipalityA.boothCredential))).toBeNull();
  });
});
