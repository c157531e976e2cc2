/** Rules for text and links that come from outside (requests, socket frames, files), whatever the field. */

export interface UnsafeText {
  path: string[];
  reason: string;
}

// eslint-disable-next-line no-control-regex -- NUL is exactly what this looks for
const NUL = /\u0000/;
// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a string cannot be stored as text (PostgreSQL refuses NUL; a lone surrogate is not Unicode), or null. */
export function unstorableText(text: string): string | null {
  if (NUL.test(text)) return 'must not contain the NUL character (\\u0000)';
  if (LONE_SURROGATE.test(text)) return 'must not contain an unpaired UTF-16 surrogate';
  return null;
}

/**
 * The first string, value or object key, anywhere in a parsed JSON value (or query, params) that cannot be stored as
 * text, with its path; null when all can. Walks without recursion so a deeply nested value cannot exhaust the stack.
 */
export function findUnstorableText(value: unknown): UnsafeText | null {
  // Each pending value points at its parent's step, so the path is built only for the bad string.
  interface Step {
    key: string;
    parent: Step | null;
  }
  const pathOf = (step: Step | null, last?: string) => {
    const path = last === undefined ? [] : [last];
    for (let s = step; s; s = s.parent) path.push(s.key);
    return path.reverse();
  };
  const pending: { value: unknown; at: Step | null }[] = [{ value, at: null }];
  while (pending.length) {
    const { value: v, at } = pending.pop()!;
    if (typeof v === 'string') {
      const reason = unstorableText(v);
      if (reason) return { path: pathOf(at), reason };
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) pending.push({ value: v[i], at: { key: String(i), parent: at } });
    } else if (v !== null && typeof v === 'object' && !(v instanceof Date) && !ArrayBuffer.isView(v)) {
      const entries = Object.entries(v);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i]!;
        const reason = unstorableText(key);
        // eslint-disable-next-line no-control-regex -- NUL is exactly what is replaced
        if (reason) return { path: pathOf(at, key.replace(/[\u0000\uD800-\uDFFF]/g, '?')), reason: `(a key) ${reason}` };
        pending.push({ value: child, at: { key, parent: at } });
      }
    }
  }
  return null;
}

/**
 * A link the apps may put in `src`/`href`: an absolute http(s) URL, or a path on this site ("/…", not "//…").
 * Anything else (javascript:, data:, protocol-relative, backslashes, control characters) is refused.
 */
export function isSafeLink(link: string): boolean {
  // eslint-disable-next-line no-control-regex -- control characters are what makes a link unsafe
  if (/[\u0000-\u001F\u007F\\\s]/.test(link)) return false;
  if (link.startsWith('/')) return !link.startsWith('//');
  try {
    const url = new URL(link);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}
