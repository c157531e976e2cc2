import type { Readable } from 'node:stream';
import type { OrderPlatform, OrderStatus } from '@kefu/domain';
import type { z } from 'zod';
import { audit } from '../audit/audit.ts';
import type { Db } from '../db/database.ts';
import { badRequest, refuse } from '../http/errors.ts';
import { getSetting } from '../settings/service.ts';
import { currentPolicies } from '../sla/policies.ts';
import { readRows, UnreadableFile } from '../files/rows.ts';
import { importLang, importReason, issueReason, type ImportReason } from './import-reasons.ts';
import { upsertOrders } from './ingest.ts';
import { OrderInput } from './input.ts';

/** Our field ← the column headers the marketplaces' back-office exports use for it (淘宝/天猫, 京东, 拼多多, 有赞…). */
export const COLUMN_ALIASES = {
  orderNo: ['订单编号', '订单号', '订单ID', 'orderNo'],
  status: ['订单状态', 'status'],
  createdAt: ['订单创建时间', '下单时间', '订单成交时间', '创建时间', 'createdAt'],
  title: ['宝贝标题', '商品名称', '商品', '标题', 'title'],
  quantity: ['宝贝数量', '购买数量', '订购数量', '商品数量', '数量', 'quantity'],
  unitPrice: ['价格', '单价', '京东价', '商品单价', '商品单价(元)', 'unitPrice'],
  sku: ['商家编码', '商家编码-SKU维度', '外部系统编号', '商家SKUID', 'sku'],
  buyerNick: ['买家会员名', '买家昵称', '用户昵称', '客户账号', 'buyerNick'],
  receiverName: ['收货人姓名', '收货人', '客户姓名', 'receiverName'],
  phone: ['联系手机', '手机', '收货人手机', '联系电话', 'phone'],
  province: ['省', '省份', 'province'],
  city: ['市', '城市', 'city'],
  district: ['区', '区县', 'district'],
  address: ['收货地址', '客户地址', '详细地址', '街道', 'address'],
  paidAt: ['订单付款时间', '付款时间', '支付时间', '付款确认时间', 'paidAt'],
  shippedAt: ['发货时间', 'shippedAt'],
  discount: ['店铺优惠折扣(元)', '优惠金额', '店铺优惠', 'discount'],
  shipping: ['买家应付邮费', '邮费(元)', '运费', '邮费', 'shipping'],
  total: ['买家实际支付金额', '用户实付金额(元)', '实付金额', '订单金额', 'total'],
  remark: ['买家留言', '订单备注', '备注', 'remark'],
  invoiceTitle: ['发票抬头', 'invoiceTitle'],
  trackingNo: ['物流单号', '运单号', '快递单号', 'trackingNo'],
  courier: ['物流公司', '快递公司', 'courier'],
} as const;
export type ImportField = keyof typeof COLUMN_ALIASES;
const REQUIRED: ImportField[] = ['orderNo', 'status', 'createdAt', 'title', 'quantity', 'unitPrice'];

/** The status words of the exports. */
const STATUS_WORDS: [RegExp, OrderStatus][] = [
  [/关闭|取消|cancel/i, 'cancelled'],
  [/等待买家付款|待付款|未付款|unpaid/i, 'unpaid'],
  [/交易成功|已完成|完成|completed/i, 'completed'],
  [/签收|delivered/i, 'delivered'],
  [/已发货|等待买家确认|待收货|等待确认收货|shipped/i, 'shipped'],
  [/已付款|待发货|等待出库|等待发货|paid/i, 'paid'],
];

export interface RowError {
  line: number;
  field: string;
  message: string;
}
export interface ImportReport {
  dryRun: boolean;
  rows: number;
  orders: number;
  errorCount: number;
  errors: RowError[];
  inserted: number;
  updated: number;
}
const MAX_REPORTED_ERRORS = 1000;
const BATCH = 1000;

const normalizeHeader = (h: string) => h.replace(/\s/g, '').replace(/（/g, '(').replace(/）/g, ')').toLowerCase();

/** Which column holds each field: the caller's mapping first, else the first known header found. */
export function mapColumns(header: string[], mapping: Partial<Record<ImportField, string>> = {}): Map<ImportField, number> {
  const index = new Map(header.map((h, i) => [normalizeHeader(h), i]));
  const columns = new Map<ImportField, number>();
  for (const field of Object.keys(COLUMN_ALIASES) as ImportField[]) {
    const wanted = mapping[field];
    if (wanted !== undefined) {
      const i = index.get(normalizeHeader(wanted));
      if (i === undefined) throw badRequest(`mapping.${field}`, `the file has no column "${wanted}"`);
      columns.set(field, i);
      continue;
    }
    for (const alias of COLUMN_ALIASES[field]) {
      const i = index.get(normalizeHeader(alias));
      if (i !== undefined) {
        columns.set(field, i);
        break;
      }
    }
  }
  const missing = REQUIRED.filter((f) => !columns.has(f));
  if (missing.length) {
    throw badRequest(
      'file',
      `no column for ${missing.map((f) => `${f} (${COLUMN_ALIASES[f].slice(0, 3).join('/')})`).join(', ')}; map them with "mapping"`,
    );
  }
  return columns;
}

/** "¥1,299.50" → 129950; null when it is not an amount in yuan. */
export function parseYuan(text: string): number | null {
  const s = text.replace(/[¥￥,\s]/g, '').replace(/元$/, '');
  if (!/^\d{1,9}(\.\d{1,2})?$/.test(s)) return null;
  const [whole, frac = ''] = s.split('.');
  return Number(whole) * 100 + Number(frac.padEnd(2, '0'));
}

/** Export times carry no zone and are China time; a time with a zone keeps it. */
export function parseChinaTime(text: string): Date | null {
  // An Excel date cell without its format arrives as a serial day count (days since 1899-12-30, wall-clock).
  if (/^\d{5}(\.\d+)?$/.test(text)) return new Date(Math.round((Number(text) - 25_569) * 86_400_000) - 8 * 3600_000);
  const m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(text.trim());
  if (m) {
    const [, y, mo, d, h = '0', mi = '0', s = '0'] = m;
    const t = Date.UTC(+y!, +mo! - 1, +d!, +h, +mi, +s) - 8 * 3600_000;
    const local = new Date(t + 8 * 3600_000);
    // 2026-02-30 would roll over into March: refuse it instead.
    return local.getUTCMonth() === +mo! - 1 && local.getUTCDate() === +d! && +h < 24 ? new Date(t) : null;
  }
  const d = /\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d{2}:?\d{2})$/.test(text.trim()) ? new Date(text) : null;
  return d && !Number.isNaN(d.getTime()) ? d : null;
}

function parseStatus(text: string): OrderStatus | null {
  return STATUS_WORDS.find(([re]) => re.test(text))?.[1] ?? null;
}

interface Draft {
  line: number;
  fields: Record<string, unknown>;
  lines: Record<string, unknown>[];
  totalFen: number | null;
  bad: boolean;
}

/** A bad cell: its field, why (in the reader's language, naming the file's column) and the value it held. */
type Fail = (line: number, field: ImportField, reason: ImportReason, value?: string) => void;
/** A value the row's order failed validation on, by its path in OrderInput. */
type FailIssue = (line: number, issue: z.ZodError['issues'][number]) => void;
class RolledBack extends Error {}

/**
 * Reads an export, groups its rows into orders (a multi-line order repeats its number on each row, on
 * consecutive rows), validates everything and reports every bad row by line number. Unless it is a dry run,
 * orders are written in batches as they are read, inside one transaction that is rolled back if any row is
 * bad: all or nothing, without holding the whole file in memory.
 */
export async function importOrders(
  db: Db,
  actorId: number,
  file: Readable & { truncated?: boolean },
  filename: string,
  options: { platform: OrderPlatform; dryRun: boolean; mapping?: Partial<Record<ImportField, string>>; maxMb: number; acceptLanguage?: string },
): Promise<ImportReport> {
  const report: ImportReport = { dryRun: options.dryRun, rows: 0, orders: 0, errorCount: 0, errors: [], inserted: 0, updated: 0 };
  const lang = importLang(options.acceptLanguage);
  const headers = { cells: [] as string[], columns: new Map<ImportField, number>() };
  const column = (field: ImportField) => headers.cells[headers.columns.get(field) ?? -1] ?? COLUMN_ALIASES[field][0];
  const push = (line: number, field: string, message: string) => {
    report.errorCount++;
    if (report.errors.length < MAX_REPORTED_ERRORS) report.errors.push({ line, field, message });
  };
  const fail: Fail & { issue: FailIssue; header(cells: string[], columns: Map<ImportField, number>): void } = Object.assign(
    (line: number, field: ImportField, reason: ImportReason, value?: string) =>
      push(line, field, importReason(lang, reason, { column: column(field), value })),
    {
      issue: (line: number, issue: z.ZodError['issues'][number]) => {
        const path = issue.path.join('.');
        const field = fieldOfPath(path);
        push(line, path, issueReason(lang, field ? column(field) : path, issue));
      },
      header: (cells: string[], columns: Map<ImportField, number>) => Object.assign(headers, { cells, columns }),
    },
  );
  if (options.dryRun) {
    await readOrders(file, filename, options, report, fail, null);
    return report;
  }
  const policies = await currentPolicies(db);
  try {
    await db.transaction().execute(async (tx) => {
      const settings = (await getSetting(tx, 'orderChecks')).value;
      await readOrders(file, filename, options, report, fail, async (batch) => {
        if (report.errorCount > 0) return; // keep reading to report every bad row; the writes are rolled back anyway
        const r = await upsertOrders(tx, batch, 'import', settings, policies);
        report.inserted += r.inserted;
        report.updated += r.updated;
      });
      if (report.errorCount > 0) throw new RolledBack();
      await audit(tx, {
        actorId,
        action: 'order.import',
        entity: 'order',
        entityId: filename.slice(0, 100),
        detail: { rows: report.rows, orders: report.orders, inserted: report.inserted, updated: report.updated },
      });
    });
  } catch (err) {
    if (!(err instanceof RolledBack)) throw err;
    report.inserted = 0;
    report.updated = 0;
  }
  return report;
}

async function readOrders(
  file: Readable & { truncated?: boolean },
  filename: string,
  options: { platform: OrderPlatform; mapping?: Partial<Record<ImportField, string>>; maxMb: number },
  report: ImportReport,
  fail: Fail & { issue: FailIssue; header(cells: string[], columns: Map<ImportField, number>): void },
  write: ((batch: OrderInput[]) => Promise<void>) | null,
) {
  let columns: Map<ImportField, number> | undefined;
  let current: { orderNo: string; draft: Draft } | undefined;
  const done = new Set<string>();
  let batch: OrderInput[] = [];
  const finish = async (flush: boolean) => {
    if (current) {
      done.add(current.orderNo);
      report.orders++;
      const order = toOrder(current.orderNo, current.draft, options.platform, fail.issue);
      if (order) batch.push(order);
      current = undefined;
    }
    if (write && batch.length && (flush || batch.length >= BATCH)) {
      await write(batch);
      batch = [];
    }
    if (!write) batch = [];
  };
  try {
    for await (const row of readRows(file, filename)) {
      if (!columns) {
        columns = mapColumns(row.cells, options.mapping);
        fail.header(row.cells, columns);
        continue;
      }
      report.rows++;
      const orderNo = orderNumber(row.cells, columns);
      if (!orderNo) {
        fail(row.line, 'orderNo', 'missing');
        continue;
      }
      if (current?.orderNo !== orderNo) {
        await finish(false);
        if (done.has(orderNo)) {
          fail(row.line, 'orderNo', 'rowsApart', orderNo);
          continue;
        }
      }
      current = { orderNo, draft: readRow(row.line, row.cells, columns, current?.draft, fail) };
    }
    await finish(true);
  } catch (err) {
    if (file.truncated) throw refuse('too_large', `file: larger than ${options.maxMb} MB`);
    if (err instanceof UnreadableFile) throw badRequest('file', err.message);
    throw err;
  }
  if (file.truncated) throw refuse('too_large', `file: larger than ${options.maxMb} MB`);
  if (!columns) throw badRequest('file', 'the file is empty');
}

/** The import field an OrderInput path comes from (receiver.phone ← phone, lines.0.title ← title). */
function fieldOfPath(path: string): ImportField | null {
  const last = path.split('.').at(-1)!;
  const byPath: Record<string, ImportField> = {
    name: 'receiverName',
    unitPriceFen: 'unitPrice',
    discountFen: 'discount',
    shippingFen: 'shipping',
    totalFen: 'total',
  };
  const field = path.startsWith('invoice') ? 'invoiceTitle' : (byPath[last] ?? last);
  return field in COLUMN_ALIASES ? (field as ImportField) : null;
}

function toOrder(orderNo: string, d: Draft, platform: OrderPlatform, fail: FailIssue): OrderInput | null {
  if (d.bad) return null;
  const goods = d.lines.reduce((sum, l) => sum + (l.quantity as number) * (l.unitPriceFen as number), 0);
  const shipping = (d.fields.shippingFen as number | undefined) ?? 0;
  // Exports give what the shopper paid rather than the discount; the difference is the discount.
  const discount = (d.fields.discountFen as number | undefined) ?? (d.totalFen !== null ? Math.max(0, goods + shipping - d.totalFen) : 0);
  const parsed = OrderInput.safeParse({
    ...d.fields,
    platform,
    orderNo,
    lines: d.lines,
    discountFen: discount,
    shippingFen: shipping,
    totalFen: d.totalFen ?? undefined,
  });
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) fail(d.line, issue);
  return null;
}

/** Exports guard long numbers from Excel as '123 or ="123". */
function orderNumber(cells: string[], columns: Map<ImportField, number>): string {
  return (cells[columns.get('orderNo')!] ?? '').trim().replace(/^'|^="?|"$/g, '');
}

/** Adds a row to its order's draft (the first row of an order carries the order's fields). */
function readRow(line: number, cells: string[], columns: Map<ImportField, number>, existing: Draft | undefined, fail: Fail): Draft {
  const cell = (f: ImportField) => {
    const i = columns.get(f);
    return i === undefined ? '' : (cells[i] ?? '').trim();
  };
  let draft = existing;
  let bad = false;
  const money = (f: ImportField, required: boolean) => {
    const text = cell(f);
    if (!text) {
      if (required) {
        fail(line, f, 'missing');
        bad = true;
      }
      return undefined;
    }
    const fen = parseYuan(text);
    if (fen === null) {
      fail(line, f, 'notYuan', text.slice(0, 40));
      bad = true;
      return undefined;
    }
    return fen;
  };
  const time = (f: ImportField, required: boolean) => {
    const text = cell(f);
    if (!text) {
      if (required) {
        fail(line, f, 'missing');
        bad = true;
      }
      return undefined;
    }
    const at = parseChinaTime(text);
    if (!at) {
      fail(line, f, 'notTime', text.slice(0, 40));
      bad = true;
      return undefined;
    }
    return at;
  };
  const quantityText = cell('quantity');
  const quantity = /^\d{1,5}$/.test(quantityText) && Number(quantityText) > 0 ? Number(quantityText) : undefined;
  if (quantity === undefined) {
    fail(line, 'quantity', 'notQuantity', quantityText.slice(0, 20));
    bad = true;
  }
  const unitPriceFen = money('unitPrice', true);
  if (!cell('title')) {
    fail(line, 'title', 'missing');
    bad = true;
  }
  const lineItem = { title: cell('title'), quantity, unitPriceFen, ...(cell('sku') && { sku: cell('sku') }) };
  if (!draft) {
    const statusText = cell('status');
    const status = parseStatus(statusText);
    if (!status) {
      fail(line, 'status', 'unknownStatus', statusText.slice(0, 30));
      bad = true;
    }
    const full = cell('address');
    const parts = full.split(/\s+/);
    const [province, city, district] = cell('province')
      ? [cell('province'), cell('city'), cell('district')]
      : parts.length >= 4
        ? [parts[0], parts[1], parts[2]]
        : ['', '', ''];
    const fields: Record<string, unknown> = {
      status,
      createdAt: time('createdAt', true),
      paidAt: time('paidAt', false),
      shippedAt: time('shippedAt', false),
      buyerNick: cell('buyerNick') || undefined,
      remark: cell('remark') || undefined,
      trackingNo: cell('trackingNo') || undefined,
      courier: cell('courier') || undefined,
      discountFen: money('discount', false),
      shippingFen: money('shipping', false),
      invoice: cell('invoiceTitle') ? { title: cell('invoiceTitle') } : undefined,
      receiver: {
        name: cell('receiverName') || undefined,
        phone: cell('phone') || undefined,
        province: province || undefined,
        city: city || undefined,
        district: district || undefined,
        address: (cell('province') || parts.length < 4 ? full : parts.slice(3).join(' ')) || undefined,
      },
    };
    draft = { line, fields, lines: [], totalFen: money('total', false) ?? null, bad };
  }
  draft.lines.push(lineItem);
  if (bad) draft.bad = true;
  return draft;
}
