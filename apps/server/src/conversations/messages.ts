import { isOpen } from '@kefu/domain';
import type { AgentFrame } from '@kefu/protocol/chat/agent';
import type { ShopperFrame } from '@kefu/protocol/chat/shopper';
import { refuseForbiddenChat } from '../quality/phrases.ts';
import type { Db } from '../db/database.ts';
import type { Principal } from '../http/context.ts';
import { conflict } from '../http/errors.ts';
import { conversationFor } from './access.ts';
import { attachmentData } from './attachments.ts';
import type { BotTurns } from './bot-turns.ts';
import type { FanOut } from './fan-out.ts';
import type { Routing } from './routing.ts';
import {
  openConversationOf,
  startConversation,
  storeInOpenConversation,
  storeMessage,
  type NewMessage,
  type Stored,
  type StoredMessage,
} from './store.ts';
import type { AgentSuggestions } from './suggestions.ts';
import type { Shop, Visitor } from './visitors.ts';

/** Reads a shopper's message: its intent, and whether the shopper is upset; optional. */
export type Understand = (text: string) => { intent: string; negative: boolean };

type ShopperSend = Omit<Extract<ShopperFrame, { type: 'send' }>, 'type'>;
type AgentSend = Omit<Extract<AgentFrame, { type: 'send' }>, 'type'>;

/**
 * What shoppers and agents send: each message is stored (store.ts storeMessage), then handed to its readers
 * (FanOut.message) before the sender's ack. This is the hot path of live chat: no query more than needed.
 */
export class Messages {
  constructor(
    private readonly db: Db,
    private readonly fanOut: FanOut,
    private readonly routing: Routing,
    private readonly bot: BotTurns,
    private readonly suggestions: AgentSuggestions,
    private readonly understand?: Understand,
  ) {}

  /**
   * Each shopper socket's open conversation (keyed by the socket's own Visitor object, so it goes with the socket):
   * after the first message, the next ones are stored straight into it — the store re-checks it is still open.
   */
  private readonly openConversations = new WeakMap<Visitor, number>();

  /** A shopper's message; their first one opens a conversation (with the bot, or in the queue). */
  async fromShopper(shop: Shop, visitor: Visitor, m: ShopperSend): Promise<StoredMessage> {
    // The page the shopper writes from (the widget's page context) rides with the message: the agent sees the product.
    const data = { ...(await attachmentData(this.db, shop.id, m.kind, m.body, visitor.customer_id, 'shopper')), ...(m.page && { page: m.page }) };
    const remembered = this.openConversations.get(visitor);
    if (remembered !== undefined) {
      const stored = await storeInOpenConversation(this.db, shopperMessage(remembered, visitor, m, data));
      if (stored) return this.shopperMessageStored(shop, visitor, m, stored, false);
      this.openConversations.delete(visitor);
    }
    let conv: { id: number; status: string; agent_id: number | null } | undefined = await openConversationOf(this.db, visitor.id);
    const opened = !conv;
    if (!conv) {
      const fresh = await this.db
        .selectFrom('visitors')
        .select(['id', 'customer_id', 'channel'])
        .where('id', '=', visitor.id)
        .executeTakeFirstOrThrow();
      const created = await startConversation(this.db, shop, fresh, undefined, await this.bot.isOn(shop.id));
      conv = { id: created.id, status: created.status, agent_id: null };
    }
    // Routed before the message is stored: the response clock it starts counts for the conversation's priority.
    if (opened && conv.status === 'queued' && m.kind === 'text' && this.understand) {
      const { intent, negative } = this.understand(m.body);
      if (intent === 'complaint' || negative) await this.routing.routeToAfterSales(conv.id, { complaint: intent === 'complaint', negative });
    }
    const stored = await storeMessage(this.db, shopperMessage(conv.id, visitor, m, data));
    this.openConversations.set(visitor, conv.id);
    return this.shopperMessageStored(shop, visitor, m, stored, opened);
  }

  /** Hands a stored shopper message to its readers (also a retry's: the first try may have died before telling anyone). */
  private async shopperMessageStored(shop: Shop, visitor: Visitor, m: ShopperSend, stored: Stored, opened: boolean): Promise<StoredMessage> {
    const { message, created } = stored;
    const conv = stored.conversation ?? (await conversationNow(this.db, message.conversationId));
    // Receivers drop a seq they have.
    await this.fanOut.message(visitor.id, [conv.agentId], message);
    if (created && m.kind === 'text' && conv.agentId) this.suggestions.forText(conv.agentId, message.conversationId, message.seq, m.body);
    if (opened) {
      await this.fanOut.conversation(message.conversationId, { shopper: true, supervisors: true });
      if (conv.status !== 'bot') await this.routing.dispatchAndTell();
    }
    if (created && conv.status === 'bot')
      this.bot.takeInOrder(message.conversationId, shop.id, visitor.id, m.kind === 'text' ? m.body : null, m.page);
    return message;
  }

  /**
   * An agent's message or internal note (notes also in a closed conversation, for those allowed to write them). A
   * supervisor's note in another agent's conversation is a whisper: the agent sees it, the shopper never does.
   */
  async fromAgent(agent: Principal, m: AgentSend): Promise<StoredMessage> {
    const conv = await conversationFor(this.db, agent, m.conversationId, m.kind === 'note' ? 'note' : 'send');
    if (m.kind !== 'note' && !isOpen(conv.status)) throw conflict('the conversation is closed');
    // What reaches the shopper is checked here, not only in the composer (a script or another client sends too).
    if (m.kind === 'text') await refuseForbiddenChat(this.db, agent.id, conv.id, m.body);
    const data = await attachmentData(this.db, conv.shop_id, m.kind, m.body, null);
    const { message } = await storeMessage(this.db, {
      conversationId: conv.id,
      sender: { kind: 'agent', id: agent.id, name: agent.displayName },
      kind: m.kind,
      body: m.body,
      data,
      clientId: m.clientId,
    });
    // Published on a retry too (see fromShopper).
    await this.fanOut.message(conv.visitor_id, [conv.agent_id, agent.id], message);
    return message;
  }
}

function shopperMessage(conversationId: number, visitor: Visitor, m: ShopperSend, data: Record<string, unknown>): NewMessage {
  return { conversationId, sender: { kind: 'shopper', id: visitor.id, name: visitor.name }, kind: m.kind, body: m.body, data, clientId: m.clientId };
}

async function conversationNow(db: Db, id: number): Promise<{ status: string; agentId: number | null }> {
  const row = await db.selectFrom('conversations').select(['status', 'agent_id']).where('id', '=', id).executeTakeFirstOrThrow();
  return { status: row.status, agentId: row.agent_id };
}
