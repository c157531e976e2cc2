import type { BriefPeriod } from '@kefu/domain';
import type { MonthlyNeedsData } from '@kefu/protocol/api/briefs';
import { sql } from 'kysely';
import type { z } from 'zod';
import type { Db } from '../../db/database.ts';
import { afterSaleSource, afterSalesOpened, type AfterSaleSource } from './sources.ts';
import { topWords } from './words.ts';

type Monthly = z.input<typeof MonthlyNeedsData>;

const TOP_QUESTIONS = 50;
const TOP_PRODUCTS = 20;
const SUGGESTIONS_READ = 5000;
const TEXTS_PER_PRODUCT = 300;
const REASONS_SHOWN = 5;
const TICKETS_SHOWN = 10;

/**
 * The monthly customer-needs report for product and R&D (DOMAIN §7, by the 5th): what shoppers asked that the
 * knowledge base could not answer, the suggestions (建议/需求) agents recorded grouped by product and ask, and the
 * feedback on each product — complaints, after-sales and suggestions with the words that come up most.
 */
export async function buildMonthlyNeeds(db: Db, period: BriefPeriod): Promise<Monthly> {
  const source = await afterSaleSource(db, period.from, period.until);
  const [questions, suggestions, products, totals] = await Promise.all([
    unknownQuestions(db, period),
    groupedSuggestions(db, period),
    productFeedback(db, source, period),
    monthTotals(db, source, period),
  ]);
  return { kind: 'monthly_needs', totals, unknownQuestions: questions, suggestions, products };
}

/** Questions the bot and the FAQ had no answer for that were asked during the month, most asked first. */
const askedInMonth = (period: BriefPeriod) => sql`last_asked_at >= ${period.from} and first_asked_at < ${period.until}`;

async function unknownQuestions(db: Db, period: BriefPeriod) {
  const { rows } = await sql<{ id: number; question: string; asked: number; last_asked_at: Date; status: string }>`
    select id, question, asked, last_asked_at, status from unknown_questions
    where ${askedInMonth(period)} order by asked desc, last_asked_at desc limit ${TOP_QUESTIONS}`.execute(db);
  return rows.map((r) => ({
    id: r.id,
    question: r.question,
    asked: r.asked,
    lastAskedAt: new Date(r.last_asked_at).toISOString(),
    status: r.status,
  }));
}

async function monthTotals(db: Db, source: AfterSaleSource, period: BriefPeriod) {
  const { rows } = await sql<{ questions: number; suggestions: number; complaints: number; after_sales: number }>`
    select (select count(*) from unknown_questions where ${askedInMonth(period)})::int as questions,
      (select count(*) from tickets where type = 'suggestion' and created_at >= ${period.from} and created_at < ${period.until})::int as suggestions,
      (select count(*) from tickets where type = 'complaint' and created_at >= ${period.from} and created_at < ${period.until})::int as complaints,
      (select count(*) from ${afterSalesOpened(source, period.from, period.until)} a)::int as after_sales`.execute(db);
  const r = rows[0]!;
  return { unknownQuestions: r.questions, suggestions: r.suggestions, complaints: r.complaints, afterSales: r.after_sales };
}

/** The same ask about the same product, however it was typed (case, spaces, punctuation), is one line with a count. */
const askKey = (productId: number | null, ask: string) => `${productId ?? ''}|${ask.toLowerCase().replace(/[\s\p{P}\p{S}]/gu, '')}`;

async function groupedSuggestions(db: Db, period: BriefPeriod) {
  const { rows } = await sql<{ id: number; number: string; subject: string; description: string; product_id: number | null; name: string | null }>`
    select t.id, t.number, t.subject, t.description, t.product_id, p.name
    from tickets t left join products p on p.id = t.product_id
    where t.type = 'suggestion' and t.created_at >= ${period.from} and t.created_at < ${period.until}
    order by t.created_at, t.id limit ${SUGGESTIONS_READ}`.execute(db);
  const groups = new Map<string, Monthly['suggestions'][number]>();
  for (const r of rows) {
    const key = askKey(r.product_id, r.subject);
    const group = groups.get(key) ?? { productId: r.product_id, productName: r.name, ask: r.subject.trim(), count: 0, reasons: [], tickets: [] };
    group.count++;
    const reason = r.description.trim();
    if (reason && group.reasons.length < REASONS_SHOWN && !group.reasons.includes(reason)) group.reasons.push(reason);
    if (group.tickets.length < TICKETS_SHOWN) group.tickets.push({ id: r.id, number: r.number });
    groups.set(key, group);
  }
  return [...groups.values()].sort((a, b) => b.count - a.count || (a.productName ?? '￿').localeCompare(b.productName ?? '￿', 'zh'));
}

async function productFeedback(db: Db, source: AfterSaleSource, period: BriefPeriod) {
  const cases = sql`(
    select a.product_id, 'after_sale' as case_kind, a.id from ${afterSalesOpened(source, period.from, period.until)} a
    where a.product_id is not null
    union all
    select t.product_id, t.type, t.id from tickets t
    where t.type in ('complaint', 'suggestion') and t.created_at >= ${period.from} and t.created_at < ${period.until}
      and t.product_id is not null)`;
  const { rows: top } = await sql<{ product_id: number; name: string; sku: string; complaints: number; after_sales: number; suggestions: number }>`
    select c.product_id, p.name, p.sku,
      count(*) filter (where c.case_kind = 'complaint')::int as complaints,
      count(*) filter (where c.case_kind = 'after_sale')::int as after_sales,
      count(*) filter (where c.case_kind = 'suggestion')::int as suggestions
    from ${cases} c join products p on p.id = c.product_id
    group by c.product_id, p.name, p.sku order by count(*) desc, c.product_id limit ${TOP_PRODUCTS}`.execute(db);
  if (!top.length) return [];
  const { rows: texts } = await sql<{ product_id: number; text: string }>`
    select product_id, text from (
      select c.product_id, coalesce(a.description, t.subject || '。' || t.description) as text,
        row_number() over (partition by c.product_id order by c.id desc) as n
      from ${cases} c
      left join after_sales a on c.case_kind = 'after_sale' and a.id = c.id
      left join tickets t on c.case_kind <> 'after_sale' and t.id = c.id
      where c.product_id = any(${top.map((t) => t.product_id)}::int[])) x
    where n <= ${TEXTS_PER_PRODUCT}`.execute(db);
  return top.map((p) => ({
    productId: p.product_id,
    productName: p.name,
    sku: p.sku,
    complaints: p.complaints,
    afterSales: p.after_sales,
    suggestions: p.suggestions,
    words: topWords(
      texts.filter((t) => t.product_id === p.product_id).map((t) => t.text),
      p.name,
    ),
  }));
}
