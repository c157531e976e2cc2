import { readFileSync } from 'node:fs';
import { normalizeQuestion } from './normalize.ts';

/** Groups of interchangeable terms; the first term of a group is its canonical form. */
export type SynonymGroups = readonly (readonly string[])[];

let defaultGroups: SynonymGroups | undefined;
/** The default synonym groups shipped in data/synonyms-default.json (退款/退钱, 快递/物流/包裹, typos, pinyin…). */
export function defaultSynonymGroups(): SynonymGroups {
  defaultGroups ??= (JSON.parse(readFileSync(new URL('../../data/synonyms-default.json', import.meta.url), 'utf8')) as { groups: string[][] }).groups;
  return defaultGroups;
}

const LATIN = /[a-z0-9]/;
const LETTER = /[a-z]/;

/**
 * Rewrites every synonym in a (normalised) text to its group's canonical term, longest match first, in one
 * left-to-right pass. Groups sharing a term are merged (a shop's ["包裹", "箱子"] joins the default
 * ["快递", "物流", "包裹"] group, so 箱子 becomes 快递); the canonical term is the first term of the earliest
 * group. Latin terms ("sf", "refund") only match as whole words.
 */
export class SynonymMap {
  private readonly canonical = new Map<string, string>();
  /** First character → lengths of the terms starting with it, longest first. */
  private readonly lengthsByFirst = new Map<string, number[]>();

  constructor(...groupLists: (SynonymGroups | undefined)[]) {
    const groups = groupLists.flatMap((g) => (g ?? []).map((terms) => terms.map((t) => normalizeQuestion(t, 64)).filter(Boolean)));
    // Union-find over terms.
    const parent = new Map<string, string>();
    const order = new Map<string, number>();
    const find = (t: string): string => {
      let r = t;
      while (parent.get(r) !== r) r = parent.get(r)!;
      let c = t;
      while (c !== r) {
        const next = parent.get(c)!;
        parent.set(c, r);
        c = next;
      }
      return r;
    };
    groups.forEach((terms, gi) => {
      for (const t of terms) {
        if (!parent.has(t)) {
          parent.set(t, t);
          order.set(t, gi * 1000 + terms.indexOf(t));
        }
      }
      const first = terms[0];
      if (first === undefined) return;
      for (const t of terms.slice(1)) {
        const a = find(first);
        const b = find(t);
        if (a === b) continue;
        // The root is the term seen earliest, so the canonical term is the first term of the earliest group.
        if (order.get(a)! <= order.get(b)!) parent.set(b, a);
        else parent.set(a, b);
      }
    });
    for (const t of parent.keys()) {
      const root = find(t);
      if (root !== t) this.canonical.set(t, root);
    }
    for (const t of this.canonical.keys()) {
      const first = t[0]!;
      const lengths = this.lengthsByFirst.get(first) ?? [];
      if (!lengths.includes(t.length)) lengths.push(t.length);
      this.lengthsByFirst.set(first, lengths);
    }
    for (const lengths of this.lengthsByFirst.values()) lengths.sort((a, b) => b - a);
  }

  /** Number of terms that are rewritten. */
  get size(): number {
    return this.canonical.size;
  }

  /** The canonical form of one term, or the term itself. */
  canonicalOf(term: string): string {
    return this.canonical.get(term) ?? term;
  }

  /** The text with every synonym replaced by its canonical term. `text` must already be normalised. */
  rewrite(text: string): string {
    if (this.canonical.size === 0) return text;
    let out = '';
    let i = 0;
    let copiedTo = 0;
    while (i < text.length) {
      const ch = text[i]!;
      const lengths = this.lengthsByFirst.get(ch);
      let matched = 0;
      if (lengths) {
        for (const len of lengths) {
          if (i + len > text.length) continue;
          const piece = text.slice(i, i + len);
          const target = this.canonical.get(piece);
          if (target === undefined) continue;
          if (LATIN.test(ch) && !latinBoundary(text, i, len)) continue;
          out += text.slice(copiedTo, i) + target;
          matched = len;
          break;
        }
      }
      if (matched) {
        i += matched;
        copiedTo = i;
      } else {
        i += 1;
      }
    }
    return copiedTo === 0 ? text : out + text.slice(copiedTo);
  }
}

/** A latin term must not be glued to other latin letters ("sf" in "sfx", "ship" in "shipping"). */
function latinBoundary(text: string, start: number, len: number): boolean {
  const before = text[start - 1];
  const after = text[start + len];
  const first = text[start]!;
  const last = text[start + len - 1]!;
  if (before !== undefined && LETTER.test(before) && LETTER.test(first)) return false;
  if (after !== undefined && LETTER.test(after) && LETTER.test(last)) return false;
  return true;
}
