import { ticketCategoryForIntent } from '@kefu/domain';
import type { Db } from '../db/database.ts';
import { recordEvent } from '../events/record.ts';
import { visitorConversation } from './access.ts';
import { INTENT_LABEL } from './bot-turns.ts';
import type { FanOut } from './fan-out.ts';
import type { Understand } from './messages.ts';
import { openConversationOf } from './store.ts';
import { leaveMessage, type Visitor } from './visitors.ts';

/** What a shopper does besides chatting: rating, leaving a message, proving who they are (told to the agent). */
export class Shoppers {
  constructor(
    private readonly db: Db,
    private readonly fanOut: FanOut,
    private readonly understand?: Understand,
  ) {}

  async rate(visitorId: number, conversationId: number, score: number, comment: string | undefined): Promise<void> {
    const conv = await visitorConversation(this.db, visitorId, conversationId);
    await this.db.transaction().execute(async (tx) => {
      await tx
        .updateTable('conversations')
        .set({ rating: score, rating_comment: comment ?? null })
        .where('id', '=', conv.id)
        .execute();
      await recordEvent(tx, { type: 'conversation.rated', payload: { conversationId: conv.id, rating: score } });
    });
    if (conv.agent_id) await this.fanOut.conversation(conv.id, { agentIds: [conv.agent_id] });
  }

  /** A message left when no one is online: a ticket filed by what it is about. */
  async leaveMessage(visitor: Visitor, input: { body: string; name?: string; phone?: string; email?: string }) {
    const read = this.understand?.(input.body);
    return leaveMessage(this.db, visitor, input, {
      category: read ? ticketCategoryForIntent(read.intent) : null,
      tag: read && read.intent !== 'other' ? (INTENT_LABEL[read.intent] ?? null) : null,
      complaint: read ? read.intent === 'complaint' || read.negative : false,
    });
  }

  /** Tells the agent of the visitor's open conversation what changed (e.g. the shopper identified). */
  async tellAgentAbout(visitorId: number): Promise<void> {
    const open = await openConversationOf(this.db, visitorId);
    if (open?.agent_id) await this.fanOut.conversation(open.id, { agentIds: [open.agent_id] });
  }
}
