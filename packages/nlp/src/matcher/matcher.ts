import { Bm25Field } from './bm25.ts';
import type { FaqEntry } from './faq.ts';
import { normalizeQuestion } from './normalize.ts';
import { mass, overlap, partition, pushTop, share, sigmoid, topByIdf } from './scoring.ts';
import { defaultSynonymGroups, SynonymMap } from './synonyms.ts';
import { charGrams, contentWords } from './tokens.ts';
import { DEFAULT_CONFIDENCE_THRESHOLD, DEFAULT_MATCHER_TUNING, type MatcherOptions, type MatcherTuning } from './tuning.ts';

export type MatchResult<E extends FaqEntry = FaqEntry> = {
  entry: E;
  /** Raw relevance (BM25 over words and character grams of the best-matching phrasing); only for ordering. */
  score: number;
  /** 0..1: how likely this entry answers the question. At or above DEFAULT_CONFIDENCE_THRESHOLD: answer it. */
  confidence: number;
  features?: MatchFeatures;
};

export type MatchOptions = {
  /** Most results returned (default 3). */
  limit?: number;
  /** The product the shopper is looking at: entries scoped to other products are left out, its own rank first. */
  productId?: number;
  /** Results below this confidence are left out (default 0: all candidates, best first). */
  minConfidence?: number;
  /** Attach the features the confidence was computed from. */
  explain?: boolean;
};

/** What the confidence of a result is computed from. */
export type MatchFeatures = {
  score: number;
  /** Word similarity of the question and the entry's best phrasing: IDF-weighted harmonic mean of both coverages. */
  wordCover: number;
  /** The same over character grams. */
  gramCover: number;
  /** IDF-weighted share of the question's words found anywhere in the entry (phrasings, category, answer). */
  queryCover: number;
  /** (score − best other candidate's score) / the larger of the two: > 0 for the leader. */
  lead: number;
};

type Doc = { slot: number; words: string[]; grams: string[] };
type Slot = { entry: FaqEntry; docs: number[]; products: ReadonlySet<number> | undefined; entryWords: string[] };

/**
 * Ranks FAQ entries for a shopper's question. Every phrasing of an entry (standard question and alternatives)
 * is a short document in two BM25 fields: jieba content words after synonym rewriting, and character
 * uni/bigrams (the fallback for misspelt, unsegmented or very short questions). An entry scores as its best
 * phrasing plus a weighted BM25 over one entry-level document (all its phrasings, category and answer words).
 * The confidence is a logistic function of how much of the question the entry covers (IDF-weighted) and of its
 * lead over the next candidate. Entries can be added, updated and removed at any time; a Matcher is not shared
 * between threads (match() reuses scratch arrays).
 */
export class Matcher<E extends FaqEntry = FaqEntry> {
  private readonly synonyms: SynonymMap;
  private readonly tuning: MatcherTuning;
  private readonly words: Bm25Field;
  private readonly grams: Bm25Field;
  /** One document per entry (by slot number): every phrasing's words, the category and the answer's words. */
  private readonly entryField: Bm25Field;
  private readonly byId = new Map<E['id'], number>();
  private readonly slots: (Slot | undefined)[] = [];
  private readonly freeSlots: number[] = [];
  private readonly docs: (Doc | undefined)[] = [];
  private readonly freeDocs: number[] = [];
  private acc = new Float64Array(1024);
  private accEntries = new Float64Array(256);
  /** Per slot: the best phrasing's document during a match, else -1. */
  private bestDoc = new Int32Array(256).fill(-1);
  /** Per document: its entry's slot. */
  private docSlot = new Int32Array(1024);

  constructor(entries: Iterable<E> = [], options: MatcherOptions = {}) {
    this.tuning = { ...DEFAULT_MATCHER_TUNING, ...options.tuning };
    this.synonyms = new SynonymMap(options.defaultSynonyms === false ? undefined : defaultSynonymGroups(), options.synonyms);
    this.words = new Bm25Field(this.tuning.k1, this.tuning.b);
    this.grams = new Bm25Field(this.tuning.k1, this.tuning.b);
    this.entryField = new Bm25Field(this.tuning.k1, this.tuning.b);
    for (const e of entries) this.add(e);
  }

  get size(): number {
    return this.byId.size;
  }

  has(id: E['id']): boolean {
    return this.byId.has(id);
  }

  get(id: E['id']): E | undefined {
    const slot = this.byId.get(id);
    return slot === undefined ? undefined : (this.slots[slot]?.entry as E | undefined);
  }

  *entries(): IterableIterator<E> {
    for (const s of this.slots) if (s) yield s.entry as E;
  }

  /** Adds an entry; an entry with the same id is replaced. */
  add(entry: E): void {
    if (this.byId.has(entry.id)) this.remove(entry.id);
    const slotNo = this.freeSlots.pop() ?? this.slots.length;
    const slot: Slot = {
      entry,
      docs: [],
      products: entry.productIds && entry.productIds.length > 0 ? new Set(entry.productIds) : undefined,
      entryWords: [],
    };
    this.slots[slotNo] = slot;
    this.byId.set(entry.id, slotNo);
    const seen = new Set<string>();
    const entryWords = new Set<string>();
    for (const phrasing of [entry.question, ...(entry.alternatives ?? [])]) {
      const plain = normalizeQuestion(phrasing);
      const text = this.synonyms.rewrite(plain);
      if (!text || seen.has(text)) continue;
      seen.add(text);
      const words = contentWords(text);
      const grams = this.gramsOf(plain, text);
      if (words.length === 0 && grams.length === 0) continue;
      const docNo = this.freeDocs.pop() ?? this.docs.length;
      this.docs[docNo] = { slot: slotNo, words, grams };
      this.words.add(docNo, words);
      this.grams.add(docNo, grams);
      slot.docs.push(docNo);
      for (const w of words) entryWords.add(w);
    }
    const extra = [entry.category ?? ''];
    if (this.tuning.answerInEntry > 0) extra.push(entry.answer ?? '');
    for (const w of contentWords(this.prepare(extra.join(' ')))) entryWords.add(w);
    slot.entryWords = [...entryWords];
    this.entryField.add(slotNo, slot.entryWords);
    if (this.docs.length > this.acc.length) {
      const size = Math.max(this.docs.length, this.acc.length * 2);
      this.acc = new Float64Array(size);
      const docSlot = new Int32Array(size);
      docSlot.set(this.docSlot);
      this.docSlot = docSlot;
    }
    for (const d of slot.docs) this.docSlot[d] = slotNo;
    if (this.slots.length > this.accEntries.length) {
      const size = Math.max(this.slots.length, this.accEntries.length * 2);
      this.accEntries = new Float64Array(size);
      this.bestDoc = new Int32Array(size).fill(-1);
    }
  }

  /** Replaces the entry with the same id (adds it when missing). */
  update(entry: E): void {
    this.add(entry);
  }

  /** Removes an entry by id (or the entry itself); false when there was none. */
  remove(idOrEntry: E['id'] | E): boolean {
    const id = typeof idOrEntry === 'object' ? idOrEntry.id : idOrEntry;
    const slotNo = this.byId.get(id);
    if (slotNo === undefined) return false;
    const slot = this.slots[slotNo]!;
    for (const d of slot.docs) {
      const doc = this.docs[d]!;
      this.words.remove(d, doc.words);
      this.grams.remove(d, doc.grams);
      this.docs[d] = undefined;
      this.freeDocs.push(d);
    }
    this.entryField.remove(slotNo, slot.entryWords);
    this.slots[slotNo] = undefined;
    this.freeSlots.push(slotNo);
    this.byId.delete(id);
    return true;
  }

  /** Normalised and synonym-rewritten form of a text, as the index sees it. */
  prepare(text: string): string {
    return this.synonyms.rewrite(normalizeQuestion(text));
  }

  /** The entries that best answer `question`, best first. Never throws on odd input; may return []. */
  match(question: string, options: MatchOptions = {}): MatchResult<E>[] {
    const limit = Math.max(0, Math.floor(options.limit ?? 3));
    if (limit === 0 || this.byId.size === 0) return [];
    const plain = normalizeQuestion(typeof question === 'string' ? question : '');
    const text = this.synonyms.rewrite(plain);
    if (!text) return [];
    const t = this.tuning;
    const qWords = topByIdf(this.words, contentWords(text), t.maxQueryWords);
    const qGrams = topByIdf(this.grams, this.gramsOf(plain, text), t.maxQueryGrams);
    if (qWords.length === 0 && qGrams.length === 0) return [];

    // Terms found in more than `commonShare` of the phrasings (睡衣, 码 in a shop of pyjamas) walk long
    // posting lists and bring in thousands of weak candidates: they only refine the scores of documents that
    // rarer terms found, unless nothing rarer matched at all.
    const acc = this.acc;
    const touched: number[] = [];
    const common = Math.max(50, t.commonShare * this.words.documentCount);
    const [rareWords, commonWords] = partition(qWords, (w) => this.words.df(w) <= common);
    const [rareGrams, commonGrams] = partition(qGrams, (g) => this.grams.df(g) <= common);
    this.words.accumulate(rareWords, 1, acc, touched);
    this.grams.accumulate(rareGrams, t.gramWeight, acc, touched);
    const addNew = touched.length === 0;
    this.words.accumulate(commonWords, 1, acc, touched, addNew);
    this.grams.accumulate(commonGrams, t.gramWeight, acc, touched, addNew);

    // Best phrasing per entry, plus the entry-level field; the product scope applied. Typed arrays indexed by
    // document and slot number, reset after use, keep this loop free of allocation: it sees thousands of docs.
    const productId = options.productId;
    const accE = this.accEntries;
    const bestDoc = this.bestDoc;
    const docSlot = this.docSlot;
    const touchedEntries: number[] = [];
    for (const d of touched) {
      const score = acc[d]!;
      acc[d] = 0;
      const slotNo = docSlot[d]!;
      if (bestDoc[slotNo] === -1) {
        bestDoc[slotNo] = d;
        touchedEntries.push(slotNo);
        accE[slotNo] = score;
      } else if (score > accE[slotNo]!) {
        bestDoc[slotNo] = d;
        accE[slotNo] = score;
      }
    }
    // Phrasing maxima are in accE now; the entry field adds to them (and may bring in new entries).
    if (t.entryWeight > 0) {
      const commonEntries = Math.max(50, t.commonShare * this.entryField.documentCount);
      for (const w of qWords) {
        const isCommon = this.entryField.df(w) > commonEntries;
        this.entryField.accumulate([w], t.entryWeight, accE, touchedEntries, !isCommon || touchedEntries.length === 0);
      }
    }
    const top: [number, number][] = [];
    const best = new Map<number, number>(); // slot → best phrasing doc, for the top entries
    const k = limit + 1;
    for (const slotNo of touchedEntries) {
      let score = accE[slotNo]!;
      const d = bestDoc[slotNo]!;
      accE[slotNo] = 0;
      bestDoc[slotNo] = -1;
      const products = this.slots[slotNo]!.products;
      if (products) {
        if (productId === undefined) score *= t.unscopedPenalty;
        else if (products.has(productId)) score *= t.productBoost;
        else continue;
      }
      if (pushTop(top, k, slotNo, score) && d >= 0) best.set(slotNo, d);
    }
    if (top.length === 0) return [];

    const qWordSet = new Set(qWords);
    const qGramSet = new Set(qGrams);
    const qWordMass = mass(this.words, qWords);
    const qGramMass = mass(this.grams, qGrams);

    const features = top.map(([slotNo, score]): MatchFeatures => {
      const d = best.get(slotNo);
      const doc = d === undefined ? undefined : this.docs[d];
      const wordCover = doc ? overlap(this.words, doc.words, qWordSet, qWordMass) : 0;
      const gramCover = doc ? overlap(this.grams, doc.grams, qGramSet, qGramMass) : 0;
      const queryCover =
        qWords.length > 0
          ? share(this.words, this.slots[slotNo]!.entryWords, qWordSet, qWordMass)
          : doc
            ? share(this.grams, doc.grams, qGramSet, qGramMass)
            : 0;
      return { score, wordCover, gramCover, queryCover, lead: 0 };
    });
    for (let i = 0; i < features.length; i++) {
      let other = 0;
      for (let j = 0; j < features.length; j++) if (j !== i) other = Math.max(other, features[j]!.score);
      const f = features[i]!;
      f.lead = (f.score - other) / Math.max(f.score, other, 1e-9);
    }

    const minConfidence = options.minConfidence ?? 0;
    const c = t.calibration;
    const results: MatchResult<E>[] = [];
    for (let i = 0; i < Math.min(limit, top.length); i++) {
      const f = features[i]!;
      const confidence = sigmoid(
        c.bias +
          c.wordCover * f.wordCover +
          c.gramCover * f.gramCover +
          c.queryCover * f.queryCover +
          c.lead * f.lead +
          // A lead only counts as much as the question is covered: one rare shared word ("名字") leads by
          // default when nothing else matches at all.
          c.leadCover * f.lead * f.queryCover,
      );
      if (confidence < minConfidence) continue;
      const result: MatchResult<E> = { entry: this.slots[top[i]![0]]!.entry as E, score: f.score, confidence };
      if (options.explain) result.features = f;
      results.push(result);
    }
    return results;
  }

  /** The best entry when it is confident enough, else undefined. */
  best(question: string, options: Omit<MatchOptions, 'limit'> & { threshold?: number } = {}): MatchResult<E> | undefined {
    const [first] = this.match(question, { ...options, limit: 1 });
    return first && first.confidence >= (options.threshold ?? DEFAULT_CONFIDENCE_THRESHOLD) ? first : undefined;
  }

  /** Index figures, for benchmarks and the admin page. */
  stats(): { entries: number; phrasings: number; words: number; grams: number; synonyms: number } {
    return {
      entries: this.byId.size,
      phrasings: this.words.documentCount,
      words: this.words.termCount,
      grams: this.grams.termCount,
      synonyms: this.synonyms.size,
    };
  }

  /** Grams of the text as written and, when synonyms changed it, of the rewritten text too. */
  private gramsOf(plain: string, rewritten: string): string[] {
    if (plain === rewritten || !this.tuning.surfaceGrams) return charGrams(rewritten);
    return [...new Set([...charGrams(plain), ...charGrams(rewritten)])];
  }
}
