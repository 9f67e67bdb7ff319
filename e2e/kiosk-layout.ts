import { expect, type Locator, type Page } from '@playwright/test';
import sharp from 'sharp';

/** The two kiosk screens Madoguchi's booths stand on. */
export const orientations = {
  portrait: { width: 1080, height: 1920 },
  landscape: { width: 1920, height: 1080 },
} as const;
export type Orientation = keyof typeof orientations;

/** The booth's languages, by the `lang` of their buttons on the language screen. */
export const boothLanguages = ['ja', 'en', 'zh-Hans', 'ko', 'vi', 'pt'] as const;

/**
 * The screen fits without scrolling: the page is no taller or wider than the viewport, and every
 * key element (named) lies wholly inside it. Soft, so one run lists every screen that does not
 * fit; each check prints its figures and leaves a screenshot in test-results/layout/.
 */
export async function expectFits(page: Page, label: string, keys: Record<string, Locator> = {}) {
  const viewport = page.viewportSize()!;
  await page.evaluate(() => document.fonts.ready);
  const page_ = await page.evaluate(() => ({
    height: document.scrollingElement!.scrollHeight,
    width: document.scrollingElement!.scrollWidth,
  }));
  const outside: string[] = [];
  for (const [name, key] of Object.entries(keys)) {
    const box = await key.boundingBox();
    if (!box || box.y < 0 || box.x < 0 || box.y + box.height > viewport.height + 0.5 || box.x + box.width > viewport.width + 0.5) {
      outside.push(box ? `${name} (${Math.round(box.y)}–${Math.round(box.y + box.height)})` : `${name} (not shown)`);
    }
  }
  console.log(
    `layout ${label}: ${page_.width}×${page_.height} in ${viewport.width}×${viewport.height}${outside.length ? `; outside: ${outside.join(', ')}` : ''}`,
  );
  await page.screenshot({ path: `test-results/layout/${label.replace(/[^\w-]+/g, '-')}.png` });
  expect.soft(page_.height, `${label}: page height`).toBeLessThanOrEqual(viewport.height);
  expect.soft(page_.width, `${label}: page width`).toBeLessThanOrEqual(viewport.width);
  expect.soft(outside, `${label}: key elements outside the screen`).toEqual([]);
}

/**
 * The widest blank between the kanji of a ruby's base text, in pixels (measured on a screenshot:
 * Chromium counts the space it puts between them as part of the glyphs). Set solid, only the
 * glyphs' own side bearings show; furigana that pushed them apart leave a blank of their width.
 */
export async function kanjiGap(page: Page, ruby: Locator): Promise<number> {
  const base = (await ruby.boundingBox())!;
  const reading = (await ruby.locator('rt').boundingBox())!;
  const top = reading.y + reading.height;
  // The base's own box, one pixel in: the neighbouring characters' anti-aliased edges touch it.
  const clip = { x: base.x + 1, y: top, width: base.width - 2, height: base.y + base.height - top };
  const { data, info } = await sharp(await page.screenshot({ clip }))
    .greyscale()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const inked = Array.from({ length: info.width }, (_, x) => {
    for (let y = 0; y < info.height; y++) if (data[y * info.width + x]! < 128) return true;
    return false;
  });
  let widest = 0;
  let run = 0;
  for (let x = inked.indexOf(true); x >= 0 && x <= inked.lastIndexOf(true); x++) {
    run = inked[x] ? 0 : run + 1;
    widest = Math.max(widest, run);
  }
  return widest;
}
