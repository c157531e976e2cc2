import { sql } from 'kysely';
import type { Hub } from '../chat/hub.ts';
import type { Db } from '../db/database.ts';
import type { Principal } from '../http/context.ts';
import { conversationFor, visitorConversation } from './access.ts';

/** Who acts: a shopper by their visitor id (their own conversations only), or a staff member (through the access rule). */
type Party = number | Principal;

/** Typing and read receipts, passed to the other side of the conversation. */
export class Signals {
  constructor(
    private readonly db: Db,
    private readonly hub: Hub,
  ) {}

  /** A read receipt: the reader has seen everything up to `seq`. */
  async markRead(by: 'shopper' | 'agent', conversationId: number, seq: number, who: Party): Promise<void> {
    const conv = await this.conversationOf(conversationId, who, 'mark_read');
    const column = by === 'shopper' ? 'shopper_read_seq' : 'agent_read_seq';
    await this.db
      .updateTable('conversations')
      .set({ [column]: sql<number>`greatest(${sql.ref(column)}, least(${seq}, last_seq))` })
      .where('id', '=', conv.id)
      .execute();
    const frame = { type: 'read' as const, conversationId: conv.id, by, seq };
    if (by === 'shopper' && conv.agent_id) this.hub.toAgent(conv.agent_id, frame);
    if (by === 'agent') this.hub.toShopper(conv.visitor_id, frame);
  }

  async typing(from: 'shopper' | 'agent', conversationId: number, name: string, who: Party): Promise<void> {
    const conv = await this.conversationOf(conversationId, who, 'typing');
    const frame = { type: 'typing' as const, conversationId, from, name };
    if (from === 'shopper' && conv.agent_id) this.hub.toAgent(conv.agent_id, frame);
    if (from === 'agent') this.hub.toShopper(conv.visitor_id, frame);
  }

  private async conversationOf(conversationId: number, who: Party, action: 'mark_read' | 'typing') {
    return typeof who === 'number' ? visitorConversation(this.db, who, conversationId) : conversationFor(this.db, who, conversationId, action);
  }
}
