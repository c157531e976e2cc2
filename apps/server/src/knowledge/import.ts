import type { Readable } from 'node:stream';
import type { Db } from '../db/database.ts';
import { readRows, UnreadableFile } from '../files/rows.ts';
import { badRequest, refuse } from '../http/errors.ts';
import { importLang, importReason, issueReason } from '../orders/import-reasons.ts';
import { createFaqs, FaqInput } from './service.ts';

/** The columns of the FAQ spreadsheet, the same for import and export. */
const HEADERS = { question: '标准问题', alternatives: '相似问法', answer: '答案', category: '分类', products: '适用商品SKU' } as const;
const LIST = /[\n|｜;；]+/;

export interface FaqImportReport {
  dryRun: boolean;
  rows: number;
  errorCount: number;
  errors: { line: number; field: string; message: string }[];
  created: number;
}

/**
 * Reads an FAQ spreadsheet (标准问题, 相似问法 one per line or separated by |, 答案, 分类, 适用商品SKU), reports every
 * bad row by line, and unless it is a dry run and only when every row is good, adds all entries in one transaction.
 */
export async function importFaqs(
  db: Db,
  actorId: number,
  file: Readable & { truncated?: boolean },
  filename: string,
  dryRun: boolean,
  acceptLanguage?: string,
): Promise<FaqImportReport> {
  const lang = importLang(acceptLanguage);
  const errors: FaqImportReport['errors'] = [];
  let errorCount = 0;
  const entries: FaqInput[] = [];
  let index: Record<keyof typeof HEADERS, number> | undefined;
  let rows = 0;
  const skus = new Map((await db.selectFrom('products').select(['id', 'sku']).execute()).map((p) => [p.sku, p.id]));
  try {
    for await (const row of readRows(file, filename)) {
      if (!index) {
        const found = Object.fromEntries(Object.entries(HEADERS).map(([k, h]) => [k, row.cells.findIndex((c) => c.replace(/\s/g, '') === h)]));
        const missing = (['question', 'answer'] as const).filter((k) => found[k]! < 0);
        if (missing.length) throw badRequest('file', `no column ${missing.map((k) => HEADERS[k]).join(', ')}`);
        index = found as Record<keyof typeof HEADERS, number>;
        continue;
      }
      rows++;
      const cell = (k: keyof typeof HEADERS) => (index![k] >= 0 ? (row.cells[index![k]] ?? '') : '').trim();
      const productIds: number[] = [];
      for (const sku of cell('products')
        .split(LIST)
        .map((s) => s.trim())
        .filter(Boolean)) {
        const id = skus.get(sku);
        if (id) productIds.push(id);
        else {
          errorCount++;
          if (errors.length < 1000)
            errors.push({ line: row.line, field: 'products', message: importReason(lang, 'noProduct', { column: HEADERS.products, value: sku }) });
        }
      }
      const parsed = FaqInput.safeParse({
        question: cell('question'),
        alternatives: cell('alternatives')
          .split(LIST)
          .map((s) => s.trim())
          .filter(Boolean),
        answer: cell('answer'),
        category: cell('category'),
        productIds,
      });
      if (parsed.success) entries.push(parsed.data);
      else
        for (const issue of parsed.error.issues) {
          errorCount++;
          const field = issue.path.join('.');
          const column = HEADERS[issue.path[0] as keyof typeof HEADERS] ?? field;
          if (errors.length < 1000) errors.push({ line: row.line, field, message: issueReason(lang, column, issue) });
        }
    }
  } catch (err) {
    if (file.truncated) throw refuse('too_large', 'file: too large');
    if (err instanceof UnreadableFile) throw badRequest('file', err.message);
    throw err;
  }
  if (file.truncated) throw refuse('too_large', 'file: too large');
  if (!index) throw badRequest('file', 'the file is empty');
  const report: FaqImportReport = { dryRun, rows, errorCount, errors, created: 0 };
  if (dryRun || errorCount > 0) return report;
  report.created = (await db.transaction().execute((tx) => createFaqs(tx, actorId, entries))).length;
  return report;
}

/** The whole FAQ as an .xlsx in the import's format. */
export async function exportFaqs(db: Db): Promise<Buffer> {
  const [entries, products] = await Promise.all([
    db.selectFrom('faq_entries').select(['question', 'alternatives', 'answer', 'category', 'product_ids']).orderBy('id').execute(),
    db.selectFrom('products').select(['id', 'sku']).execute(),
  ]);
  const sku = new Map(products.map((p) => [p.id, p.sku]));
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  const sheet = workbook.addWorksheet('FAQ');
  sheet.addRow(Object.values(HEADERS));
  for (const e of entries)
    sheet.addRow([e.question, e.alternatives.join('\n'), e.answer, e.category, e.product_ids.map((id) => sku.get(id) ?? '').join('|')]);
  sheet.columns.forEach((c, i) => {
    c.width = [30, 40, 60, 12, 16][i];
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
