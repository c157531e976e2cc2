import { statusAfter } from '@kefu/domain';
import type { Tx } from '../db/database.ts';
import type { Colleague } from '../users/colleague.ts';
import { storeMessage, type StoredMessage } from './store.ts';

const OPEN_CONVERSATION = ['bot', 'queued', 'active'];

/** A conversation that changed hands; the caller tells the shopper and the agents once the transaction has committed. */
export interface MovedConversation {
  id: number;
  visitorId: number;
  fromAgentId: number;
  toAgentId: number | null;
  toName: string | null;
  message: StoredMessage;
}

/**
 * A leaving agent's open conversations go to the colleague, or back to their group's queue, each with a system line;
 * the caller tells the shopper and the agents once the transaction has committed (users/tell.ts).
 */
export async function moveConversations(tx: Tx, userId: number, to: Colleague | null): Promise<MovedConversation[]> {
  const open = await tx
    .selectFrom('conversations')
    .select(['id', 'visitor_id', 'status'])
    .where('agent_id', '=', userId)
    .where('status', 'in', OPEN_CONVERSATION)
    .orderBy('id')
    .forUpdate()
    .execute();
  const moved: MovedConversation[] = [];
  for (const conv of open) {
    const move = statusAfter(conv.status, to ? 'transfer_to_agent' : 'transfer_to_group');
    if (!move.ok) continue;
    await tx
      .updateTable('conversations')
      .set(to ? { agent_id: to.id, status: move.status, assigned_at: new Date() } : { agent_id: null, status: move.status })
      .where('id', '=', conv.id)
      .execute();
    const { message } = await storeMessage(tx, {
      conversationId: conv.id,
      sender: { kind: 'system', id: null, name: '系统' },
      kind: 'system',
      body: to ? `会话已转接给 ${to.name}` : '会话已转回排队，请稍候',
      data: { code: 'transferred', to: to?.name ?? null },
    });
    moved.push({ id: conv.id, visitorId: conv.visitor_id, fromAgentId: userId, toAgentId: to?.id ?? null, toName: to?.name ?? null, message });
  }
  return moved;
}
