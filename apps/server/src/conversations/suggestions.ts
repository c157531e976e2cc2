import type { Assistance } from '@kefu/protocol/chat/agent';
import type { Hub } from '../chat/hub.ts';
import type { Db } from '../db/database.ts';

/** Looks at a shopper's text for the agent (knowledge suggestions, products, intent); optional. */
export type Assist = (conversationId: number, text: string) => Promise<Assistance>;

/** Suggestions follow a shopper's text to its agent. They are a help: a failure only loses them, and nobody waits for them. */
export class AgentSuggestions {
  constructor(
    private readonly db: Db,
    private readonly hub: Hub,
    private readonly assist?: Assist,
  ) {}

  /**
   * For a text that reached the agent; not awaited by the message path, and started only after it: the intent model
   * and the knowledge search run synchronously at first, and the sender's ack should not wait for them.
   */
  forText(agentId: number, conversationId: number, seq: number, text: string): void {
    const assist = this.assist;
    if (assist) setImmediate(() => void this.send(assist, agentId, conversationId, seq, text));
  }

  /** A conversation reaching its agent brings suggestions for the shopper's latest question, usually the first message. */
  onArrival(agentId: number, conversationId: number): void {
    const assist = this.assist;
    if (!assist) return;
    void (async () => {
      const last = await this.db
        .selectFrom('messages')
        .select(['seq', 'body'])
        .where('conversation_id', '=', conversationId)
        .where('sender_kind', '=', 'shopper')
        .where('kind', '=', 'text')
        .orderBy('seq', 'desc')
        .limit(1)
        .executeTakeFirst();
      if (last) await this.send(assist, agentId, conversationId, last.seq, last.body);
    })().catch(() => undefined);
  }

  private async send(assist: Assist, agentId: number, conversationId: number, seq: number, text: string) {
    try {
      const help = await assist(conversationId, text);
      this.hub.toAgent(agentId, { type: 'suggestions', conversationId, seq, ...help });
    } catch {
      // nothing to tell the agent
    }
  }
}
