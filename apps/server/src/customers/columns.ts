import { IDENTITY_KINDS, normalizeIdentity, type IdentityKind, type Segment } from '@kefu/domain';
import type { AddressInput, CustomerInput, IdentityInput } from './service.ts';

/**
 * The columns of the customer spreadsheet, the same for export and import (the export's extra columns are ignored).
 * 客户分层 is exported to be read and ignored on import: the segment rules compute it (customers/segments/).
 */
export const COLUMNS = {
  name: '姓名',
  phone: '手机',
  email: '邮箱',
  taobao: '淘宝账号',
  jd: '京东账号',
  pdd: '拼多多账号',
  shop: '官网账号',
  segment: '客户分层',
  tags: '标签',
  gender: '性别',
  birthday: '生日',
  birthdayLunar: '农历生日',
  agent: '专属客服',
  province: '省份',
  city: '城市',
  district: '区县',
  detail: '详细地址',
} as const;
export type Column = keyof typeof COLUMNS;

/** Other headers a shop's own spreadsheet may use for a column. */
const ALIASES: Partial<Record<Column, string[]>> = {
  name: ['客户姓名', '客户名称', '名称'],
  phone: ['手机号', '手机号码', '联系电话', '电话'],
  email: ['邮件', '电子邮箱', 'e-mail'],
  taobao: ['淘宝', '淘宝昵称', '旺旺'],
  jd: ['京东', '京东昵称'],
  pdd: ['拼多多', '拼多多昵称'],
  shop: ['官网', '官网会员'],
  segment: ['分层', '客户等级'],
  agent: ['客服', '负责客服'],
  province: ['省'],
  city: ['市'],
  district: ['区'],
  detail: ['地址', '收货地址'],
};

export const SEGMENT_LABELS: Record<Segment, string> = {
  vip: 'VIP',
  high_value: '高价值',
  at_risk: '流失风险',
  new: '新客户',
  regular: '普通',
  active: '活跃',
  complaint_prone: '易投诉',
};

const normalizeHeader = (h: string) => h.replace(/\s/g, '').toLowerCase();

/** Which cell holds each column, from the header row; null when there is no 姓名 column. */
export function mapHeader(cells: readonly string[]): Map<Column, number> | null {
  const index = new Map(cells.map((h, i) => [normalizeHeader(h), i] as const));
  const columns = new Map<Column, number>();
  for (const column of Object.keys(COLUMNS) as Column[]) {
    for (const header of [COLUMNS[column], column, ...(ALIASES[column] ?? [])]) {
      const i = index.get(normalizeHeader(header));
      if (i !== undefined) {
        columns.set(column, i);
        break;
      }
    }
  }
  return columns.has('name') ? columns : null;
}

export interface RowProblem {
  field: string;
  message: string;
}
export interface ParsedRow {
  input: CustomerInput;
  identities: (IdentityInput & { column: Column })[];
  /** Whether the 农历生日 cell said anything (an update leaves the flag alone otherwise). */
  lunarGiven: boolean;
  agentName?: string;
}

const LIST = /[\n,，、;；|/]+/;
const split = (text: string) =>
  text
    .split(LIST)
    .map((s) => s.trim())
    .filter(Boolean);
const quote = (text: string) => `“${text.length > 40 ? `${text.slice(0, 40)}…` : text}”`;
const IDENTITY_LABEL: Record<IdentityKind, string> = {
  phone: '有效的手机或电话号码',
  email: '有效的邮箱地址',
  taobao: '有效的淘宝账号（不超过 64 个字）',
  jd: '有效的京东账号（不超过 64 个字）',
  pdd: '有效的拼多多账号（不超过 64 个字）',
  shop: '有效的官网账号（不超过 64 个字）',
};

/** "2026/3/5", "2026-03-05 00:00:00" (an Excel date cell) → "2026-03-05"; null when it is no calendar day. */
export function parseDay(text: string): string | null {
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:\s+00:00(?::00)?)?$/.exec(text.trim());
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d || y < 1900 || date.getTime() > Date.now()) return null;
  return date.toISOString().slice(0, 10);
}

/**
 * One row of the sheet as a customer, or every problem with it, each naming its column and saying what is wrong in
 * Chinese (the people importing are the shop's staff).
 */
export function parseRow(cells: readonly string[], columns: Map<Column, number>): { row: ParsedRow } | { problems: RowProblem[] } {
  const cell = (c: Column) => {
    const i = columns.get(c);
    return i === undefined ? '' : (cells[i] ?? '').trim();
  };
  const problems: RowProblem[] = [];
  const fail = (c: Column, message: string) => problems.push({ field: COLUMNS[c], message: `「${COLUMNS[c]}」${message}` });

  const name = cell('name');
  if (!name) fail('name', '不能为空');
  else if (name.length > 64) fail('name', `超过 64 个字`);

  const identities: ParsedRow['identities'] = [];
  for (const kind of IDENTITY_KINDS) {
    for (const raw of split(cell(kind))) {
      const value = normalizeIdentity(kind, raw);
      if (value) identities.push({ kind, value, column: kind });
      else fail(kind, `${quote(raw)}不是${IDENTITY_LABEL[kind]}`);
    }
  }
  if (identities.length > 20) fail('phone', '联系方式最多 20 个');

  const genderText = cell('gender');
  const gender = genderText ? ({ 女: 'female', 男: 'male', female: 'female', male: 'male' } as const)[genderText.toLowerCase() as '女'] : undefined;
  if (genderText && !gender) fail('gender', `${quote(genderText)}应为“男”或“女”`);

  const birthdayText = cell('birthday');
  const birthday = birthdayText ? parseDay(birthdayText) : undefined;
  if (birthday === null) fail('birthday', `${quote(birthdayText)}不是有效的日期（例如 1990-08-15）`);

  const lunarText = cell('birthdayLunar');
  const lunar = lunarText
    ? ({ 是: true, 否: false, 农历: true, 公历: false, true: true, false: false } as Record<string, boolean>)[lunarText.toLowerCase()]
    : undefined;
  if (lunarText && lunar === undefined) fail('birthdayLunar', `${quote(lunarText)}应为“是”或“否”`);

  const tags = [...new Set(split(cell('tags')))];
  if (tags.length > 20 || tags.some((t) => t.length > 32)) fail('tags', '最多 20 个，每个不超过 32 个字');

  const address = parseAddress(cell, name, identities, fail);
  if (problems.length) return { problems };
  const agentName = cell('agent') || undefined;
  return {
    row: {
      input: {
        name,
        ...(gender && { gender }),
        ...(birthday && { birthday }),
        ...(lunar !== undefined && { birthdayLunar: lunar }),
        tags,
        identities,
        addresses: address ? [address] : [],
      },
      identities,
      lunarGiven: lunar !== undefined,
      agentName,
    },
  };
}

/** 省份, 城市, 详细地址 go together (区县 is optional); the receiver is the customer, at their first phone. */
function parseAddress(
  cell: (c: Column) => string,
  name: string,
  identities: readonly IdentityInput[],
  fail: (c: Column, message: string) => void,
): AddressInput | null {
  const parts = (['province', 'city', 'district', 'detail'] as const).map(cell);
  if (parts.every((p) => !p)) return null;
  const [province, city, district, detail] = parts as [string, string, string, string];
  let ok = true;
  for (const [column, value, max] of [
    ['province', province, 20],
    ['city', city, 40],
    ['detail', detail, 200],
  ] as const) {
    if (!value) {
      fail(column, '填写地址时不能为空');
      ok = false;
    } else if (value.length > max) {
      fail(column, `超过 ${max} 个字`);
      ok = false;
    }
  }
  if (district.length > 40) {
    fail('district', '超过 40 个字');
    ok = false;
  }
  const phone = identities.find((i) => i.kind === 'phone')?.value;
  if (!phone) {
    fail('detail', '填写地址时需要「手机」作为收货电话');
    ok = false;
  }
  return ok && phone ? { recipient: name.slice(0, 40), phone, province, city, district, detail, isDefault: true } : null;
}
