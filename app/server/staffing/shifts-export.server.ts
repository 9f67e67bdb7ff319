/**
 * The shift table as a file: CSV (UTF-8 with BOM, CRLF) or XLSX (exceljs, one sheet), a week or a
 * month, one row per operator and day, by work name. The rows come from the domain's
 * shiftExportRows, so both files say the same.
 */
import { type Db, procedureLabels, schema } from '@madoguchi/db';
import { inArray } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { languageLabels } from '../../domain/reports/report';
import {
  type ExportLang,
  type ExportNames,
  isWeekStart,
  monthDates,
  shiftExportColumns,
  shiftExportRows,
  shiftsCsv,
  weekDates,
} from '../../domain/staffing/shifts';
import type { AccountPrincipal } from '../auth/login.server';
import { type ShiftService, shiftProblems } from './shifts.server';

export type ShiftPeriod = { week: string } | { month: string };

export interface ShiftFile {
  body: string | Uint8Array<ArrayBuffer>;
  contentType: string;
  filename: string;
}

const sheetTitle: Record<ExportLang, string> = { ja: 'シフト表', en: 'Shifts' };

export async function shiftsExport(
  db: Db,
  shifts: ShiftService,
  actor: AccountPrincipal,
  q: ShiftPeriod & { municipalityId?: string | undefined; format: 'csv' | 'xlsx'; lang: ExportLang },
): Promise<ShiftFile> {
  if ('week' in q && !isWeekStart(q.week)) throw shiftProblems.notWeekStart('week');
  const dates = 'week' in q ? weekDates(q.week) : monthDates(q.month);
  const key = 'week' in q ? q.week : q.month;
  const { shifts: rows, operatorName } = await shifts.list(actor, { from: dates[0]!, to: dates.at(-1)!, municipalityId: q.municipalityId });
  const ids = [...new Set(rows.flatMap((r) => r.municipalityIds))];
  const towns = ids.length
    ? await db
        .select({ id: schema.municipality.id, name: schema.municipality.name })
        .from(schema.municipality)
        .where(inArray(schema.municipality.id, ids))
    : [];
  const townNames = new Map(towns.map((m) => [m.id, m.name]));
  const names: ExportNames = {
    operator: operatorName,
    municipality: (id) => townNames.get(id) ?? id,
    language: (l) => languageLabels[l][q.lang],
    procedure: (p) => procedureLabels[p][q.lang],
  };
  const filename = `madoguchi-shifts-${key}.${q.format}`;
  if (q.format === 'csv') return { body: shiftsCsv(rows, names, q.lang), contentType: 'text/csv; charset=utf-8', filename };

  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Madoguchi';
  const sheet = workbook.addWorksheet(sheetTitle[q.lang]);
  sheet.addRow([`${sheetTitle[q.lang]} ${key}`]).font = { bold: true, size: 13 };
  const header = sheet.addRow(shiftExportColumns[q.lang]);
  header.font = { bold: true };
  header.eachCell((c) => {
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };
    c.border = { bottom: { style: 'thin' } };
  });
  for (const row of shiftExportRows(rows, names, q.lang)) sheet.addRow(row);
  sheet.columns.forEach((col, i) => {
    col.width = [16, 12, 6, 8, 8, 10, 10, 12, 24, 16, 30][i] ?? 12;
  });
  sheet.views = [{ state: 'frozen', ySplit: 2 }];
  return {
    body: new Uint8Array(await workbook.xlsx.writeBuffer()),
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    filename,
  };
}
