import { yuanText } from '@kefu/domain';
import { sql } from 'kysely';
import type { ChatService } from '../../conversations/chat-service.ts';
import { storeMessage } from '../../conversations/store.ts';
import type { Db } from '../../db/database.ts';
import { ImRefused, MARKETPLACE_LABEL, type ImReply, type Marketplace, type MarketplaceIm } from './contract.ts';

const LEASE_SECONDS = 60;
const MAX_ATTEMPTS = 8;

/**
 * kefu's answers in marketplace conversations, sent back on the platform. The outbox is the conversation itself:
 * `im_outbound.sent_seq` is how far it went, and every later message from an agent or the bot is still to go — so an
 * answer is never lost between storing and sending, and goes out in order. A conversation is claimed with a lease
 * (several processes never send it twice at once; no transaction stays open while the platform answers); a
 * transient refusal tries again with back-off, a permanent one (or the 8th try) is told to the agent as a note.
 * A crash between the platform's answer and recording it sends that one message again: at least once, in order.
 */
export async function deliverDueIm(
  db: Db,
  chat: ChatService,
  adapters: Partial<Record<Marketplace, MarketplaceIm>>,
  limit = 100,
): Promise<{ sent: number; failed: number; retrying: number; claimed: number }> {
  const platforms = Object.keys(adapters) as Marketplace[];
  const tally = { sent: 0, failed: 0, retrying: 0 };
  if (!platforms.length) return { ...tally, claimed: 0 };
  const claimed = await db.transaction().execute(async (tx) => {
    const due = await tx
      .selectFrom('im_outbound as o')
      .innerJoin('conversations as c', 'c.id', 'o.conversation_id')
      .select(['o.conversation_id', 'o.platform', 'o.buyer_id', 'o.sent_seq', 'o.attempts', 'c.last_seq', 'c.visitor_id', 'c.agent_id'])
      .where('o.platform', 'in', platforms)
      .whereRef('c.last_seq', '>', 'o.sent_seq')
      .where('o.next_attempt_at', '<=', sql<Date>`now()`)
      .orderBy('o.next_attempt_at')
      .limit(limit)
      .forUpdate('o')
      .skipLocked()
      .execute();
    if (due.length)
      await tx
        .updateTable('im_outbound')
        .set({ next_attempt_at: sql<Date>`now() + make_interval(secs => ${LEASE_SECONDS})` as unknown as Date })
        .where(
          'conversation_id',
          'in',
          due.map((d) => d.conversation_id),
        )
        .execute();
    return due;
  });
  await Promise.all(
    claimed.map(async (conv) => {
      const adapter = adapters[conv.platform as Marketplace]!;
      // Only what kefu's side said goes out: the buyer's own messages and system lines are passed over.
      const pending = await db
        .selectFrom('messages')
        .select(['seq', 'kind', 'body', 'data'])
        .where('conversation_id', '=', conv.conversation_id)
        .where('seq', '>', conv.sent_seq)
        .where('seq', '<=', conv.last_seq)
        .where('sender_kind', 'in', ['agent', 'bot'])
        .orderBy('seq')
        .execute();
      let sentSeq = conv.sent_seq;
      for (const [i, m] of pending.entries()) {
        const reply = replyFor(m.kind, m.body, m.data as Record<string, unknown>);
        try {
          if (reply === 'unsendable')
            await tellAgent(
              db,
              chat,
              conv,
              `${kindLabel(m.kind)}未发送到${MARKETPLACE_LABEL[conv.platform as Marketplace]}：该平台不支持从 kefu 发送，请在平台客服工具中发送。`,
            );
          else if (reply) {
            await adapter.send(conv.buyer_id, reply);
            tally.sent++;
          }
          sentSeq = m.seq;
          // Recorded as it goes when more follow (a crash re-sends one message, not the lot); the last with the release.
          if (i < pending.length - 1) await recordSent(db, conv.conversation_id, sentSeq);
        } catch (err) {
          const attempts = conv.attempts + 1;
          const reason = (err instanceof Error ? err.message : String(err)).slice(0, 500);
          const gaveUp = (err instanceof ImRefused && err.permanent) || attempts >= MAX_ATTEMPTS;
          if (gaveUp) {
            tally.failed++;
            await tellAgent(
              db,
              chat,
              conv,
              `消息未能发送到${MARKETPLACE_LABEL[conv.platform as Marketplace]}（${reason}）：「${m.body.slice(0, 60)}」，请在平台客服工具中回复买家。`,
            );
          } else tally.retrying++;
          await db
            .updateTable('im_outbound')
            .set({
              // Given up: past this message, so the next answers still go out.
              sent_seq: gaveUp ? m.seq : sentSeq,
              attempts: gaveUp ? 0 : attempts,
              last_error: reason,
              next_attempt_at: gaveUp ? new Date() : (sql<Date>`now() + make_interval(secs => ${Math.min(2 ** attempts, 600)})` as unknown as Date),
              updated_at: new Date(),
            })
            .where('conversation_id', '=', conv.conversation_id)
            .execute();
          return;
        }
      }
      // Everything up to the conversation's last message is through; the lease is released.
      await db
        .updateTable('im_outbound')
        .set({
          sent_seq: sql<number>`greatest(sent_seq, ${conv.last_seq})`,
          attempts: 0,
          last_error: null,
          next_attempt_at: new Date(),
          updated_at: new Date(),
        })
        .where('conversation_id', '=', conv.conversation_id)
        .execute();
    }),
  );
  return { ...tally, claimed: claimed.length };
}

const recordSent = (db: Db, conversationId: number, sentSeq: number) =>
  db
    .updateTable('im_outbound')
    .set({ sent_seq: sql<number>`greatest(sent_seq, ${sentSeq})`, attempts: 0, last_error: null, updated_at: new Date() })
    .where('conversation_id', '=', conversationId)
    .execute();

/** What a stored answer becomes on the platform; null for what the buyer is not sent (notes, system lines). */
function replyFor(kind: string, body: string, data: Record<string, unknown>): ImReply | 'unsendable' | null {
  if (kind === 'text') return { kind: 'text', text: body };
  if (kind === 'order') return { kind: 'order', orderNo: typeof data.orderNo === 'string' ? data.orderNo : body };
  if (kind === 'product' && typeof data.name === 'string' && typeof data.priceFen === 'number')
    return { kind: 'text', text: `${data.name} ¥${yuanText(data.priceFen)}` };
  if (kind === 'image' || kind === 'product') return 'unsendable';
  return null;
}

const kindLabel = (kind: string) => (kind === 'image' ? '图片' : kind === 'product' ? '商品卡片' : '消息');

/** A note in the conversation (the agent sees it; it is never sent to the buyer). */
async function tellAgent(db: Db, chat: ChatService, conv: { conversation_id: number; visitor_id: number; agent_id: number | null }, text: string) {
  const { message } = await storeMessage(db, {
    conversationId: conv.conversation_id,
    sender: { kind: 'system', id: null, name: '系统' },
    kind: 'note',
    body: text,
  });
  await chat.fanOut.message(conv.visitor_id, [conv.agent_id], message);
}

/** Outbox rows of conversations closed over a week ago are done with. */
export async function pruneImLog(db: Db): Promise<void> {
  await db
    .deleteFrom('im_outbound')
    .where('conversation_id', 'in', (eb) =>
      eb
        .selectFrom('conversations')
        .select('id')
        .where('status', '=', 'closed')
        .where('closed_at', '<', sql<Date>`now() - interval '7 days'`),
    )
    .execute();
  await db
    .deleteFrom('im_inbound')
    .where('received_at', '<', sql<Date>`now() - interval '90 days'`)
    .execute();
}
