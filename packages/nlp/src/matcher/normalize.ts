import * as OpenCC from 'opencc-js';

/** Longest normalised question kept, in characters (code points). */
export const MAX_QUESTION_LENGTH = 500;

/** Raw input looked at before any work: a question longer than this is abuse, its tail is dropped unread. */
const MAX_RAW_LENGTH = 20_000;

let toSimplified: ((text: string) => string) | undefined;
/** Taiwan/Hong Kong/OpenCC-standard traditional to mainland simplified ('tw' also maps 裡→里, 著→着). */
function simplified(text: string): string {
  const convert = (toSimplified ??= OpenCC.Converter({ from: 'tw', to: 'cn' }));
  return convert(text);
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  ensp: ' ',
  emsp: ' ',
  thinsp: ' ',
  hellip: '…',
  mdash: '—',
  ndash: '–',
  middot: '·',
  ldquo: '“',
  rdquo: '”',
  lsquo: '‘',
  rsquo: '’',
  yen: '¥',
  copy: '©',
  reg: '®',
  times: '×',
  divide: '÷',
};

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,8});?/gi, (whole, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      if (!Number.isFinite(code) || code <= 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return ' ';
      return String.fromCodePoint(code);
    }
    return NAMED_ENTITIES[body.toLowerCase()] ?? whole;
  });
}

/** Scripts, styles and comments go with their content; other tags become a space, their text stays. */
function stripMarkup(text: string): string {
  return text
    .replace(/<!--[\s\S]*?(?:-->|$)/g, ' ')
    .replace(/<(script|style|template|iframe|object|noscript)\b[\s\S]*?(?:<\/\1\s*>|$)/gi, ' ')
    .replace(/<\/?[a-z!][^<>]*(?:>|$)/gi, ' ');
}

// eslint-disable-next-line no-control-regex, no-misleading-character-class -- control and zero-width characters are what is removed
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufe00-\ufe0f]/g;

/**
 * The form of a shopper's question (and of a FAQ phrasing) that matching works on: HTML tags, scripts and
 * styles stripped, entities decoded, full-width letters/digits/punctuation folded to half-width (NFKC),
 * traditional characters converted to simplified, lower-cased, invisible characters dropped, whitespace
 * collapsed, and capped at `maxLength` characters. Never throws; anything that is not a string gives ''.
 */
export function normalizeQuestion(text: unknown, maxLength = MAX_QUESTION_LENGTH): string {
  if (typeof text !== 'string' || text.length === 0) return '';
  let s = text.length > MAX_RAW_LENGTH ? text.slice(0, MAX_RAW_LENGTH) : text;
  s = stripMarkup(s);
  // An entity-encoded tag ("&lt;script&gt;") is markup once decoded: strip again after decoding.
  s = stripMarkup(decodeEntities(s));
  s = s.normalize('NFKC');
  s = s.replace(INVISIBLE, ' ');
  s = s.replace(/\s+/g, ' ').trim();
  // Cap before the conversion (the slow step) with some room, then exactly after it.
  if (s.length > maxLength * 2) s = s.slice(0, maxLength * 2);
  s = simplified(s).toLowerCase();
  if (s.length > maxLength) s = capCodePoints(s, maxLength);
  return s;
}

function capCodePoints(s: string, max: number): string {
  const points = Array.from(s);
  return points.length > max ? points.slice(0, max).join('').trimEnd() : s;
}
