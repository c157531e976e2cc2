import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';

export interface Row { line: number; cells: string[] }

/**
 * The rows of a spreadsheet export (orders, FAQ), CSV or Excel, as text cells with their line number in the file (the header
 * is line 1). CSV may be UTF-8 (with or without BOM) or GBK/GB18030, which Taobao's back office writes.
 */
export async function* readRows(file: Readable, filename: string): AsyncGenerator<Row> {
  if (/\.xlsx$/i.test(filename)) yield* readXlsx(file);
  else if (/\.(csv|txt)$/i.test(filename)) yield* readCsv(file);
  else throw new UnsupportedFile('the file must be a .csv or .xlsx export');
}

export class UnsupportedFile extends Error {}

async function* readCsv(file: Readable): AsyncGenerator<Row> {
  const parser = parse({ bom: true, relax_column_count: true, skip_empty_lines: true, info: true, trim: true });
  const feed = (async () => {
    let decoder: TextDecoder | undefined;
    try {
      for await (const chunk of file) {
        decoder ??= new TextDecoder(isUtf8Start(chunk as Buffer) ? 'utf-8' : 'gb18030');
        if (!parser.write(decoder.decode(chunk as Buffer, { stream: true }))) await new Promise((r) => parser.once('drain', r));
      }
      parser.end(decoder?.decode() ?? '');
    } catch (err) {
      parser.destroy(err as Error);
    }
  })();
  for await (const record of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    yield { line: record.info.lines, cells: record.record };
  }
  await feed;
}

/** UTF-8 unless the first chunk does not decode as UTF-8 (allowing a character cut at the chunk's end). */
function isUtf8Start(chunk: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(chunk.subarray(0, Math.max(0, chunk.length - 4)));
    return true;
  } catch {
    return false;
  }
}

async function* readXlsx(file: Readable): AsyncGenerator<Row> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(file, { worksheets: 'emit', sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'cache' });
  for await (const sheet of workbook) {
    for await (const row of sheet) {
      const values = (row.values as unknown[]).slice(1).map(cellText);
      if (values.some((v) => v !== '')) yield { line: row.number, cells: values };
    }
    return; // the first sheet is the export
  }
}

function cellText(value: unknown): string {
  if (value == null) return '';
  // Excel keeps the wall-clock time without a zone; the export's clock is China time, applied when the cell is read.
  if (value instanceof Date) return value.toISOString().slice(0, 19).replace('T', ' ');
  if (typeof value === 'object') {
    const v = value as { text?: unknown; result?: unknown; richText?: { text: string }[] };
    if (v.richText) return v.richText.map((t) => t.text).join('').trim();
    if (v.text !== undefined) return String(v.text).trim();
    if (v.result !== undefined) return cellText(v.result);
  }
  return String(value).trim();
}
