import { describe, expect, it } from 'vitest';
import { actorKindLabels, ledgerActionLabels, ledgerHeader } from './ledger';

describe('the ledger for people', () => {
  it('the header and labels are Japanese, one for every code', () => {
    expect(ledgerHeader.join(',')).toBe('日時,操作,種別,対象ID,セッションID,実施者種別,実施者');
    expect(Object.values(ledgerActionLabels)).toEqual(['作成', '閲覧', 'ダウンロード', '削除']);
    expect(actorKindLabels.system).toBe('システム');
  });
});
