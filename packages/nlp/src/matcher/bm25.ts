/**
 * One BM25 field over short documents (FAQ phrasings) whose terms are sets (tf = 1), with live add/remove.
 * Document ids are small integers handed out by the caller; scores are accumulated into a caller's array.
 */
export class Bm25Field {
  private readonly postings = new Map<string, number[]>();
  private readonly lengths: number[] = [];
  private totalLength = 0;
  private docs = 0;

  constructor(
    readonly k1 = 1.2,
    readonly b = 0.75,
  ) {}

  get documentCount(): number {
    return this.docs;
  }

  get termCount(): number {
    return this.postings.size;
  }

  add(doc: number, terms: readonly string[]): void {
    for (const t of terms) {
      let list = this.postings.get(t);
      if (!list) this.postings.set(t, (list = []));
      list.push(doc);
    }
    this.lengths[doc] = terms.length;
    this.totalLength += terms.length;
    this.docs += 1;
  }

  remove(doc: number, terms: readonly string[]): void {
    for (const t of terms) {
      const list = this.postings.get(t);
      if (!list) continue;
      const at = list.indexOf(doc);
      if (at < 0) continue;
      list.splice(at, 1);
      if (list.length === 0) this.postings.delete(t);
    }
    this.totalLength -= this.lengths[doc] ?? 0;
    this.lengths[doc] = 0;
    this.docs -= 1;
  }

  df(term: string): number {
    return this.postings.get(term)?.length ?? 0;
  }

  /** Robertson–Spärck Jones IDF, never negative; an unseen term gets the largest value. */
  idf(term: string): number {
    const n = this.docs;
    const df = this.df(term);
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /**
   * Adds `weight` × BM25(term, doc) for every document holding one of `terms` into `acc`; a document seen
   * for the first time (acc 0) is pushed onto `touched`, or, when `addNew` is false, left out: the terms then
   * only refine the scores of documents already found.
   */
  accumulate(terms: readonly string[], weight: number, acc: Float64Array, touched: number[], addNew = true): void {
    if (this.docs === 0) return;
    const avg = this.totalLength / this.docs || 1;
    const { k1, b } = this;
    const lengths = this.lengths;
    for (const t of terms) {
      const list = this.postings.get(t);
      if (!list) continue;
      const w = weight * this.idf(t) * (k1 + 1);
      if (w <= 0) continue;
      for (let i = 0; i < list.length; i++) {
        const d = list[i]!;
        const norm = 1 - b + (b * lengths[d]!) / avg;
        const before = acc[d]!;
        if (before === 0) {
          if (!addNew) continue;
          touched.push(d);
        }
        acc[d] = before + w / (1 + k1 * norm);
      }
    }
  }
}
