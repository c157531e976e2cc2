import type { Hub } from '../chat/hub.ts';
import type { Db } from '../db/database.ts';
import { queuePositions } from './dispatch.ts';
import { presentShopperConversation } from './presenter.ts';
import { storeMessage, type StoredMessage } from './store.ts';
import { conversationView } from './views.ts';

/** Who is told what, once something happened: the frames the chat pushes to sockets other than the one that asked. */
export class FanOut {
  constructor(
    private readonly db: Db,
    readonly hub: Hub,
  ) {}

  /**
   * A stored message, to the shopper (never a note), to each agent named, once, and to the supervisors watching. Resolves when the bus has
   * taken it: the sender's ack waits for that. Every stored message of live chat reaches its readers here.
   */
  async message(visitorId: number, agentIds: readonly (number | null)[], message: StoredMessage): Promise<void> {
    const frame = { type: 'message' as const, ...message };
    const sent: Promise<void>[] = [];
    if (message.kind !== 'note') sent.push(this.hub.publish({ target: { kind: 'visitor', id: visitorId }, frame }));
    for (const id of new Set(agentIds)) if (id) sent.push(this.hub.publish({ target: { kind: 'agent', id }, frame }));
    // The supervisors following it live (会话监控); a frame of its own, so their workspace does not take it as theirs.
    sent.push(this.hub.publish({ target: { kind: 'watchers', id: message.conversationId }, frame: { ...message, type: 'monitored' } }));
    await Promise.all(sent);
  }

  /** A system line in the conversation, stored and told to both sides; `data.code` lets clients show it in their own language. */
  async systemLine(conversationId: number, body: string, data: { code: string } & Record<string, unknown>): Promise<void> {
    const conv = await this.db
      .selectFrom('conversations')
      .select(['visitor_id', 'agent_id'])
      .where('id', '=', conversationId)
      .executeTakeFirstOrThrow();
    const { message } = await storeMessage(this.db, {
      conversationId,
      sender: { kind: 'system', id: null, name: '系统' },
      kind: 'system',
      body,
      data,
    });
    await this.message(conv.visitor_id, [conv.agent_id], message);
  }

  /** The conversation as it is now: to the agents named, to its shopper (their own view of it) and to the supervisors. */
  async conversation(conversationId: number, to: { agentIds?: readonly (number | null)[]; shopper?: boolean; supervisors?: boolean }): Promise<void> {
    const view = await conversationView(this.db, conversationId);
    if (!view) return;
    const frame = { type: 'conversation' as const, conversation: view };
    for (const id of new Set(to.agentIds ?? [])) if (id) this.hub.toAgent(id, frame);
    if (to.shopper) this.hub.toShopper(view.visitorId, { type: 'conversation', conversation: presentShopperConversation(view) });
    if (to.supervisors) this.hub.toSupervisors(frame);
  }

  /** Every waiting shopper's place in the queue. */
  async queue(): Promise<void> {
    for (const q of await queuePositions(this.db)) {
      this.hub.toShopper(q.visitorId, { type: 'queue', conversationId: q.conversationId, position: q.position });
    }
  }

  /** The conversation ended: its shopper, its agent and the supervisors are told. */
  closed(conv: { id: number; visitor_id: number; agent_id: number | null }, reason: string): void {
    const frame = { type: 'closed' as const, conversationId: conv.id, reason };
    this.hub.toShopper(conv.visitor_id, frame);
    if (conv.agent_id) this.hub.toAgent(conv.agent_id, frame);
    this.hub.toSupervisors(frame);
  }
}
