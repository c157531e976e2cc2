import { XLSX_TYPE } from '@kefu/protocol/api/knowledge';
// Types only: exceljs is imported on first use (a tenth of a second at start that most runs never need).
import type ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';

/**
 * How a cell is written: `yuan` takes integer fen and shows ¥ yuan, `percent` takes a ratio (0.93 → 93.0%), `seconds`
 * takes milliseconds and shows seconds, `datetime` shows China time. Numbers stay numbers so Excel can add them up.
 */
export type CellFormat = 'text' | 'integer' | 'decimal' | 'percent' | 'yuan' | 'seconds' | 'datetime' | 'date';

export type CellValue = string | number | bigint | boolean | Date | null | undefined;

export interface SheetColumn<Row> {
  header: string;
  value: (row: Row) => CellValue;
  format?: CellFormat;
  /** Width in characters; a Chinese character counts two. Defaults to fit the header and the first rows. */
  width?: number;
}

export interface Sheet<Row = never> {
  title: string;
  columns: SheetColumn<Row>[];
  rows: readonly Row[];
}

const NUMBER_FORMATS: Record<CellFormat, string | undefined> = {
  text: '@',
  integer: '#,##0',
  decimal: '#,##0.0',
  percent: '0.0%',
  yuan: '"¥"#,##0.00',
  seconds: '#,##0.0" 秒"',
  datetime: 'yyyy-mm-dd hh:mm',
  date: 'yyyy-mm-dd',
};

/** Excel has no time zones: China wall time is written as if it were UTC, so the cell shows what a Chinese reader expects. */
const CHINA_OFFSET_MS = 8 * 3600_000;

function cellOf(value: CellValue, format: CellFormat | undefined): ExcelJS.CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') value = Number(value);
  if (value instanceof Date) return new Date(value.getTime() + CHINA_OFFSET_MS);
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null;
    if (format === 'yuan') return value / 100;
    if (format === 'seconds') return value / 1000;
    return value;
  }
  // A text beginning with = + - @ would be read as a formula by Excel (CSV/Excel injection): keep it text.
  return /^[=+\-@]/.test(value) ? `'${value}` : value;
}

const displayWidth = (text: string) => [...text].reduce((w, ch) => w + (ch.charCodeAt(0) > 0x2e80 ? 2 : 1), 0);

function addSheet<Row>(workbook: ExcelJS.Workbook, usedNames: Set<string>, sheet: Sheet<Row>) {
  // Excel refuses sheet names longer than 31 characters, with []:*?/\ or repeated.
  const base = sheet.title.replace(/[[\]:*?/\\]/g, ' ').trim() || 'Sheet';
  let name = base.slice(0, 31);
  for (let n = 2; usedNames.has(name); n++) name = `${base.slice(0, 26)} (${n})`;
  usedNames.add(name);
  const ws = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  const header = ws.addRow(sheet.columns.map((c) => c.header));
  header.font = { bold: true };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF0F2F5' } };
  for (const row of sheet.rows) ws.addRow(sheet.columns.map((c) => cellOf(c.value(row), c.format)));
  sheet.columns.forEach((column, i) => {
    const wsColumn = ws.getColumn(i + 1);
    const format = NUMBER_FORMATS[column.format ?? 'text'];
    if (format && column.format && column.format !== 'text') wsColumn.numFmt = format;
    const sample = sheet.rows.slice(0, 50).map((r) => String(cellOf(column.value(r), column.format) ?? ''));
    const fit = Math.max(displayWidth(column.header), ...sample.map(displayWidth)) + 2;
    wsColumn.width = column.width ?? Math.min(60, Math.max(8, fit));
  });
  if (sheet.rows.length) ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: sheet.columns.length } };
}

/** One sheet of a workbook; the rows come before the columns so they type the columns' `value` functions. */
export const sheet = <Row>(title: string, rows: readonly Row[], columns: SheetColumn<NoInfer<Row>>[]): Sheet<Row> => ({ title, columns, rows });

/** A workbook of several sheets (a brief's figures, a report's tables, each made with `sheet`); rows are written as given. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each sheet has its own row type, checked where `sheet` builds it
export async function workbookFile(sheets: Sheet<any>[]): Promise<Buffer> {
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  workbook.creator = 'kefu';
  workbook.created = new Date();
  const used = new Set<string>();
  for (const sheet of sheets) addSheet(workbook, used, sheet);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** One table as an .xlsx file: a bold, frozen header row of `columns`, one line per row, numbers kept numeric. */
export function sheetFile<Row>(title: string, columns: SheetColumn<Row>[], rows: readonly Row[]): Promise<Buffer> {
  return workbookFile([{ title, columns, rows }]);
}

/**
 * Sends `file` as a download named `fileName` (Chinese allowed: RFC 5987 `filename*`, with an ASCII fallback for old
 * clients). Return what this returns from the handler.
 */
export function sendSheet(reply: FastifyReply, fileName: string, file: Buffer): Buffer {
  const name = fileName.endsWith('.xlsx') ? fileName : `${fileName}.xlsx`;
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  reply
    .header('content-type', XLSX_TYPE)
    .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`)
    .header('cache-control', 'no-store');
  return file;
}
