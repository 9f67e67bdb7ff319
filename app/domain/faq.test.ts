import { describe, expect, it } from 'vitest';
import { approvalRefusal, currentRevision, type FaqRevisionLike, versionLabel, visibleRevisions } from './faq';

const approved = new Date('2026-04-01T00:00:00Z');
const rev = (over: Partial<FaqRevisionLike> = {}): FaqRevisionLike => ({
  entryId: 'e1',
  version: 1,
  municipalityId: null,
  procedure: null,
  effectiveOn: '2026-04-01',
  approvedAt: approved,
  retired: false,
  ...over,
});

describe('versionLabel', () => {
  it('names the first revision 初版 and later ones 改訂版 with their number', () => {
    expect(versionLabel(1).ja).toBe('初版');
    expect(versionLabel(2).ja).toBe('改訂版（第2版）');
    expect(versionLabel(7).en).toBe('Revised edition (v7)');
  });
});

describe('currentRevision', () => {
  it('is the newest approved revision in effect', () => {
    const list = [rev(), rev({ version: 2, effectiveOn: '2026-05-01' }), rev({ version: 3, approvedAt: null, effectiveOn: '2026-04-01' })];
    expect(currentRevision(list, '2026-04-30')?.version).toBe(1);
    expect(currentRevision(list, '2026-05-01')?.version).toBe(2);
  });
  it('skips drafts: an entry with only a draft shows nothing', () => {
    expect(currentRevision([rev({ approvedAt: null })], '2030-01-01')).toBeNull();
  });
  it('shows nothing before the first revision takes effect', () => {
    expect(currentRevision([rev({ effectiveOn: '2026-04-02' })], '2026-04-01')).toBeNull();
  });
  it('shows nothing for a retired entry', () => {
    expect(currentRevision([rev({ retired: true }), rev({ version: 2, retired: true })], '2027-01-01')).toBeNull();
  });
  it('does not depend on the order of the list', () => {
    const list = [rev({ version: 3 }), rev({ version: 1 }), rev({ version: 2 })];
    expect(currentRevision(list, '2026-06-01')?.version).toBe(3);
  });
});

describe('visibleRevisions', () => {
  const all = [
    rev({ entryId: 'shared' }),
    rev({ entryId: 'townA', municipalityId: 'A' }),
    rev({ entryId: 'townB', municipalityId: 'B' }),
    rev({ entryId: 'renewal', procedure: 'renewal' }),
    rev({ entryId: 'bank', procedure: 'bank_account', municipalityId: 'A' }),
    rev({ entryId: 'draft', approvedAt: null }),
  ];
  const ids = (list: FaqRevisionLike[]) => list.map((r) => r.entryId).sort();
  it('keeps shared entries and the town’s own, general ones and the procedure’s', () => {
    expect(ids(visibleRevisions(all, '2026-06-01', { municipalityId: 'A', procedure: 'renewal' }))).toEqual(['renewal', 'shared', 'townA']);
    expect(ids(visibleRevisions(all, '2026-06-01', { municipalityId: 'B' }))).toEqual(['renewal', 'shared', 'townB']);
  });
  it('without a filter shows every current entry, never a draft', () => {
    expect(ids(visibleRevisions(all, '2026-06-01'))).toEqual(['bank', 'renewal', 'shared', 'townA', 'townB']);
  });
});

describe('approvalRefusal', () => {
  it('needs a second person, an unapproved draft and a live entry', () => {
    expect(approvalRefusal({ createdBy: 'sv', approvedAt: null }, { retired: false }, 'admin')).toBeNull();
    expect(approvalRefusal({ createdBy: 'sv', approvedAt: null }, { retired: false }, 'sv')).toBe('own_draft');
    expect(approvalRefusal({ createdBy: 'sv', approvedAt: approved }, { retired: false }, 'admin')).toBe('already_approved');
    expect(approvalRefusal({ createdBy: 'sv', approvedAt: null }, { retired: true }, 'admin')).toBe('retired');
  });
});
