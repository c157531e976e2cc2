import type { Readable } from 'node:stream';
import { unstorableText } from '@kefu/domain';
import { CsvError, parse } from 'csv-parse';

export interface Row {
  line: number;
  cells: string[];
}

/** A file that is not a readable export: the wrong type, corrupt, cut off, or holding text that cannot be stored. */
export class UnreadableFile extends Error {}

/**
 * The rows of a spreadsheet export (orders, FAQ), CSV or Excel, as text cells with their line number in the file (the header
 * is line 1). CSV may be UTF-8 (with or without BOM) or GBK/GB18030, which Taobao's back office writes.
 * Whatever goes wrong while reading (a CSV quote error, a corrupt .xlsx, a broken upload) is an UnreadableFile naming
 * what and where, so an importer answers 400 and never writes half a file.
 */
export async function* readRows(file: Readable, filename: string): AsyncGenerator<Row> {
  const badName = unstorableText(filename);
  if (badName) throw new UnreadableFile(`the file name ${badName}`);
  let rows: AsyncGenerator<Row>;
  if (/\.xlsx$/i.test(filename)) rows = readXlsx(file);
  else if (/\.(csv|txt)$/i.test(filename)) rows = readCsv(file);
  else throw new UnreadableFile('the file must be a .csv or .xlsx export');
  let line = 0;
  const cutOff = uploadFailure(file);
  const iterator = rows[Symbol.asyncIterator]();
  try {
    for (;;) {
      // The Excel reader does not hear of an upload that breaks off (it waits for more forever): race it against that.
      const next = await Promise.race([iterator.next(), cutOff]);
      if (next.done) break;
      const row = next.value;
      line = row.line;
      for (const [column, cell] of row.cells.entries()) {
        const reason = unstorableText(cell);
        if (reason) throw new UnreadableFile(`line ${row.line}, column ${column + 1}: ${reason}`);
      }
      yield row;
    }
  } catch (err) {
    if (err instanceof UnreadableFile) throw err;
    if (err instanceof CsvError) throw new UnreadableFile(`not a readable CSV: ${err.message}`);
    const where = line ? ` after line ${line}` : '';
    const kind = /\.xlsx$/i.test(filename) ? 'not a readable .xlsx file (corrupt, or not Excel)' : 'the upload could not be read';
    throw new UnreadableFile(`${kind}${where}: ${(err as Error).message ?? String(err)}`);
  } finally {
    // Stop reading the upload when the rows are not all taken (an error, a refused header), so nothing waits on it.
    if (!file.destroyed) file.resume();
  }
}

async function* readCsv(file: Readable): AsyncGenerator<Row> {
  const parser = parse({ bom: true, relax_column_count: true, skip_empty_lines: true, info: true, trim: true });
  const feed = (async () => {
    let decoder: TextDecoder | undefined;
    try {
      for await (const chunk of file) {
        if (parser.destroyed) return; // the parser failed; the reader below reports why
        decoder ??= new TextDecoder(isUtf8Start(chunk as Buffer) ? 'utf-8' : 'gb18030');
        if (!parser.write(decoder.decode(chunk as Buffer, { stream: true }))) {
          await new Promise((resolve) => {
            parser.once('drain', resolve);
            parser.once('close', resolve);
          });
        }
      }
      if (!parser.destroyed) parser.end(decoder?.decode() ?? '');
    } catch (err) {
      parser.destroy(err as Error);
    }
  })();
  for await (const record of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    yield { line: record.info.lines, cells: record.record };
  }
  await feed;
}

/** Rejects when the uploaded file's stream fails or closes before its end; never resolves otherwise. */
function uploadFailure(file: Readable): Promise<never> {
  const failure = new Promise<never>((_resolve, reject) => {
    const fail = (err?: Error | null) =>
      reject(new UnreadableFile(`the upload broke off before the end of the file${err ? ` (${err.message})` : ''}`));
    // The multipart parser may have failed the stream before the importer got to it.
    if (file.errored || (file.destroyed && !file.readableEnded)) return fail(file.errored);
    file.once('error', fail);
    file.once('close', () => {
      if (!file.readableEnded) fail();
    });
  });
  failure.catch(() => undefined); // only awaited while rows are read
  return failure;
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

/**
 * The first sheet's rows. The file is read whole and parsed in one go: exceljs's streaming reader now and then loses
 * the workbook part of a sound file (2 reads in 300 of the same export fail with "reading 'sheets'"), which refused
 * a shop's own export on re-import. Uploads are size-limited before they get here.
 */
async function* readXlsx(file: Readable): AsyncGenerator<Row> {
  const { default: Excel } = await import('exceljs');
  const chunks: Buffer[] = [];
  for await (const chunk of file) chunks.push(chunk as Buffer);
  const workbook = new Excel.Workbook();
  await workbook.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0]; // the first sheet is the export
  if (!sheet) return;
  for (let line = 1; line <= sheet.rowCount; line++) {
    const values = ((sheet.getRow(line).values as unknown[]) ?? []).slice(1).map(cellText);
    if (values.some((v) => v !== '')) yield { line, cells: values };
  }
}

function cellText(value: unknown): string {
  if (value == null) return '';
  // Excel keeps the wall-clock time without a zone; the export's clock is China time, applied when the cell is read.
  if (value instanceof Date) return value.toISOString().slice(0, 19).replace('T', ' ');
  if (typeof value === 'object') {
    const v = value as { text?: unknown; result?: unknown; richText?: { text: string }[] };
    if (v.richText)
      return v.richText
        .map((t) => t.text)
        .join('')
        .trim();
    if (v.text !== undefined) return String(v.text).trim();
    if (v.result !== undefined) return cellText(v.result);
  }
  return String(value).trim();
}
