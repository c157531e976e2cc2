import { DEFAULT_CONFIDENCE_THRESHOLD, Matcher, normalizeQuestion, type FaqEntry, type MatchResult } from '@kefu/nlp';
import { sql } from 'kysely';
import type { Db, Tx } from '../db/database.ts';
import { Gathered, perDatabase } from '../db/gathered.ts';

export type Faq = FaqEntry & { id: number; category: string };
export type Suggestion = { id: number; question: string; answer: string; category: string; confidence: number; score: number };

const VERSION_KEY = 'knowledge_version';
const RECHECK_MS = 1000;

/** Marks the knowledge changed, so every process rebuilds its index (within a second). */
export async function bumpKnowledge(tx: Db | Tx): Promise<void> {
  await sql`insert into shop_settings (key, value) values (${VERSION_KEY}, '{}'::jsonb)
    on conflict (key) do update set version = shop_settings.version + 1, updated_at = now()`.execute(tx);
}

/**
 * The matcher over the shop's FAQ and synonyms, held in memory by each process and rebuilt when the
 * knowledge version in the database moves (checked at most once a second), so an edit in one process
 * reaches the others without a message bus.
 */
export class KnowledgeIndex {
  private matcher: Matcher<Faq> | undefined;
  /** Products as entries too (name, category, SKU), so a question can bring up a product card. */
  private products: Matcher<Faq> | undefined;
  private version = -1;
  private checkedAt = 0;
  private loading: Promise<Matcher<Faq>> | undefined;

  constructor(private readonly db: Db) {}

  /** After an edit in this process: look at the version on the next question instead of within a second. */
  invalidate(): void {
    this.checkedAt = 0;
  }

  async current(): Promise<Matcher<Faq>> {
    if (this.matcher && Date.now() - this.checkedAt < RECHECK_MS) return this.matcher;
    this.loading ??= this.refresh().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  private async refresh(): Promise<Matcher<Faq>> {
    this.checkedAt = Date.now();
    const row = await this.db.selectFrom('shop_settings').select('version').where('key', '=', VERSION_KEY).executeTakeFirst();
    const version = row?.version ?? 0;
    if (this.matcher && version === this.version) return this.matcher;
    const [entries, groups, products] = await Promise.all([
      this.db
        .selectFrom('faq_entries')
        .select(['id', 'question', 'alternatives', 'answer', 'category', 'product_ids'])
        .where('enabled', '=', true)
        .execute(),
      this.db.selectFrom('synonym_groups').select('terms').orderBy('id').execute(),
      this.db.selectFrom('products').select(['id', 'name', 'sku', 'category']).execute(),
    ]);
    this.products = new Matcher<Faq>(
      products.map((p) => ({ id: p.id, question: p.name, alternatives: [p.sku], answer: '', category: p.category })),
      { synonyms: groups.map((g) => g.terms) },
    );
    this.matcher = new Matcher<Faq>(
      entries.map((e) => ({
        id: e.id,
        question: e.question,
        alternatives: e.alternatives,
        answer: e.answer,
        category: e.category,
        ...(e.product_ids.length > 0 && { productIds: e.product_ids }),
      })),
      { synonyms: groups.map((g) => g.terms) },
    );
    this.version = version;
    return this.matcher;
  }

  /** Products a question is about (by name, SKU or category words), best first. */
  async productsFor(question: string, limit = 2): Promise<{ id: number; name: string; confidence: number }[]> {
    await this.current();
    return (this.products?.match(question, { limit, minConfidence: 0.3 }) ?? []).map((r) => ({
      id: r.entry.id,
      name: r.entry.question,
      confidence: round(r.confidence),
    }));
  }

  /** The best entries for a question, best first, with a confidence; none confident below the threshold. */
  async suggest(question: string, options: { limit?: number; productId?: number } = {}): Promise<Suggestion[]> {
    const matcher = await this.current();
    return matcher.match(question, { limit: options.limit ?? 3, productId: options.productId, minConfidence: 0.05 }).map((r: MatchResult<Faq>) => ({
      id: r.entry.id,
      question: r.entry.question,
      answer: r.entry.answer,
      category: r.entry.category,
      confidence: round(r.confidence),
      score: round(r.score),
    }));
  }
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/**
 * A question asked that the knowledge could not answer confidently, counted so the most asked come first. Every
 * unanswered chat message comes here, so the questions asked at once are counted by one statement (db/gathered.ts).
 */
export async function recordUnknown(db: Db, question: string, conversationId: number | null): Promise<void> {
  const q = normalizeQuestion(question).slice(0, 300);
  if (q.length < 2) return;
  await unknownQuestionsOf(db).add({ question: q, conversationId });
}

const unknownQuestionsOf = perDatabase(
  (db: Db) =>
    new Gathered<{ question: string; conversationId: number | null }, void>(async (asked) => {
      const counted = new Map<string, { question: string; conversation_id: number | null; asked: number }>();
      for (const a of asked) {
        const row = counted.get(a.question);
        if (row) row.asked++;
        else counted.set(a.question, { question: a.question, conversation_id: a.conversationId, asked: 1 });
      }
      await db
        .insertInto('unknown_questions')
        .values([...counted.values()])
        // Asked again after it was "resolved": the answer did not reach the shopper, so it is open again. Ignored stays ignored.
        .onConflict((oc) =>
          oc.column('question').doUpdateSet({
            asked: sql`unknown_questions.asked + excluded.asked`,
            last_asked_at: new Date(),
            status: sql`case when unknown_questions.status = 'resolved' then 'open' else unknown_questions.status end`,
          }),
        )
        .execute();
      return asked.map(() => undefined);
    }),
);

export { DEFAULT_CONFIDENCE_THRESHOLD };
