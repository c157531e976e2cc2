import { openingStatus, type Segment } from '@kefu/domain';
import type { MessageKind, SenderKind } from '@kefu/protocol/chat/objects';
import { CompiledQuery, sql } from 'kysely';
import type { Db, Tx } from '../db/database.ts';
import { prepared } from '../db/prepared.ts';
import { notFound } from '../http/errors.ts';
import { currentPolicies } from '../sla/policies.ts';
import { presentMessage, type MessageOut } from './presenter.ts';
import { meetResponseClock, startResponseClock } from './response-clock.ts';

export type { MessageKind, SenderKind };
export interface Sender {
  kind: SenderKind;
  id: number | null;
  name: string;
}

export interface NewMessage {
  conversationId: number;
  sender: Sender;
  kind: MessageKind;
  body: string;
  data?: Record<string, unknown>;
  clientId?: string | null;
}

/** A stored message, as the protocol carries it (`message` frames, GET …/messages). */
export type StoredMessage = MessageOut;

interface StoreRow {
  seq: number | null;
  response_ms: number | null;
  prior_seq: number | null;
  status: string | null;
  agent_id: number | null;
  found: boolean;
}

const MESSAGE_COLUMNS = [
  'm.conversation_id',
  'm.seq',
  'm.client_id',
  'm.kind',
  'm.body',
  'm.data',
  'm.sender_kind',
  'm.sender_id',
  'm.at',
  'u.display_name',
  'v.name as visitor_name',
] as const;

function messageQuery(db: Db | Tx) {
  return db
    .selectFrom('messages as m')
    .innerJoin('conversations as c', 'c.id', 'm.conversation_id')
    .innerJoin('visitors as v', 'v.id', 'c.visitor_id')
    .leftJoin('users as u', (join) => join.onRef('u.id', '=', 'm.sender_id').on('m.sender_kind', '=', 'agent'))
    .select(MESSAGE_COLUMNS);
}

/**
 * Stores a message and gives it the conversation's next sequence number, in one statement (atomic, one
 * round trip: this is the hot path of live chat). A retry with the same client id returns the stored
 * message instead of writing a second one — also when both copies race (the unique index decides).
 * The same statement keeps the chat response clock (response-clock.ts): a shopper's message that makes the
 * conversation wait starts it, an answer meets it.
 */
export async function storeMessage(db: Db | Tx, m: NewMessage): Promise<Stored> {
  return (await store(db, m, false))!;
}

export interface Stored {
  message: StoredMessage;
  created: boolean;
  responseMs: number | null;
  /** the conversation as the statement that stored the message found it (null for a retry: nothing was stored) */
  conversation: { status: string; agentId: number | null } | null;
}

/**
 * storeMessage into a conversation that was open when last seen (a shopper socket remembers its own): undefined,
 * and nothing stored, when it has closed since. The check and the store are one statement under the row's lock.
 */
export function storeInOpenConversation(db: Db | Tx, m: NewMessage): Promise<Stored | undefined> {
  return store(db, m, true);
}

async function store(db: Db | Tx, m: NewMessage, onlyIfOpen: boolean): Promise<Stored | undefined> {
  const now = new Date();
  const answersShopper = m.sender.kind !== 'shopper' && m.kind !== 'note' && m.kind !== 'system';
  const fromShopper = m.sender.kind === 'shopper';
  const fromAgent = answersShopper && m.sender.kind === 'agent';
  const clock = fromShopper ? startResponseClock(await currentPolicies(db), now) : answersShopper ? meetResponseClock(now) : null;
  let row: StoreRow | undefined;
  try {
    const statement = sql<StoreRow>`
      with prior as (
        select seq from messages where conversation_id = ${m.conversationId} and sender_kind = ${m.sender.kind} and client_id = ${m.clientId ?? null}
      ), old as (
        select id, status, agent_id, priority, channel, customer_id, waiting_since, first_response_at from conversations
        where id = ${m.conversationId} and not exists (select 1 from prior)${onlyIfOpen ? sql` and status <> 'closed'` : sql``} for update
      ), c as (
        update conversations set
          last_seq = conversations.last_seq + 1,
          waiting_since = case when ${answersShopper} then null when ${fromShopper} then coalesce(old.waiting_since, ${now}::timestamptz) else old.waiting_since end,
          first_response_at = case when ${fromAgent} then coalesce(old.first_response_at, ${now}::timestamptz) else old.first_response_at end
        from old where conversations.id = old.id
        returning conversations.id, conversations.last_seq, old.status, old.agent_id, old.priority, old.channel, old.customer_id, old.waiting_since as old_waiting_since
      ), ins as (
        insert into messages (conversation_id, seq, client_id, sender_kind, sender_id, kind, body, data, response_ms, at)
        select ${m.conversationId}, c.last_seq, ${m.clientId ?? null}, ${m.sender.kind}, ${m.sender.id}::int, ${m.kind}, ${m.body},
          ${JSON.stringify(m.data ?? {})}::jsonb,
          case when ${answersShopper} and c.old_waiting_since is not null
            then (extract(epoch from (${now}::timestamptz - c.old_waiting_since)) * 1000)::int end,
          ${now}::timestamptz
        from c
        returning seq, response_ms
      )${clock ? sql`, ${clock}` : sql``}
      select (select seq from ins) as seq, (select response_ms from ins) as response_ms, (select seq from prior) as prior_seq,
        (select status from c) as status, (select agent_id from c) as agent_id,
        exists (select 1 from conversations where id = ${m.conversationId}) as found`.compile(db);
    // Prepared on PostgreSQL: planning this statement costs more than running it. Its text changes only with the
    // clock CTE (a shopper starts it, an answer meets it), onlyIfOpen and the policies' shape: few texts are ever prepared.
    const result = await db.executeQuery<StoreRow>(CompiledQuery.raw(prepared(statement.sql), [...statement.parameters]));
    row = result.rows[0];
  } catch (err) {
    if ((err as { code?: string }).code !== '23505') throw err;
  }
  if (row && !row.found) throw notFound('conversation');
  if (onlyIfOpen && row && row.seq == null && row.prior_seq == null) return undefined;
  if (row?.seq != null) {
    const message = {
      conversationId: m.conversationId,
      seq: row.seq,
      clientId: m.clientId ?? null,
      kind: m.kind,
      body: m.body,
      data: m.data ?? {},
      sender: m.sender,
      at: now,
    };
    return { message, created: true, responseMs: row.response_ms, conversation: { status: row.status!, agentId: row.agent_id } };
  }
  // Sent before (or at the same moment): answer with the stored message.
  const stored = await messageQuery(db)
    .where('m.conversation_id', '=', m.conversationId)
    .where('m.sender_kind', '=', m.sender.kind)
    .where('m.client_id', '=', m.clientId ?? null)
    .executeTakeFirstOrThrow();
  return { message: presentMessage(stored), created: false, responseMs: null, conversation: null };
}

export async function messagesAfter(
  db: Db,
  conversationId: number,
  afterSeq: number,
  includeNotes: boolean,
  limit = 500,
  upToSeq?: number,
): Promise<StoredMessage[]> {
  let q = messageQuery(db).where('m.conversation_id', '=', conversationId).where('m.seq', '>', afterSeq);
  if (upToSeq !== undefined) q = q.where('m.seq', '<=', upToSeq);
  if (!includeNotes) q = q.where('m.kind', '<>', 'note');
  return (await q.orderBy('m.seq').limit(limit).execute()).map(presentMessage);
}

/**
 * What a reconnecting (or gap-filling) client is sent: the messages after `afterSeq`, and `lastSeq`, the seq
 * up to which it now has everything it may see. `lastSeq` counts the notes a shopper never sees, so a client
 * does not take them for a gap; `more` says a page limit cut the list (resume again from `lastSeq`).
 * The conversation's last_seq is read first: a message and its seq are written in one statement, so every
 * message up to it is already visible to the query that follows.
 */
export async function catchUp(db: Db, conversationId: number, afterSeq: number, includeNotes: boolean, limit = 500) {
  const conv = await db.selectFrom('conversations').select('last_seq').where('id', '=', conversationId).executeTakeFirst();
  const upTo = Math.max(conv?.last_seq ?? 0, afterSeq);
  const messages = await messagesAfter(db, conversationId, afterSeq, includeNotes, limit, upTo);
  const more = messages.length === limit && messages.at(-1)!.seq < upTo;
  return { messages, lastSeq: more ? messages.at(-1)!.seq : upTo, more };
}

/** A new conversation, waiting in the queue — or with the bot first when the shop has it on. */
export async function startConversation(
  db: Db,
  shop: { id: number; default_group_id: number | null },
  visitor: { id: number; customer_id: number | null; channel?: string },
  groupId?: number | null,
  withBot = false,
) {
  const segment = visitor.customer_id
    ? ((await db.selectFrom('customers').select('segment').where('id', '=', visitor.customer_id).executeTakeFirst())?.segment as Segment | undefined)
    : undefined;
  return db
    .insertInto('conversations')
    .values({
      shop_id: shop.id,
      visitor_id: visitor.id,
      customer_id: visitor.customer_id,
      group_id: groupId ?? shop.default_group_id,
      status: openingStatus(withBot),
      vip: segment === 'vip',
      channel: visitor.channel ?? 'web',
    })
    .returning(['id', 'status', 'vip'])
    .executeTakeFirstOrThrow();
}

export async function openConversationOf(db: Db | Tx, visitorId: number) {
  return (
    db
      .selectFrom('conversations')
      .select(['id', 'status', 'agent_id', 'last_seq'])
      .where('visitor_id', '=', visitorId)
      .where('status', '<>', 'closed')
      // created_at, not id: the (visitor_id, created_at) index answers this; by id PostgreSQL walks the whole table backwards.
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst()
  );
}
