import type { z } from 'zod';

/**
 * Why a row of an imported file (orders, FAQ) is refused, in the reader's language and naming the column as the file
 * heads it: Chinese unless the request prefers English (`Accept-Language: en…`), the English texts being the ones the
 * web app already translates.
 */
export type ImportLang = 'zh' | 'en';

export function importLang(acceptLanguage: string | undefined): ImportLang {
  const first = acceptLanguage?.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'zh';
}

const REASONS = {
  missing: { zh: '「{column}」为空', en: 'missing' },
  notYuan: { zh: '「{column}」的“{value}”不是金额（元）', en: '"{value}" is not an amount in yuan' },
  notTime: { zh: '「{column}」的“{value}”不是日期时间', en: '"{value}" is not a date and time' },
  notQuantity: { zh: '「{column}」的“{value}”不是大于 0 的整数', en: '"{value}" is not a whole number above 0' },
  unknownStatus: { zh: '「{column}」的“{value}”不是可识别的订单状态', en: '"{value}" is not an order status this import knows' },
  rowsApart: { zh: '订单 {value} 的各行必须相邻', en: 'the rows of order {value} must follow each other' },
  noProduct: { zh: '「{column}」中的 SKU {value} 没有对应的商品', en: 'no product with SKU {value}' },
  empty: { zh: '「{column}」不能为空', en: 'must not be empty' },
  tooLong: { zh: '「{column}」太长（最多 {value} 个字）', en: 'expected string to have <={value} characters' },
  invalid: { zh: '「{column}」不正确：{value}', en: '{value}' },
} as const;
export type ImportReason = keyof typeof REASONS;

export function importReason(lang: ImportLang, reason: ImportReason, params: { column: string; value?: string }): string {
  return REASONS[reason][lang].replace('{column}', params.column).replace('{value}', params.value ?? '');
}

const STATUS_ZH: Record<string, string> = { paid: '已付款', shipped: '已发货', delivered: '已签收', completed: '交易成功' };
const yuan = (fen: string) => `¥${(Number(fen) / 100).toFixed(2)}`;
/** The order rules' own reasons (orders/input.ts), in Chinese. */
const RULES_ZH: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^required for a (\w+) order$/, (m) => `${STATUS_ZH[m[1]!] ?? m[1]}的订单必须填写`],
  [/^must not be before the order was placed$/, () => '不能早于下单时间'],
  [/^must not be above the goods \((\d+) fen\)$/, (m) => `不能高于商品金额 ${yuan(m[1]!)}`],
  [/^must be goods − discount \+ shipping = (\d+) fen$/, (m) => `应为 商品 − 优惠 + 运费 = ${yuan(m[1]!)}`],
  [/^must not be above what the shopper paid \((\d+) fen\)$/, (m) => `不能高于买家实付 ${yuan(m[1]!)}`],
];

/** A validation issue of a row's value as an import reason. */
export function issueReason(lang: ImportLang, column: string, issue: z.ZodError['issues'][number]): string {
  if (issue.code === 'too_small' && issue.minimum === 1 && issue.origin === 'string') return importReason(lang, 'empty', { column });
  if (issue.code === 'too_big' && issue.origin === 'string') return importReason(lang, 'tooLong', { column, value: String(issue.maximum) });
  if (lang === 'en') return issue.message;
  for (const [re, zh] of RULES_ZH) {
    const m = re.exec(issue.message);
    if (m) return `「${column}」${zh(m)}`;
  }
  return importReason(lang, 'invalid', { column, value: issue.message });
}
