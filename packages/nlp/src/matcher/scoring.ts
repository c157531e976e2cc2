import type { Bm25Field } from './bm25.ts';

/** The `max` terms of highest IDF (all of them when there are no more); a very long question keeps only its rarest. */
export function topByIdf(field: Bm25Field, terms: string[], max: number): string[] {
  if (terms.length <= max) return terms;
  return terms
    .map((term) => ({ term, idf: field.idf(term) }))
    .sort((a, b) => b.idf - a.idf)
    .slice(0, max)
    .map((x) => x.term);
}

/** IDF-weighted share of the query's terms found among `terms`. */
export function share(field: Bm25Field, terms: readonly string[], query: ReadonlySet<string>, queryMass: number): number {
  if (queryMass <= 0) return 0;
  let matched = 0;
  for (const t of terms) if (query.has(t)) matched += field.idf(t);
  return Math.min(1, matched / queryMass);
}

export function mass(field: Bm25Field, terms: readonly string[]): number {
  let m = 0;
  for (const t of terms) m += field.idf(t);
  return m;
}

/**
 * Similarity of a phrasing to the question in one field: the harmonic mean of the IDF-weighted share of the
 * question matched by the phrasing and of the phrasing matched by the question.
 */
export function overlap(field: Bm25Field, docTerms: readonly string[], query: ReadonlySet<string>, queryMass: number): number {
  if (queryMass <= 0 || docTerms.length === 0) return 0;
  let docMass = 0;
  let matched = 0;
  for (const t of docTerms) {
    const idf = field.idf(t);
    docMass += idf;
    if (query.has(t)) matched += idf;
  }
  if (matched <= 0) return 0;
  const q = matched / queryMass;
  const d = matched / docMass;
  return (2 * q * d) / (q + d);
}

/** Keeps `top` the k best [key, score] pairs, best first; true when the pair got in. */
export function pushTop(top: [number, number][], k: number, key: number, score: number): boolean {
  if (top.length === k && score <= top[k - 1]![1]) return false;
  let i = top.length < k ? top.length : k - 1;
  if (top.length < k) top.push([key, score]);
  while (i > 0 && top[i - 1]![1] < score) {
    top[i] = top[i - 1]!;
    i--;
  }
  top[i] = [key, score];
  return true;
}

export function partition<T>(xs: readonly T[], test: (x: T) => boolean): [T[], T[]] {
  const yes: T[] = [];
  const no: T[] = [];
  for (const x of xs) (test(x) ? yes : no).push(x);
  return [yes, no];
}

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}
