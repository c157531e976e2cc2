import type { Readable } from 'node:stream';
import type { ReviewPlatform } from '@kefu/domain';
import { ReviewInput } from '@kefu/protocol/api/reviews';
import { audit } from '../audit/audit.ts';
import type { Db } from '../db/database.ts';
import { badRequest } from '../http/errors.ts';
import { readRows, UnreadableFile } from '../files/rows.ts';
import { parseChinaTime } from '../orders/import.ts';
import { importLang, issueReason, type ImportLang } from '../orders/import-reasons.ts';
import { currentPolicies } from '../sla/policies.ts';
import { ingestReviews } from './ingest.ts';

/**
 * The review exports of the seller centres, by their own column headers: 淘宝/天猫 千牛「评价管理」(评价结果 好评/中评/差评,
 * 天猫 also 评分), 京东商家后台「评价管理」(评价星级 1–5), 拼多多商家后台「评价数据」(商品评分 1–5).
 */
export const REVIEW_COLUMNS = {
  reviewId: ['评价ID', '评价编号', '评论ID', 'reviewId'],
  orderNo: ['订单编号', '订单号', '主订单编号', 'orderNo'],
  subOrderNo: ['子订单编号', '子订单号'],
  productTitle: ['宝贝标题', '商品名称', '商品标题', 'productTitle'],
  sku: ['商家编码', '商品编码', 'SKU编码', 'SKU', 'sku'],
  buyerNick: ['买家昵称', '用户昵称', '买家', '会员名', 'buyerNick'],
  stars: ['评价星级', '商品评分', '评分', '星级', '描述相符', 'stars'],
  verdict: ['评价结果', '评价类型', '好中差评'],
  content: ['评价内容', '评论内容', '初评内容', 'content'],
  reviewedAt: ['评价时间', '评论时间', '初评时间', 'reviewedAt'],
  appended: ['追评内容', '追加评论', '追评', 'appended'],
} as const;
type Field = keyof typeof REVIEW_COLUMNS;

const VERDICT_STARS: Record<string, number> = { 好评: 5, 中评: 3, 差评: 1 };
const MAX_ROWS = 50_000;
const BATCH = 1000;

const REASONS = {
  missing: { zh: '「{column}」为空', en: '{column}: missing' },
  notTime: { zh: '「{column}」的“{value}”不是日期时间', en: '{column}: "{value}" is not a date and time' },
  notStars: { zh: '「{column}」的“{value}”不是 1–5 星或 好评/中评/差评', en: '{column}: "{value}" is not 1–5 stars or 好评/中评/差评' },
  noId: { zh: '没有「评价ID」也没有「订单编号」，无法识别这条评价', en: 'neither a review id nor an order number: the review cannot be told apart' },
  twice: { zh: '与第 {value} 行是同一条评价', en: 'the same review as line {value}' },
  tooMany: { zh: '文件超过 {value} 行，请分批导入', en: 'more than {value} rows: import the file in parts' },
} as const;

const say = (lang: ImportLang, reason: keyof typeof REASONS, column: string, value = '') =>
  REASONS[reason][lang].replace('{column}', column).replace('{value}', value);

export interface ReviewImportReport {
  dryRun: boolean;
  rows: number;
  errorCount: number;
  errors: { line: number; field: string; message: string }[];
  inserted: number;
  duplicates: number;
}

const normalize = (h: string) => h.replace(/\s/g, '').toLowerCase();

function mapColumns(header: string[]): Map<Field, number> {
  const index = new Map(header.map((h, i) => [normalize(h), i]));
  const columns = new Map<Field, number>();
  for (const field of Object.keys(REVIEW_COLUMNS) as Field[]) {
    const i = REVIEW_COLUMNS[field].map((a) => index.get(normalize(a))).find((x) => x !== undefined);
    if (i !== undefined) columns.set(field, i);
  }
  const missing = (['content', 'reviewedAt'] as const).filter((f) => !columns.has(f));
  if (!columns.has('reviewId') && !columns.has('orderNo')) missing.push('reviewId' as never);
  if (missing.length) {
    throw badRequest('file', `no column for ${missing.map((f) => `${f} (${REVIEW_COLUMNS[f].slice(0, 3).join('/')})`).join(', ')}`);
  }
  return columns;
}

function parseStars(stars: string, verdict: string): number | null | undefined {
  if (stars) return /^[1-5](\.0)?$/.test(stars) ? Number(stars[0]) : /^[1-5]星$/.test(stars) ? Number(stars[0]) : undefined;
  if (verdict) return VERDICT_STARS[verdict] ?? undefined;
  return null;
}

/**
 * Reads a seller centre's review export, validates every row (reasons in Chinese, naming the file's column) and,
 * unless it is a dry run or any row is bad, stores the reviews in one transaction: all or none. A review already
 * stored (same platform and review id) counts as a duplicate, in the dry run too.
 */
export async function importReviews(
  db: Db,
  actorId: number,
  file: Readable,
  filename: string,
  options: { platform: ReviewPlatform; dryRun: boolean; acceptLanguage?: string },
): Promise<ReviewImportReport> {
  const lang = importLang(options.acceptLanguage);
  const report: ReviewImportReport = { dryRun: options.dryRun, rows: 0, errorCount: 0, errors: [], inserted: 0, duplicates: 0 };
  const push = (line: number, field: string, message: string) => {
    report.errorCount++;
    if (report.errors.length < 1000) report.errors.push({ line, field, message });
  };
  const reviews: ReviewInput[] = [];
  const seen = new Map<string, number>();
  let header: string[] = [];
  let columns = new Map<Field, number>();
  try {
    for await (const row of readRows(file, filename)) {
      if (row.line === 1 || !header.length) {
        header = row.cells;
        columns = mapColumns(header);
        continue;
      }
      report.rows++;
      if (report.rows > MAX_ROWS) {
        push(row.line, 'file', say(lang, 'tooMany', '', String(MAX_ROWS)));
        break;
      }
      const cell = (f: Field) => (columns.has(f) ? (row.cells[columns.get(f)!] ?? '').trim() : '');
      const column = (f: Field) => header[columns.get(f) ?? -1] ?? REVIEW_COLUMNS[f][0];
      const errorsBefore = report.errorCount;
      const at = cell('reviewedAt') ? parseChinaTime(cell('reviewedAt')) : null;
      if (!cell('content')) push(row.line, 'content', say(lang, 'missing', column('content')));
      if (!cell('reviewedAt')) push(row.line, 'reviewedAt', say(lang, 'missing', column('reviewedAt')));
      else if (!at) push(row.line, 'reviewedAt', say(lang, 'notTime', column('reviewedAt'), cell('reviewedAt')));
      const stars = parseStars(cell('stars'), cell('verdict'));
      if (stars === undefined) {
        const f = cell('stars') ? 'stars' : 'verdict';
        push(row.line, f, say(lang, 'notStars', column(f), cell(f)));
      }
      const orderNo = cell('orderNo');
      const reviewId = cell('reviewId') || (orderNo ? `${orderNo}#${cell('subOrderNo') || cell('sku') || cell('productTitle')}` : '');
      if (!reviewId) push(row.line, 'reviewId', say(lang, 'noId', column('reviewId')));
      else if (seen.has(reviewId)) push(row.line, 'reviewId', say(lang, 'twice', column('reviewId'), String(seen.get(reviewId))));
      else seen.set(reviewId, row.line);
      if (report.errorCount > errorsBefore) continue;
      const parsed = ReviewInput.safeParse({
        platform: options.platform,
        reviewId,
        ...(orderNo && { orderNo }),
        productTitle: cell('productTitle'),
        ...(cell('sku') && { sku: cell('sku') }),
        buyerNick: cell('buyerNick'),
        stars,
        content: cell('content'),
        ...(cell('appended') && { appended: cell('appended') }),
        reviewedAt: at!.toISOString(),
      });
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          const field = String(issue.path[0] ?? 'row');
          push(row.line, field, issueReason(lang, field in REVIEW_COLUMNS ? column(field as Field) : field, issue));
        }
        continue;
      }
      reviews.push(parsed.data);
    }
  } catch (err) {
    if (err instanceof UnreadableFile) throw badRequest('file', err.message);
    throw err;
  }
  if (!header.length) throw badRequest('file', 'the file is empty');
  if (report.errorCount > 0) return report;
  if (options.dryRun) {
    const known = await knownIds(
      db,
      options.platform,
      reviews.map((r) => r.reviewId),
    );
    report.duplicates = known;
    return report;
  }
  const policies = await currentPolicies(db);
  await db.transaction().execute(async (tx) => {
    for (let i = 0; i < reviews.length; i += BATCH) {
      const r = await ingestReviews(tx, reviews.slice(i, i + BATCH), 'import', policies);
      report.inserted += r.received;
      report.duplicates += r.duplicates;
    }
    await audit(tx, {
      actorId,
      action: 'review.import',
      entity: 'review',
      entityId: filename.slice(0, 100),
      detail: { platform: options.platform, rows: report.rows, inserted: report.inserted, duplicates: report.duplicates },
    });
  });
  return report;
}

async function knownIds(db: Db, platform: string, ids: string[]): Promise<number> {
  let n = 0;
  for (let i = 0; i < ids.length; i += BATCH) {
    const chunk = ids.slice(i, i + BATCH);
    if (!chunk.length) continue;
    const row = await db
      .selectFrom('reviews')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('platform', '=', platform)
      .where('external_id', 'in', chunk)
      .executeTakeFirstOrThrow();
    n += Number(row.n);
  }
  return n;
}
