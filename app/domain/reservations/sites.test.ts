import { describe, expect, it } from 'vitest';
import { SITE_KEY_PATTERN, siteKeyOf, sitesOf } from './sites';

const booth = (id: string, location: string, enabled = true) => ({ id, name: `booth ${id}`, location, enabled });

describe('sites', () => {
  it('groups enabled booths by location; an empty location is a site of its own; disabled booths are left out', () => {
    const sites = sitesOf([
      booth('1', '本庁舎 1階'),
      booth('2', ' 本庁舎　1階 '),
      booth('3', ''),
      booth('4', ''),
      booth('5', '支所', false),
    ]);
    expect(sites.map((s) => [s.name, s.booths.map((b) => b.id)])).toEqual([
      ['booth 3', ['3']],
      ['booth 4', ['4']],
      ['本庁舎 1階', ['1', '2']],
    ]);
    for (const site of sites) expect(site.key).toMatch(SITE_KEY_PATTERN);
  });

  it('has stable keys: the same location gives the same key, another location another one', () => {
    expect(siteKeyOf(booth('1', '本庁舎'))).toBe(siteKeyOf(booth('9', '本庁舎')));
    expect(siteKeyOf(booth('1', '本庁舎'))).not.toBe(siteKeyOf(booth('1', '支所')));
    expect(siteKeyOf(booth('1', ''))).not.toBe(siteKeyOf(booth('2', '')));
  });
});
