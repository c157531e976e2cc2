import { randomUUID } from 'node:crypto';
import { DESK_ROLES, LEAD_ROLES, statusAfter, type Role } from '@kefu/domain';
import type { Db } from '../db/database.ts';
import type { Principal } from '../http/context.ts';
import { badRequest, refusalError } from '../http/errors.ts';
import { conversationFor } from './access.ts';
import { storeMessage, type StoredMessage } from './store.ts';

export interface Transferred {
  visitorId: number;
  /** The agent who had it (told of the move), if any. */
  fromAgentId: number | null;
  /** The agent who has it now; null when it went back to a group's queue. */
  toAgentId: number | null;
  targetName: string;
  /** The note for the next agent (if any) and the system line, in seq order. */
  messages: StoredMessage[];
}

/**
 * Moves a conversation to an agent or a group's queue, with the sender's note and the system line, all or
 * nothing: one transaction, the row locked, so a refused note never leaves the conversation moved.
 * The caller tells everyone once it has committed.
 */
export async function transferConversation(
  db: Db,
  actor: Principal,
  conversationId: number,
  to: { agentId?: number; groupId?: number },
  note?: string,
): Promise<Transferred> {
  return db.transaction().execute(async (tx) => {
    const conv = await conversationFor(tx, actor, conversationId, 'transfer', { forUpdate: true });
    const move = statusAfter(conv.status, to.agentId ? 'transfer_to_agent' : 'transfer_to_group');
    if (!move.ok) throw refusalError(move);
    let targetName: string;
    let toAgentId: number | null = null;
    if (to.agentId) {
      const target = await tx
        .selectFrom('users')
        .select(['id', 'display_name', 'role'])
        .where('id', '=', to.agentId)
        .where('active', '=', true)
        .executeTakeFirst();
      if (!target || !DESK_ROLES.includes(target.role as Role)) throw badRequest('toAgentId', 'no such agent');
      targetName = target.display_name;
      toAgentId = target.id;
      await tx
        .updateTable('conversations')
        .set({ agent_id: target.id, status: move.status, assigned_at: new Date() })
        .where('id', '=', conv.id)
        .execute();
    } else if (to.groupId) {
      const group = await tx.selectFrom('skill_groups').select(['id', 'name']).where('id', '=', to.groupId).executeTakeFirst();
      if (!group) throw badRequest('toGroupId', 'no such skill group');
      targetName = group.name;
      await tx.updateTable('conversations').set({ group_id: group.id, agent_id: null, status: move.status }).where('id', '=', conv.id).execute();
    } else {
      throw badRequest('toAgentId', 'name an agent or a group');
    }
    const messages: StoredMessage[] = [];
    if (note) {
      messages.push(
        (
          await storeMessage(tx, {
            conversationId: conv.id,
            sender: { kind: 'agent', id: actor.id, name: actor.displayName },
            kind: 'note',
            body: note,
            clientId: `transfer-note-${randomUUID()}`,
          })
        ).message,
      );
    }
    // A supervisor moving another agent's conversation to themselves takes it over (会话监控 → 接管).
    const takeOver = toAgentId === actor.id && conv.agent_id !== null && conv.agent_id !== actor.id && LEAD_ROLES.includes(actor.role);
    messages.push(
      (
        await storeMessage(tx, {
          conversationId: conv.id,
          sender: { kind: 'system', id: null, name: '系统' },
          kind: 'system',
          body: takeOver ? `${targetName} 已接管会话` : `会话已转接给 ${targetName}`,
          data: takeOver ? { code: 'taken_over', by: targetName } : { code: 'transferred', to: targetName },
        })
      ).message,
    );
    return { visitorId: conv.visitor_id, fromAgentId: conv.agent_id, toAgentId, targetName, messages };
  });
}
