import { unknownQuestionForRole, type Role } from '@kefu/domain';
import { sql } from 'kysely';
import { z } from 'zod';
import { audit } from '../audit/audit.ts';
import type { Db, Tx } from '../db/database.ts';
import { lockVersioned, writeVersioned } from '../db/versioned.ts';
import { notFound } from '../http/errors.ts';
import { Id } from '../http/schemas.ts';
import { bumpKnowledge } from './index.ts';

const Phrase = z.string().trim().min(1, 'must not be empty').max(200);

/** One FAQ entry as the API and the import take it. */
export const FaqInput = z.object({
  question: Phrase,
  alternatives: z.array(Phrase).max(50).default([]),
  answer: z.string().trim().min(1, 'must not be empty').max(5000),
  category: z.string().trim().max(40).default(''),
  productIds: z.array(Id).max(50).default([]),
  enabled: z.boolean().default(true),
});
export type FaqInput = z.infer<typeof FaqInput>;

/** A LIKE pattern matching `text` literally (its % and _ are not wildcards). */
export function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

const COLUMNS = ['id', 'question', 'alternatives', 'answer', 'category', 'product_ids', 'enabled', 'hits', 'version', 'updated_at'] as const;

export function listFaqs(db: Db, f: { q?: string; category?: string; page: number; pageSize: number }) {
  let q = db.selectFrom('faq_entries').select(COLUMNS);
  if (f.q) {
    const pattern = `%${likeEscape(f.q)}%`;
    q = q.where((eb) =>
      eb.or([eb('question', 'ilike', pattern), eb('answer', 'ilike', pattern), sql<boolean>`array_to_string(alternatives, ' ') ilike ${pattern}`]),
    );
  }
  if (f.category) q = q.where('category', '=', f.category);
  return q
    .orderBy('updated_at', 'desc')
    .orderBy('id', 'desc')
    .limit(f.pageSize)
    .offset((f.page - 1) * f.pageSize)
    .execute();
}

export async function getFaq(db: Db, id: number) {
  const row = await db.selectFrom('faq_entries').select(COLUMNS).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('FAQ entry');
  return row;
}

const values = (f: FaqInput) => ({
  question: f.question,
  alternatives: [...new Set(f.alternatives)],
  answer: f.answer,
  category: f.category,
  product_ids: f.productIds,
  enabled: f.enabled,
});

export async function createFaqs(tx: Tx, actorId: number, entries: FaqInput[]) {
  if (entries.length === 0) return [];
  const rows = await tx
    .insertInto('faq_entries')
    .values(entries.map((e) => ({ ...values(e), created_by: actorId })))
    .returning('id')
    .execute();
  await bumpKnowledge(tx);
  await audit(tx, {
    actorId,
    action: 'faq.create',
    entity: 'faq',
    entityId: rows
      .map((r) => r.id)
      .join(',')
      .slice(0, 200),
    detail: { count: rows.length },
  });
  return rows.map((r) => r.id);
}

export async function updateFaq(db: Db, actorId: number, id: number, input: FaqInput & { version: number }) {
  return db.transaction().execute(async (tx) => {
    await lockVersioned(tx, 'faq_entries', id, input.version);
    await writeVersioned(tx, 'faq_entries', id, { ...values(input), updated_at: new Date() });
    await bumpKnowledge(tx);
    await audit(tx, { actorId, action: 'faq.update', entity: 'faq', entityId: id });
  });
}

export async function deleteFaq(db: Db, actorId: number, id: number) {
  await db.transaction().execute(async (tx) => {
    const gone = await tx.deleteFrom('faq_entries').where('id', '=', id).returning('id').executeTakeFirst();
    if (!gone) throw notFound('FAQ entry');
    await bumpKnowledge(tx);
    await audit(tx, { actorId, action: 'faq.delete', entity: 'faq', entityId: id });
  });
}

/** The shop's synonym groups (退款/退钱, 快递/物流/包裹…), replaced as a whole. */
export async function putSynonyms(db: Db, actorId: number, groups: string[][]) {
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom('synonym_groups').execute();
    if (groups.length)
      await tx
        .insertInto('synonym_groups')
        .values(groups.map((terms) => ({ terms })))
        .execute();
    await bumpKnowledge(tx);
    await audit(tx, { actorId, action: 'synonyms.update', entity: 'synonyms', entityId: 'all', detail: { groups: groups.length } });
  });
}

/** The questions the bot could not answer, most asked first, as `viewer` may see them (shoppers type their phones into them). */
export async function listUnknownQuestions(db: Db, viewer: { role: Role }, status: 'open' | 'resolved' | 'ignored') {
  const rows = await db
    .selectFrom('unknown_questions')
    .selectAll()
    .where('status', '=', status)
    .orderBy('asked', 'desc')
    .orderBy('last_asked_at', 'desc')
    .limit(200)
    .execute();
  return rows.map((row) => unknownQuestionForRole(row, viewer.role));
}
