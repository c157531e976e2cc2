import type { Db } from '../db/database.ts';
import { notFound } from '../http/errors.ts';

/** The most recent entries of each kind a customer history shows. */
const PER_KIND = 100;

export interface HistoryEntry {
  kind: 'conversation' | 'ticket' | 'after_sale' | 'order' | 'survey' | 'follow_up' | 'call';
  id: number;
  at: Date;
  title: string;
  status: string;
  detail: string | null;
  link: string | null;
}

const ticketLink = (id: number | null) => (id ? `/tickets/${id}` : null);
/** 3:07, 1:02:45: talk time the same in every language. */
const talkTime = (seconds: number) => {
  const [h, m, s] = [Math.floor(seconds / 3600), Math.floor(seconds / 60) % 60, seconds % 60];
  const mmss = `${h ? String(m).padStart(2, '0') : m}:${String(s).padStart(2, '0')}`;
  return h ? `${h}:${mmss}` : mmss;
};

/**
 * Everything that happened with a customer (DOMAIN.md §5 "every conversation, complaint, note"), newest first:
 * conversations, tickets, after-sales, orders, surveys, follow-ups and phone calls, each with its state and where to open it.
 */
export async function customerHistory(db: Db, customerId: number): Promise<HistoryEntry[]> {
  const exists = await db.selectFrom('customers').select('id').where('id', '=', customerId).executeTakeFirst();
  if (!exists) throw notFound('customer');
  const newest = <T>(q: { limit(n: number): { execute(): Promise<T[]> } }) => q.limit(PER_KIND).execute();
  const [conversations, tickets, afterSales, orders, surveys, followUps, calls] = await Promise.all([
    newest(
      db
        .selectFrom('conversations')
        .leftJoin('users', 'users.id', 'conversations.agent_id')
        .select([
          'conversations.id',
          'conversations.status',
          'conversations.created_at',
          'conversations.rating',
          'conversations.ticket_id',
          'users.display_name as agent',
        ])
        .where('conversations.customer_id', '=', customerId)
        .orderBy('conversations.created_at', 'desc'),
    ),
    newest(
      db
        .selectFrom('tickets')
        .select(['id', 'number', 'subject', 'status', 'created_at'])
        .where('customer_id', '=', customerId)
        .orderBy('created_at', 'desc'),
    ),
    newest(
      db
        .selectFrom('after_sales')
        .select(['id', 'kind', 'state', 'reason', 'ticket_id', 'created_at'])
        .where('customer_id', '=', customerId)
        .orderBy('created_at', 'desc'),
    ),
    newest(
      db
        .selectFrom('orders')
        .select(['id', 'order_no', 'status', 'total_fen', 'created_at'])
        .where('customer_id', '=', customerId)
        .orderBy('created_at', 'desc'),
    ),
    newest(
      db
        .selectFrom('surveys')
        .select(['id', 'kind', 'state', 'score', 'comment', 'ticket_id', 'created_at'])
        .where('customer_id', '=', customerId)
        .orderBy('created_at', 'desc'),
    ),
    newest(
      db
        .selectFrom('follow_ups')
        .leftJoin('users', 'users.id', 'follow_ups.owner_id')
        .select([
          'follow_ups.id',
          'follow_ups.reason',
          'follow_ups.state',
          'follow_ups.note',
          'follow_ups.due_at',
          'follow_ups.ticket_id',
          'follow_ups.created_at',
          'users.display_name as owner',
        ])
        .where('follow_ups.customer_id', '=', customerId)
        .orderBy('follow_ups.created_at', 'desc'),
    ),
    newest(
      db
        .selectFrom('calls')
        .leftJoin('users', 'users.id', 'calls.agent_id')
        .select([
          'calls.id',
          'calls.direction',
          'calls.state',
          'calls.duration_seconds',
          'calls.note',
          'calls.ticket_id',
          'calls.started_at',
          'users.display_name as agent',
        ])
        .where('calls.customer_id', '=', customerId)
        .orderBy('calls.started_at', 'desc'),
    ),
  ]);
  const entries: HistoryEntry[] = [
    ...conversations.map((c) => ({
      kind: 'conversation' as const,
      id: c.id,
      at: c.created_at,
      title: c.agent ?? '',
      status: c.status,
      detail: c.rating ? `${c.rating}/5` : null,
      link: ticketLink(c.ticket_id),
    })),
    ...tickets.map((t) => ({
      kind: 'ticket' as const,
      id: t.id,
      at: t.created_at,
      title: `${t.number} ${t.subject}`,
      status: t.status,
      detail: null,
      link: ticketLink(t.id),
    })),
    ...afterSales.map((a) => ({
      kind: 'after_sale' as const,
      id: a.id,
      at: a.created_at,
      title: a.kind,
      status: a.state,
      detail: a.reason,
      link: ticketLink(a.ticket_id),
    })),
    ...orders.map((o) => ({
      kind: 'order' as const,
      id: o.id,
      at: o.created_at,
      title: o.order_no,
      status: o.status,
      detail: String(o.total_fen),
      link: `/orders/${o.id}`,
    })),
    ...surveys.map((s) => ({
      kind: 'survey' as const,
      id: s.id,
      at: s.created_at,
      title: s.kind,
      status: s.state,
      detail: s.score ? `${s.score}/5${s.comment ? ` ${s.comment}` : ''}` : null,
      link: ticketLink(s.ticket_id),
    })),
    ...followUps.map((f) => ({
      kind: 'follow_up' as const,
      id: f.id,
      at: f.created_at,
      title: f.reason,
      status: f.state,
      detail: [f.owner, f.note].filter(Boolean).join(' · ') || null,
      link: ticketLink(f.ticket_id),
    })),
    ...calls.map((c) => ({
      kind: 'call' as const,
      id: c.id,
      at: c.started_at,
      title: c.direction,
      status: c.state,
      detail: [c.duration_seconds ? talkTime(c.duration_seconds) : null, c.agent, c.note].filter(Boolean).join(' · ') || null,
      link: ticketLink(c.ticket_id),
    })),
  ];
  return entries.sort((a, b) => b.at.getTime() - a.at.getTime());
}
