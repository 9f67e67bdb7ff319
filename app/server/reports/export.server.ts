/**
 * The report as an XLSX workbook (exceljs, one sheet per table) and as an A4 PDF (pdf-lib with a
 * subset of the IPA Gothic font from Debian's fonts-ipafont-gothic). Both are drawn from
 * reportTables(), like the page and the CSV.
 */
import { existsSync, readFileSync } from 'node:fs';
import fontkit from '@pdf-lib/fontkit';
import ExcelJS from 'exceljs';
import { PDFDocument, type PDFFont, type PDFPage, rgb } from 'pdf-lib';
import { type Cell, type Lang, periodTitles, type Report, reportTables } from '../../domain/reports/report';
import { Problem } from '../platform/problems';

export async function reportXlsx(report: Report, l: Lang): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Madoguchi';
  workbook.created = new Date(report.generatedAt);
  for (const table of reportTables(report, l)) {
    const sheet = workbook.addWorksheet(table.key);
    sheet.addRow([table.title]).font = { bold: true, size: 13 };
    const header = sheet.addRow(table.columns);
    header.font = { bold: true };
    header.eachCell((c) => {
      c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };
      c.border = { bottom: { style: 'thin' } };
    });
    for (const row of table.rows) sheet.addRow(row.map((v) => (v === null ? '' : v)));
    if (table.notes?.length) {
      sheet.addRow([]);
      for (const n of table.notes) sheet.addRow([`※ ${n}`]);
    }
    sheet.columns.forEach((col, i) => {
      const longest = Math.max(
        ...[table.columns[i] ?? '', ...table.rows.map((r) => String(r[i] ?? ''))].map((s) =>
          [...s].reduce((w, ch) => w + (ch.charCodeAt(0) > 0xff ? 2 : 1), 0),
        ),
      );
      col.width = Math.min(60, Math.max(8, longest + 2));
      if (col.width === 60) col.alignment = { wrapText: true, vertical: 'top' };
    });
    sheet.views = [{ state: 'frozen', ySplit: 2 }];
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

// ---------------------------------------------------------------------------------------------
// PDF

const FONT_CANDIDATES = [
  process.env.MADOGUCHI_REPORT_FONT,
  '/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf',
  '/usr/share/fonts/truetype/fonts-japanese-gothic.ttf',
].filter((p): p is string => Boolean(p));

let fontBytes: Buffer | undefined;
function japaneseFont(): Buffer {
  if (fontBytes) return fontBytes;
  const file = FONT_CANDIDATES.find((p) => existsSync(p));
  if (!file) {
    throw new Problem(503, 'report_font_missing', {
      ja: 'PDF 用の日本語フォントがありません。サーバーに fonts-ipafont-gothic をインストールしてください（scripts/setup.sh）。',
      en: 'No Japanese font for the PDF. Install fonts-ipafont-gothic on the server (scripts/setup.sh).',
    });
  }
  fontBytes = readFileSync(file);
  return fontBytes;
}

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 40;
const SIZE = 8.5;
const LINE = SIZE * 1.45;

/** Splits text into lines no wider than `width` (character by character: Japanese has no spaces). */
function wrap(font: PDFFont, text: string, size: number, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split(/\r?\n/)) {
    let line = '';
    for (const ch of paragraph) {
      if (font.widthOfTextAtSize(line + ch, size) > width && line) {
        lines.push(line);
        line = ch;
      } else line += ch;
    }
    lines.push(line);
  }
  return lines;
}

const cellText = (v: Cell) => (v === null ? '–' : typeof v === 'number' ? v.toLocaleString('ja-JP') : v);

export async function reportPdf(report: Report, l: Lang): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(fontkit);
  const font = await pdf.embedFont(japaneseFont(), { subset: true });
  pdf.setTitle(`${periodTitles[report.period][l]} ${report.municipality.name} ${report.periodKey}`);
  pdf.setCreator('Madoguchi');
  const width = A4[0] - 2 * MARGIN;
  let page: PDFPage = pdf.addPage(A4);
  let y = A4[1] - MARGIN;
  const newPage = () => {
    page = pdf.addPage(A4);
    y = A4[1] - MARGIN;
  };
  const need = (h: number) => {
    if (y - h < MARGIN) newPage();
  };
  const text = (s: string, x: number, size = SIZE, color = rgb(0, 0, 0)) => page.drawText(s, { x, y: y - size, size, font, color });

  text(`${periodTitles[report.period][l]} ${l === 'ja' ? '' : '/ '}${report.municipality.name} ${report.periodKey}`, MARGIN, 15);
  y -= 24;

  for (const table of reportTables(report, l)) {
    need(LINE * 4);
    y -= 6;
    text(table.title, MARGIN, 11);
    y -= 16;
    // Column widths: the first (labels) and long free-text columns get more room.
    const n = table.columns.length;
    const weights = table.columns.map((_, i) => {
      const longest = Math.max(
        font.widthOfTextAtSize(table.columns[i]!, SIZE),
        ...table.rows.map((r) => font.widthOfTextAtSize(cellText(r[i] ?? null), SIZE)),
      );
      return Math.min(Math.max(longest, 30), i === 0 ? 200 : 260);
    });
    const total = weights.reduce((s, w) => s + w, 0);
    const widths = weights.map((w) => (w / total) * width);
    const drawRow = (cells: string[], bold: boolean) => {
      const wrapped = cells.map((c, i) => wrap(font, c, SIZE, widths[i]! - 4));
      const h = Math.max(...wrapped.map((w) => w.length)) * LINE + 3;
      need(h);
      if (bold) page.drawRectangle({ x: MARGIN, y: y - h, width, height: h, color: rgb(0.91, 0.93, 0.97) });
      let x = MARGIN;
      wrapped.forEach((lines, i) => {
        lines.forEach((line, k) => page.drawText(line, { x: x + 2, y: y - 2 - SIZE - k * LINE, size: SIZE, font }));
        x += widths[i]!;
      });
      page.drawLine({ start: { x: MARGIN, y: y - h }, end: { x: MARGIN + width, y: y - h }, thickness: 0.3, color: rgb(0.6, 0.6, 0.6) });
      y -= h;
    };
    drawRow(table.columns, true);
    for (const r of table.rows)
      drawRow(
        Array.from({ length: n }, (_, i) => cellText(r[i] ?? null)),
        false,
      );
    if (table.rows.length === 0) drawRow([l === 'ja' ? '（なし）' : '(none)', ...Array(n - 1).fill('')], false);
    for (const note of table.notes ?? []) {
      for (const line of wrap(font, `※ ${note}`, SIZE - 0.5, width)) {
        need(LINE);
        text(line, MARGIN, SIZE - 0.5, rgb(0.25, 0.25, 0.25));
        y -= LINE;
      }
    }
    y -= 8;
  }
  const pages = pdf.getPages();
  pages.forEach((p, i) => p.drawText(`${i + 1} / ${pages.length}`, { x: A4[0] / 2 - 10, y: 20, size: 8, font }));
  // Without object streams: older viewers and print servers at town halls read it too.
  return pdf.save({ useObjectStreams: false });
}
