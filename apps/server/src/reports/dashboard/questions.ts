import type { QuestionReport } from '@kefu/protocol/api/reports';
import { sql } from 'kysely';
import type { z } from 'zod';
import type { Db } from '../../db/database.ts';
import { chinaDay, type ReportPeriod } from './period.ts';

type Report = z.infer<typeof QuestionReport>;

const TOP = 30;
const UNANSWERED = 100;
/**
 * The bot's hand-over note quotes the shopper's last words on this line (conversations/bot-turns.ts). When the
 * shopper asked for a person, those words are the asking (转人工), not a question: such notes are left out.
 */
const LAST_WORDS = `顾客最后说：([^\n]+)`;

/**
 * What shoppers asked in the range (DOMAIN.md §7, daily question statistics): cases per day, by intent, ticket
 * category and product (a ticket opened from a chat is the chat's matter, counted once), the most asked questions,
 * and the unknown questions still waiting for an answer.
 */
export async function questionReport(db: Db, p: ReportPeriod): Promise<Report> {
  const range = (column: string) => sql`${sql.ref(column)} >= ${p.from} and ${sql.ref(column)} < ${p.to}`;
  const { rows: cases } = await sql<{ dim: string; key: string | null; name: string | null; conversations: number; tickets: number }>`
    select case when grouping(day) = 0 then 'day' when grouping(intent) = 0 then 'intent'
        when grouping(category) = 0 then 'category' else 'product' end as dim,
      coalesce(day, intent, category, product_id::text) as key, max(product_name) as name,
      count(*) filter (where kind = 'conversation')::int as conversations, count(*) filter (where kind = 'ticket')::int as tickets
    from (
      select 'conversation' as kind, ${chinaDay(sql.ref('c.opened_at'))} as day, coalesce(c.intent, '') as intent,
        coalesce(c.category, '') as category, c.product_id, pr.name as product_name
      from report_conversations c left join products pr on pr.id = c.product_id
      where ${range('c.opened_at')}
      union all
      select 'ticket', ${chinaDay(sql.ref('t.created_at'))}, null, coalesce(t.category, ''), t.product_id, pr.name
      from report_tickets t left join products pr on pr.id = t.product_id
      where ${range('t.created_at')} and t.conversation_id is null
    ) f
    group by grouping sets ((day), (intent), (category), (product_id))
    having not (grouping(intent) = 0 and intent is null) and not (grouping(product_id) = 0 and product_id is null)`.execute(db);

  const { rows: asked } = await sql<{ source: 'unknown' | 'handover' | 'faq'; question: string; count: number }>`
    (select 'unknown' as source, u.question, u.asked as count from unknown_questions u
      where ${range('u.last_asked_at')} order by u.asked desc, u.id limit ${TOP})
    union all
    (select 'handover', w.question, count(*)::int from (
        select substring(m.body from ${LAST_WORDS}) as question
        from report_conversations c join messages m on m.conversation_id = c.conversation_id
        where ${range('c.opened_at')} and c.handed_over and m.kind = 'note' and m.sender_kind = 'bot' and m.data->>'code' = 'handover'
          and m.data->>'reason' is distinct from 'asked'
      ) w where w.question is not null group by w.question order by 3 desc, 2 limit ${TOP})
    union all
    (select 'faq', f.question, count(*)::int from bot_answers b join faq_entries f on f.id = b.faq_id
      where ${range('b.at')} group by f.id, f.question order by 3 desc, 2 limit ${TOP})`.execute(db);

  const unanswered = await db
    .selectFrom('unknown_questions')
    .select(['id', 'question', 'asked', 'last_asked_at'])
    .where('status', '=', 'open')
    .where('last_asked_at', '>=', p.from)
    .where('last_asked_at', '<', p.to)
    .orderBy('asked', 'desc')
    .orderBy('id')
    .limit(UNANSWERED)
    .execute();

  const of = (dim: string) => cases.filter((r) => r.dim === dim);
  const counted = (dim: string) =>
    of(dim)
      .map((r) => ({ key: r.key ?? '', count: r.conversations + r.tickets }))
      .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
  return {
    from: p.days.from,
    to: p.days.to,
    daily: of('day')
      .map((r) => ({ day: r.key!, conversations: r.conversations, tickets: r.tickets }))
      .sort((a, b) => a.day.localeCompare(b.day)),
    byIntent: counted('intent'),
    byCategory: counted('category'),
    byProduct: of('product')
      .map((r) => ({ productId: Number(r.key), name: r.name ?? '', count: r.conversations + r.tickets }))
      .sort((a, b) => b.count - a.count || a.productId - b.productId)
      .slice(0, TOP),
    topQuestions: asked
      .map((r) => ({ question: r.question.trim(), count: r.count, source: r.source }))
      .filter((r) => r.question)
      .sort((a, b) => b.count - a.count || a.question.localeCompare(b.question))
      .slice(0, TOP),
    unanswered: unanswered.map((u) => ({ id: u.id, question: u.question, asked: u.asked, lastAskedAt: u.last_asked_at })),
  };
}
