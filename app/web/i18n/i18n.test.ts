import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatDateTime, formatDuration, formatNumber, formatStamp, formatTime } from './format';
import { createI18n, type Translate, uiLanguages } from './i18n';
import { keepLanguage, languageOf, messages, translatorFor } from './language.server';

type Tree = { [key: string]: string | Tree };

function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    if (typeof v === 'string') out.set(prefix + k, v);
    else for (const [kk, vv] of leaves(v, `${prefix}${k}.`)) out.set(kk, vv);
  }
  return out;
}

const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
const keysOf = (language: (typeof uiLanguages)[number]) => leaves(messages[language] as unknown as Tree);

const webDir = fileURLToPath(new URL('..', import.meta.url));
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

describe('staff and console texts', () => {
  it('has every key in Japanese and English, none empty, with the same placeholders', () => {
    const ja = keysOf('ja');
    const en = keysOf('en');
    const missingInEn = [...ja.keys()].filter((k) => !en.has(k));
    const missingInJa = [...en.keys()].filter((k) => !ja.has(k));
    expect({ missingInEn, missingInJa }).toEqual({ missingInEn: [], missingInJa: [] });
    for (const language of uiLanguages) {
      for (const [key, text] of keysOf(language)) {
        expect(text.trim(), `${language} ${key}`).not.toBe('');
        expect(placeholders(text), `${language} ${key}`).toEqual(placeholders(ja.get(key)!));
      }
    }
  });

  it('has a text for every t(…) key written in app/web', () => {
    const known = keysOf('ja');
    const missing: string[] = [];
    let seen = 0;
    for (const file of sources(webDir)) {
      const text = readFileSync(file, 'utf8');
      // Literal keys: t('a.b'), t("a.b"), and keys handed over as data ('a.b' as a MessageKey-typed value
      // is checked by the compiler); template keys (t(`a.${x}`)) are checked by their prefix.
      for (const m of text.matchAll(/\bt\(\s*'([\w.-]+)'/g)) {
        seen++;
        if (!known.has(m[1]!)) missing.push(`${relative(webDir, file)}: ${m[1]}`);
      }
      for (const m of text.matchAll(/\bt\(\s*`([\w.-]+)\.\$\{/g)) {
        seen++;
        const prefix = `${m[1]}.`;
        if (![...known.keys()].some((k) => k.startsWith(prefix))) missing.push(`${relative(webDir, file)}: ${m[1]}.*`);
      }
    }
    expect(seen).toBeGreaterThan(100);
    expect(missing).toEqual([]);
  });

  it('no screen writes "日本語 / English" inline any more in the converted files', () => {
    const converted = [
      'root.tsx',
      'components/account-bar.tsx',
      'components/route-error.tsx',
      'routes/console._index.tsx',
      'routes/console.overview.tsx',
      'routes/console.records.tsx',
      'routes/console.sessions.$sessionId.tsx',
      'routes/staff.tsx',
      'routes/staff._index.tsx',
      'routes/staff.booths._index.tsx',
      'routes/staff.booths.$boothId.tsx',
      'routes/staff.reports.tsx',
      'routes/staff.incidents.tsx',
      'routes/staff.inquiries.tsx',
      'routes/staff.ledger.tsx',
      'routes/staff_.reports.print.tsx',
      'routes/admin._index.tsx',
      'routes/admin.incidents.tsx',
      'components/admin-layout.tsx',
      'components/booth-health-labels.ts',
      'components/call-status.tsx',
      'components/console-labels.ts',
      'components/dashboard-charts.client.tsx',
      'components/faq-panel.tsx',
      'components/incident-table.tsx',
      'components/incidents-data.server.ts',
      'components/operator-call.client.tsx',
      'components/outage-banner.tsx',
      'components/photo-approval.tsx',
      'components/photo-panel.client.tsx',
      'components/report-view.tsx',
      'utils/permissions.server.ts',
      'routes/admin.accounts._index.tsx',
      'routes/admin.booths._index.tsx',
      'routes/admin.booths.$id.tsx',
      'routes/admin.faq._index.tsx',
      'routes/admin.faq.$entryId.tsx',
      'routes/admin.municipalities._index.tsx',
      'routes/admin.municipalities.$id.server.ts',
      'components/account-forms.ts',
      'components/admin-account-fields.tsx',
      'components/admin-calendar-form.tsx',
      'components/admin-credential.tsx',
      'components/admin-eligibility.tsx',
      'components/admin-localized-text.tsx',
      'components/faq-fields.tsx',
      'components/faq-forms.ts',
      'components/forms.tsx',
      'components/route-data.server.tsx',
      'routes/admin.accounts.$id.tsx',
      'routes/admin.municipalities.$id.tsx',
      'routes/login.tsx',
      'routes/login.totp.tsx',
      'routes/account.security.tsx',
    ];
    const bilingual = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー）」] \/ [A-Za-z]/u;
    for (const file of converted) expect(readFileSync(join(webDir, file), 'utf8'), file).not.toMatch(bilingual);
  });

  it('translates with one instance per language, values filled in', () => {
    const ja = createI18n('ja', messages.ja).t as unknown as Translate;
    const en = createI18n('en', messages.en).t as unknown as Translate;
    expect(ja('operatorStatus.available')).toBe('受付可');
    expect(en('operatorStatus.available')).toBe('Available');
    expect(ja('overview.counts', { onCall: 2, offline: 1 })).toContain('通話中 2 名');
    expect(en('health.outageTitle', { count: 3 })).toBe('Booths offline during opening hours (3)');
  });
});

describe('formatting for the chosen language, in Japan time', () => {
  // 2026-12-03T13:10:05Z = Thursday 3 December 2026, 22:10:05 in Tokyo
  const at = '2026-12-03T13:10:05.000Z';
  it('writes dates, times and numbers in Japanese or English', () => {
    expect(formatDateTime(at, 'ja')).toBe('2026/12/03 22:10');
    expect(formatDateTime(at, 'ja', 'second')).toBe('2026/12/03 22:10:05');
    expect(formatDateTime(at, 'en')).toMatch(/12\/03\/2026, 10:10\sPM/);
    expect(formatStamp(at, 'ja')).toBe('2026/12/03(木) 22:10');
    expect(formatStamp(at, 'en')).toMatch(/Thu, 12\/03\/2026, 22:10/);
    expect(formatTime(at, 'ja')).toBe('22:10');
    expect(formatTime(at, 'en')).toMatch(/10:10\sPM/);
    expect(formatNumber(1234567, 'ja')).toBe('1,234,567');
    expect(formatNumber(1234.5, 'en')).toBe('1,234.5');
  });

  it('writes durations with the language’s units', () => {
    const ja = createI18n('ja', messages.ja).t as unknown as Translate;
    const en = createI18n('en', messages.en).t as unknown as Translate;
    expect(formatDuration(45, ja)).toBe('45 秒');
    expect(formatDuration(725, ja)).toBe('12 分 5 秒');
    expect(formatDuration(3780, en)).toBe('1 h 3 min');
    expect(formatDuration(-3, en)).toBe('0 s');
  });
});

describe('the language a request speaks', () => {
  const request = (cookie?: string) => new Request('http://madoguchi.test/console', cookie ? { headers: { Cookie: cookie } } : {});
  it('is Japanese without a choice, and the kept choice otherwise', async () => {
    expect(await languageOf(request())).toBe('ja');
    const setCookie = await keepLanguage('en', true);
    expect(setCookie).toMatch(/^madoguchi_lang=/);
    for (const part of ['Max-Age=31536000', 'Path=/', 'HttpOnly', 'Secure', 'SameSite=Lax']) expect(setCookie).toContain(part);
    expect(await languageOf(request(setCookie.split(';')[0]))).toBe('en');
  });

  it("gives loaders the request's words from one translator per language, not one per call", async () => {
    const english = request((await keepLanguage('en', false)).split(';')[0]);
    const [a, b, c] = await Promise.all([translatorFor(english), translatorFor(english), translatorFor(request())]);
    expect([a.language, c.language]).toEqual(['en', 'ja']);
    expect(a.t('common.municipality')).toBe(messages.en.common.municipality);
    expect(c.t('common.municipality')).toBe(messages.ja.common.municipality);
    expect(b.t).toBe(a.t);
    expect(c.t).not.toBe(a.t);
  });

  it('reads anything else as Japanese', async () => {
    expect(await languageOf(request('madoguchi_lang=fr'))).toBe('ja');
    expect(await languageOf(request('madoguchi_lang=%22zz%22'))).toBe('ja');
  });
});
