// Text clean-up shared by training and prediction, so a review is featurized the same way in both.
import * as OpenCC from 'opencc-js';

/** Longest input (UTF-16 units) looked at; the rest of a huge message is ignored. */
export const MAX_INPUT_CHARS = 4000;

let toSimplified: ((s: string) => string) | undefined;
let traditional: Set<number> | undefined | null;

/**
 * Code points that the hk→cn conversion may change, read from OpenCC's own dictionaries (keys of entries whose
 * value differs at that position). A text with none of them is already simplified and skips the converter,
 * which is most of the cost of normalizing a long text. null when the dictionaries are not plain strings.
 */
function traditionalChars(): Set<number> | null {
  const set = new Set<number>();
  const groups = [...(OpenCC.Locale.from.hk ?? []), ...(OpenCC.Locale.to.cn ?? [])];
  for (const group of groups) {
    for (const dict of group as readonly unknown[]) {
      if (typeof dict !== 'string') return null;
      for (const entry of dict.split('|')) {
        const [key = '', value = ''] = entry.split(' ');
        const k = Array.from(key);
        const v = Array.from(value);
        k.forEach((ch, i) => {
          if (k.length !== v.length || ch !== v[i]) set.add(ch.codePointAt(0)!);
        });
      }
    }
  }
  return set;
}

function simplified(s: string): string {
  if (traditional === undefined) traditional = traditionalChars();
  if (traditional) {
    let any = false;
    for (let i = 0; i < s.length && !any; i++) {
      const c = s.codePointAt(i)!;
      if (c >= 0x3400 && traditional.has(c)) any = true;
      if (c > 0xffff) i++;
    }
    if (!any) return s;
  }
  const convert = (toSimplified ??= OpenCC.Converter({ from: 'hk', to: 'cn' }));
  return convert(s);
}

const ENTITIES: Record<string, string> = { nbsp: ' ', lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntity(_m: string, body: string): string {
  if (body[0] === '#') {
    const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
    return Number.isFinite(code) && code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : ' ';
  }
  return ENTITIES[body.toLowerCase()] ?? ' ';
}

/**
 * Normalizes a review or chat message: caps the length, drops HTML tags and entities and URLs, folds full-width
 * forms (NFKC), lower-cases, converts traditional characters to simplified, collapses whitespace and runs of
 * one repeated character ("！！！！！" → "!!!", "哈哈哈哈哈" → "哈哈哈"). Never throws; non-strings become "".
 */
export function normalizeText(input: unknown): string {
  let s = typeof input === 'string' ? input : '';
  if (s.length === 0) return '';
  if (s.length > MAX_INPUT_CHARS) s = s.slice(0, MAX_INPUT_CHARS);
  // Lone surrogates (e.g. from the cut above) would become U+FFFD in the native segmenter; drop them here.
  s = s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '');
  if (s.includes('<')) s = s.replace(/<\/?[a-zA-Z][^<>]{0,300}>|<!--[\s\S]{0,2000}?-->/g, ' ');
  if (s.includes('&')) s = s.replace(/&(#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,6});/g, decodeEntity);
  s = s.replace(/https?:\/\/\S+|www\.\S+/gi, ' ');
  s = s.normalize('NFKC').toLowerCase();
  s = simplified(s);
  s = s.replace(/[\s\u200b-\u200f\ufeff]+/g, ' ').trim();
  s = s.replace(/(.)\1{3,}/gu, '$1$1$1');
  return s;
}
