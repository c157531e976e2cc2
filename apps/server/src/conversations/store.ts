import type { Segment } from '@kefu/domain';
import { sql } from 'kysely';
import type { Db, Tx } from '../db/database.ts';
import { notFound } from '../http/errors.ts';

export type SenderKind = 'shopper' | 'agent' | 'system' | 'bot';
export type MessageKind = 'text' | 'image' | 'order' | 'note' | 'system';
export interface Sender { kind: SenderKind; id: number | null; name: string }

export interface NewMessage {
  conversationId: number;
  sender: Sender;
  kind: MessageKind;
  body: string;
  data?: Record<string, unknown>;
  clientId?: string | null;
}

export interface StoredMessage {
  conversationId: number;
  seq: number;
  clientId: string | null;
  kind: string;
  body: string;
  data: Record<string, unknown>;
  sender: Sender;
  at: Date;
}

const MESSAGE_COLUMNS = ['m.conversation_id', 'm.seq', 'm.client_id', 'm.kind', 'm.body', 'm.data', 'm.sender_kind', 'm.sender_id', 'm.at', 'u.display_name', 'v.name as visitor_name'] as const;

function messageQuery(db: Db | Tx) {
  return db.selectFrom('messages as m')
    .innerJoin('conversations as c', 'c.id', 'm.conversation_id')
    .innerJoin('visitors as v', 'v.id', 'c.visitor_id')
    .leftJoin('users as u', (join) => join.onRef('u.id', '=', 'm.sender_id').on('m.sender_kind', '=', 'agent'))
    .select(MESSAGE_COLUMNS);
}

type MessageRow = Awaited<ReturnType<ReturnType<typeof messageQuery>['executeTakeFirstOrThrow']>>;

function toMessage(r: MessageRow): StoredMessage {
  const name = r.sender_kind === 'agent' ? r.display_name ?? '' : r.sender_kind === 'shopper' ? r.visitor_name : r.sender_kind === 'bot' ? '机器人' : '系统';
  return {
    conversationId: r.conversation_id, seq: r.seq, clientId: r.client_id, kind: r.kind, body: r.body, data: r.data,
    sender: { kind: r.sender_kind as SenderKind, id: r.sender_id, name }, at: r.at,
  };
}

/**
 * Stores a message and gives it the conversation's next sequence number, in one transaction. A retry with
 * the same client id returns the stored message instead of writing a second one.
 */
export async function storeMessage(db: Db, m: NewMessage): Promise<{ message: StoredMessage; created: boolean; responseMs: number | null }> {
  return db.transaction().execute(async (tx) => {
    // One read locks the conversation and finds an earlier send with the same client id.
    const conv = await tx.selectFrom('conversations').select(['id', 'waiting_since', 'first_response_at',
      (eb) => eb.selectFrom('messages').select('seq').where('messages.conversation_id', '=', m.conversationId)
        .where('sender_kind', '=', m.sender.kind).where('client_id', '=', m.clientId ?? null).as('existing_seq')])
      .where('id', '=', m.conversationId).forUpdate().executeTakeFirst();
    if (!conv) throw notFound('conversation');
    if (conv.existing_seq != null) {
      const stored = await messageQuery(tx).where('m.conversation_id', '=', m.conversationId).where('m.seq', '=', conv.existing_seq).executeTakeFirstOrThrow();
      return { message: toMessage(stored), created: false, responseMs: null };
    }
    const now = new Date();
    const answersShopper = m.sender.kind !== 'shopper' && m.kind !== 'note' && m.kind !== 'system';
    const responseMs = answersShopper && conv.waiting_since ? now.getTime() - conv.waiting_since.getTime() : null;
    // The next seq and the message in one statement.
    const inserted = await tx
      .with('c', (q) => q.updateTable('conversations').set({
        last_seq: sql<number>`last_seq + 1`,
        ...(m.sender.kind === 'shopper' && !conv.waiting_since && { waiting_since: now }),
        ...(answersShopper && { waiting_since: null, overdue_flagged_at: null }),
        ...(answersShopper && m.sender.kind === 'agent' && !conv.first_response_at && { first_response_at: now }),
      }).where('id', '=', m.conversationId).returning('last_seq'))
      .insertInto('messages').columns(['conversation_id', 'seq', 'client_id', 'sender_kind', 'sender_id', 'kind', 'body', 'data', 'response_ms', 'at'])
      .expression((eb) => eb.selectFrom('c').select([
        sql<number>`${m.conversationId}::int`.as('conversation_id'), 'c.last_seq', sql<string | null>`${m.clientId ?? null}::text`.as('client_id'),
        sql<string>`${m.sender.kind}::text`.as('sender_kind'), sql<number | null>`${m.sender.id}::int`.as('sender_id'),
        sql<string>`${m.kind}::text`.as('kind'), sql<string>`${m.body}::text`.as('body'), sql<string>`${JSON.stringify(m.data ?? {})}::jsonb`.as('data'),
        sql<number | null>`${responseMs}::int`.as('response_ms'), sql<Date>`${now}::timestamptz`.as('at'),
      ]))
      .returning('seq').executeTakeFirstOrThrow();
    return {
      message: { conversationId: m.conversationId, seq: inserted.seq, clientId: m.clientId ?? null, kind: m.kind, body: m.body, data: m.data ?? {}, sender: m.sender, at: now },
      created: true, responseMs,
    };
  });
}

export async function messagesAfter(db: Db, conversationId: number, afterSeq: number, includeNotes: boolean, limit = 500): Promise<StoredMessage[]> {
  let q = messageQuery(db).where('m.conversation_id', '=', conversationId).where('m.seq', '>', afterSeq);
  if (!includeNotes) q = q.where('m.kind', '<>', 'note');
  return (await q.orderBy('m.seq').limit(limit).execute()).map(toMessage);
}

export async function startConversation(db: Db, shop: { id: number; default_group_id: number | null }, visitor: { id: number; customer_id: number | null }, groupId?: number | null) {
  const segment = visitor.customer_id
    ? (await db.selectFrom('customers').select('segment').where('id', '=', visitor.customer_id).executeTakeFirst())?.segment as Segment | undefined
    : undefined;
  return db.insertInto('conversations').values({
    shop_id: shop.id, visitor_id: visitor.id, customer_id: visitor.customer_id, group_id: groupId ?? shop.default_group_id,
    status: 'queued', vip: segment === 'vip',
  }).returning(['id']).executeTakeFirstOrThrow();
}

export async function openConversationOf(db: Db | Tx, visitorId: number) {
  return db.selectFrom('conversations').select(['id', 'status', 'agent_id', 'last_seq'])
    .where('visitor_id', '=', visitorId).where('status', '<>', 'closed').orderBy('id', 'desc').limit(1).executeTakeFirst();
}
