import { sql } from 'kysely';
import { deliverDueEmails, queueReplyEmail, type Mailer } from '../channels/email.ts';
import type { ChatService } from '../conversations/chat-service.ts';
import { storeMessage } from '../conversations/store.ts';
import type { Db, Tx } from '../db/database.ts';
import type { PayloadOf } from '../events/types.ts';

/** How kefu reaches a shopper: their chat (if they are connected), else e-mail. */
export interface ShopperChannels {
  /** Whether the shopper on this visitor id is connected to the chat now. */
  connected(visitorId: number): boolean | Promise<boolean>;
  /** A system line in the conversation, stored once per `clientId` and told to both sides. */
  postToChat(conv: OpenChat, body: string, data: { code: string } & Record<string, unknown>, clientId: string): Promise<void>;
  mail: Mailer | null;
}

export interface OpenChat {
  id: number;
  visitor_id: number;
  agent_id: number | null;
}

/**
 * Live chat as a channel to the shopper. The hub knows only the sockets of this process and cannot say whether a
 * visitor is connected anywhere, so until it can, an open conversation counts as connected: the shopper sees the
 * line there, now or when they come back to it.
 */
export function chatChannels(db: Db, chat: () => ChatService, mail: Mailer | null): ShopperChannels {
  return {
    connected: () => true,
    async postToChat(conv, body, data, clientId) {
      const { message } = await storeMessage(db, {
        conversationId: conv.id,
        sender: { kind: 'system', id: null, name: '系统' },
        kind: 'system',
        body,
        data,
        clientId,
      });
      await chat().fanOut.message(conv.visitor_id, [conv.agent_id], message);
    },
    mail,
  };
}

/** Marks `entryId` as told, unless it (or a later progress) was told already; false then. */
async function markTold(db: Db | Tx, afterSaleId: number, entryId: string): Promise<boolean> {
  const row = await db
    .updateTable('after_sales')
    .set({ progress_told_id: entryId })
    .where('id', '=', afterSaleId)
    .where((eb) => eb.or([eb('progress_told_id', 'is', null), eb('progress_told_id', '<', entryId)]))
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Tells the shopper a repair's progress (listener of `aftersale.progress`): in their open chat — the ticket's own
 * conversation first — when they are connected, else by e-mail to the address on file; nothing when kefu has
 * neither. Each progress is told once: the chat line's client id is the entry (a retry finds it stored), and the
 * request remembers the last entry told.
 */
export async function tellShopperOfProgress(
  db: Db,
  channels: ShopperChannels,
  p: PayloadOf<'aftersale.progress'>,
): Promise<'chat' | 'email' | 'none'> {
  const facts = await db
    .selectFrom('after_sales as a')
    .innerJoin('tickets as t', 't.id', 'a.ticket_id')
    .innerJoin('ticket_events as e', (join) => join.on('e.id', '=', p.entryId))
    .leftJoin('users as u', 'u.id', 'e.actor_id')
    .select(['a.progress_told_id', 't.number', 't.customer_id', 't.conversation_id', 'e.body', 'u.display_name'])
    .where('a.id', '=', p.afterSaleId)
    .executeTakeFirst();
  if (!facts || (facts.progress_told_id !== null && BigInt(facts.progress_told_id) >= BigInt(p.entryId))) return 'none';
  const body = `维修进度（工单 ${facts.number}）：${facts.body ?? ''}`;
  const chat = await openChat(db, facts.conversation_id, facts.customer_id);
  if (chat && (await channels.connected(chat.visitor_id))) {
    const data = { code: 'aftersale_progress', afterSaleId: p.afterSaleId, ticketId: p.ticketId };
    await channels.postToChat(chat, body, data, `aftersale-progress-${p.entryId}`);
    await markTold(db, p.afterSaleId, p.entryId);
    return 'chat';
  }
  const queued = await db
    .transaction()
    .execute(async (tx) => (await markTold(tx, p.afterSaleId, p.entryId)) && queueReplyEmail(tx, p.ticketId, body, facts.display_name ?? '客服'));
  if (queued && channels.mail) await deliverDueEmails(db, channels.mail);
  return queued ? 'email' : 'none';
}

/** The shopper's open conversation: the one the ticket came from if still open, else their latest. */
async function openChat(db: Db, conversationId: number | null, customerId: number | null): Promise<OpenChat | undefined> {
  if (conversationId === null && customerId === null) return undefined;
  return db
    .selectFrom('conversations as c')
    .select(['c.id', 'c.visitor_id', 'c.agent_id'])
    .where('c.status', '<>', 'closed')
    .where((eb) => eb.or([eb('c.id', '=', conversationId ?? -1), eb('c.customer_id', '=', customerId ?? -1)]))
    .orderBy(sql`c.id = ${conversationId ?? -1}`, 'desc')
    .orderBy('c.created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}
