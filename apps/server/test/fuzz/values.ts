import type { Random } from '../../src/seed/random.ts';

/** The part of a JSON Schema (as the API docs publish it) the fuzzer reads to build plausible values. */
export interface Schema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  nullable?: boolean;
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  default?: unknown;
}

/** A deeply nested array, built without recursion. */
export function deeplyNested(depth: number, leaf: unknown = 'x'): unknown {
  let value: unknown = leaf;
  for (let i = 0; i < depth; i++) value = i % 2 ? { a: value } : [value];
  return value;
}

/** Strings the database, the search index, the parsers or the renderers have choked on, or might. */
export const NASTY_STRINGS = [
  '',
  ' ',
  'a\u0000b',
  '\u0000',
  'x\uD800',
  '\uDC00y',
  '\uDBFF\uDBFF',
  '😀'.repeat(50),
  '\u202Eevil',
  '<script>alert(1)</script>',
  "' or 1=1 --",
  '%00',
  '\\',
  '\\u0000',
  '../../etc/passwd',
  'javascript:alert(1)',
  'NaN',
  '-1',
  '1e309',
  '0x10',
  '2026-02-30',
  '0000-00-00 00:00:00',
  '9999-12-31T23:59:59.999Z',
  '13800138000',
  'a@b',
  'w'.repeat(3000),
  `https://example.com/${'u'.repeat(5000)}`,
  '长'.repeat(2100),
  ' \t\n ',
  '\r\n\r\n',
  '{"a":1}',
  'null',
  'true',
];

/** Numbers at and past every boundary an integer column or a JavaScript number has. */
export const NASTY_NUMBERS = [0, -1, 1.5, 2 ** 31 - 1, 2 ** 31, -(2 ** 31) - 1, 2 ** 53, 2 ** 63, 1e308, -1e308, Number.MIN_VALUE, 99_999_999_999];

/** One value meant to break something: a nasty string or number, a wrong type, or a huge or deep structure. */
export function nastyValue(rnd: Random): unknown {
  switch (rnd.int(0, 9)) {
    case 0:
    case 1:
    case 2:
      return rnd.pick(NASTY_STRINGS);
    case 3:
    case 4:
      return rnd.pick(NASTY_NUMBERS);
    case 5:
      return rnd.pick([null, true, false, {}, [], [null], { '': 1 }]);
    case 6:
      return Array.from({ length: rnd.pick([100, 5000]) }, () => rnd.pick(NASTY_STRINGS));
    case 7:
      return deeplyNested(rnd.pick([50, 2000]));
    case 8:
      return Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`k${i}\u0000`.slice(0, rnd.chance(0.5) ? 4 : 5), i]));
    default:
      return 'x'.repeat(rnd.pick([201, 2001, 70_000]));
  }
}

const SAMPLE_BY_NAME: [RegExp, unknown][] = [
  [/phone/i, '13800138000'],
  [/email/i, 'shopper@example.com'],
  [/orderNo/i, 'TB-FUZZ-1'],
  [/(At|Date|date|birthday)$/, '2026-03-01T08:00:00Z'],
  [/url|image/i, 'https://img.example.com/a.png'],
  [/^q$/, '退款'],
  [/version/i, 1],
];

/** A value that fits the schema (as far as a simple reading of it allows), with ids pointing at early rows. */
export function plausibleValue(schema: Schema | undefined, rnd: Random, name = '', depth = 0): unknown {
  if (!schema || depth > 6) return 'x';
  if (schema.const !== undefined) return schema.const;
  if (schema.enum?.length) return rnd.pick(schema.enum);
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants?.length) return plausibleValue(rnd.pick(variants), rnd, name, depth + 1);
  if (schema.allOf?.length) return Object.assign({}, ...schema.allOf.map((s) => plausibleValue(s, rnd, name, depth + 1)));
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  const byName = SAMPLE_BY_NAME.find(([re]) => re.test(name))?.[1];
  switch (type) {
    case 'integer':
    case 'number': {
      if (typeof byName === 'number') return byName;
      const min = schema.minimum ?? 1;
      const max = Math.min(schema.maximum ?? min + 4, min + 4);
      return /id$/i.test(name) ? rnd.int(1, 3) : rnd.int(Math.ceil(min), Math.max(Math.ceil(min), Math.floor(max)));
    }
    case 'boolean':
      return rnd.chance(0.5);
    case 'array': {
      const n = Math.max(schema.minItems ?? 0, Math.min(schema.maxItems ?? 2, rnd.int(0, 2)));
      return Array.from({ length: n }, () => plausibleValue(schema.items, rnd, name, depth + 1));
    }
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(schema.properties ?? {})) {
        if (schema.required?.includes(key) || rnd.chance(0.5)) out[key] = plausibleValue(child, rnd, key, depth + 1);
      }
      return out;
    }
    default: {
      if (typeof byName === 'string') return byName;
      if (schema.format === 'date-time') return '2026-03-01T08:00:00Z';
      if (schema.format === 'email') return 'shopper@example.com';
      if (schema.format === 'uri') return 'https://example.com/a';
      const length = Math.max(schema.minLength ?? 1, Math.min(schema.maxLength ?? 8, 8));
      return `测试${'x'.repeat(length)}`.slice(0, Math.max(length, 1));
    }
  }
}

/** The value with one place in it (chosen at random, the value itself included) replaced by a nasty value. */
export function mutate(value: unknown, rnd: Random): unknown {
  if (value === null || typeof value !== 'object' || rnd.chance(0.15)) return nastyValue(rnd);
  const copy: Record<string, unknown> | unknown[] = Array.isArray(value) ? [...value] : { ...(value as Record<string, unknown>) };
  const keys = Object.keys(copy);
  if (keys.length === 0 || rnd.chance(0.1)) {
    (copy as Record<string, unknown>)[rnd.pick(['__proto__', 'constructor', 'extra\u0000', 'unknownField', '0'])] = nastyValue(rnd);
    return copy;
  }
  const key = rnd.pick(keys);
  (copy as Record<string, unknown>)[key] = mutate((copy as Record<string, unknown>)[key], rnd);
  return copy;
}

/** Text that passes a schema's length and shape checks but that the database or the index cannot take as it is. */
const POISONS = ['\u0000', '\uD800', '\uDFFF', `https://x.example/${'p'.repeat(2100)}`, '\uD83D'];

/**
 * The value with one string leaf poisoned (NUL, a lone surrogate, a word too long for the index) or one number leaf
 * pushed past an integer column's range, the rest left as it was: the request still passes validation and reaches the
 * handler and the database. Null when the value has no such leaf.
 */
export function poisonLeaf(value: unknown, rnd: Random): unknown {
  const leaves: (string | number)[][] = [];
  const walk = (v: unknown, path: (string | number)[]) => {
    if (typeof v === 'string' || typeof v === 'number') leaves.push(path);
    else if (Array.isArray(v)) v.forEach((c, i) => walk(c, [...path, i]));
    else if (v && typeof v === 'object') for (const [k, c] of Object.entries(v)) walk(c, [...path, k]);
  };
  walk(value, []);
  if (leaves.length === 0) return null;
  const path = rnd.pick(leaves);
  const poison = (leaf: unknown) =>
    typeof leaf === 'number'
      ? rnd.pick([2 ** 31, 2 ** 53, 1e20, -(2 ** 31) - 1])
      : rnd.chance(0.2)
        ? rnd.pick(POISONS).slice(0, 2200)
        : `${String(leaf).slice(0, 3)}${rnd.pick(POISONS.slice(0, 3))}${String(leaf).slice(3)}`;
  if (path.length === 0) return poison(value);
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path.at(-1)!;
  parent[last] = poison(parent[last]);
  return copy;
}
