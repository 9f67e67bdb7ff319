import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/**
 * The accessibility audit (issue 12, defect 8): axe-core on the page as it is now, every rule axe
 * runs by default (WCAG 2.0–2.2 A and AA, and its best practices). A finding that is serious or
 * critical fails; moderate and minor ones are listed by `report` but do not fail.
 */
export function createAudit() {
  const serious: string[] = [];
  const other: string[] = [];
  const audited: string[] = [];
  async function check(page: Page, name: string) {
    // axe.run in the page itself: no cross-origin frames here, so none of the blank page the
    // default mode opens for every audit (it doubled the time of an audit on this machine).
    const { violations } = await new AxeBuilder({ page }).setLegacyMode().analyze();
    audited.push(name);
    for (const v of violations) {
      const targets = v.nodes.slice(0, 4).map((n) => n.target.join(' '));
      const line = `${name}: ${v.id} (${v.impact}) ${v.help} — ${targets.join(' | ')}${v.nodes.length > 4 ? ` (+${v.nodes.length - 4} more)` : ''}`;
      (v.impact === 'serious' || v.impact === 'critical' ? serious : other).push(line);
    }
  }
  return {
    audited,
    check,
    /** Opens each of `paths` on `page` in turn and audits it once its <main> shows. */
    async checkPages(page: Page, paths: readonly string[]) {
      for (const path of paths) {
        await page.goto(path);
        await expect(page.locator('main').first()).toBeVisible();
        await check(page, path);
      }
    },
    /** Fails with every serious or critical finding of every page audited so far. */
    expectClean() {
      if (other.length > 0) console.log(`axe, moderate or minor (not failing):\n  ${other.join('\n  ')}`);
      expect(serious, `serious or critical accessibility violations on ${audited.length} pages`).toEqual([]);
    },
  };
}
