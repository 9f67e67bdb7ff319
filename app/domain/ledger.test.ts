import { describe, expect, it } from 'vitest';
import { csvCell } from './csv';
import { actorKindLabels, ledgerActionLabels, ledgerHeader } from './ledger';

describe('the ledger for people', () => {
  it('CSV cells: plain when safe, quoted when they hold a comma, quote or line break', () => {
    expect(csvCell('削除')).toBe('削除');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "x"')).toBe('"say ""x"""');
    expect(csvCell('two\r\nlines')).toBe('"two\r\nlines"');
  });

  it.each(['=1+1', '+81', '-2', '@SUM(A1)', '\tx'])('a cell starting like a formula (%j) is neutralised', (value) => {
    expect(csvCell(value).replace(/^"/, '').startsWith(`'`)).toBe(true);
  });


  it('the header and labels are Japanese, one for every code', () => {
    expect(ledgerHeader.join(',')).toBe('日時,操作,種別,対象ID,セッションID,実施者種別,実施者');
    expect(Object.values(ledgerActionLabels)).toEqual(['作成', '閲覧', 'ダウンロード', '削除']);
    expect(actorKindLabels.system).toBe('システム');
  });
});
