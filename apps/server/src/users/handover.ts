import { DESK_ROLES, type Role } from '@kefu/domain';
import type { HandOver } from '@kefu/protocol/api/users';
import type { z } from 'zod';
import { audit } from '../audit/audit.ts';
import { moveTasks } from '../collaboration/handover.ts';
import { moveConversations, type MovedConversation } from '../conversations/handover.ts';
import { moveCustomersOf } from '../customers/assign.ts';
import type { Tx } from '../db/database.ts';
import type { Principal } from '../http/context.ts';
import { badRequest } from '../http/errors.ts';
import { moveTickets } from '../tickets/handover.ts';
import type { Colleague } from './colleague.ts';

export type HandOverTo = z.output<typeof HandOver>;
export type { MovedConversation };

export interface HandedOver {
  counts: { conversations: number; tickets: number; tasks: number; customers: number };
  conversations: MovedConversation[];
}

/** The colleague named in `field`: an active user other than the one leaving, of a role `fits` accepts. */
async function colleague(tx: Tx, leaving: number, id: number | null | undefined, field: string, fits: (role: Role) => boolean) {
  if (id == null) return null;
  const row = await tx.selectFrom('users').select(['id', 'display_name', 'role', 'active']).where('id', '=', id).executeTakeFirst();
  if (!row || !row.active || row.id === leaving) throw badRequest(`body.${field}`, 'no such active colleague');
  if (!fits(row.role as Role)) throw badRequest(`body.${field}`, `a ${row.role} cannot take this work`);
  return { id: row.id, name: row.display_name, role: row.role as Role } satisfies Colleague;
}

const serves = (role: Role) => DESK_ROLES.includes(role);

/**
 * Hands every piece of open work of a user who is leaving to a colleague, or back to the pool: open conversations to
 * the colleague or back to their group's queue, open tickets and unfinished collaboration tasks to the colleague or
 * unassigned, the customers they look after to the colleague or to nobody. In the caller's transaction, so a
 * deactivation is all or nothing; tickets keep the change on their timeline, everything is in the audit log.
 */
export async function handOverWork(tx: Tx, actor: Principal, userId: number, to: HandOverTo): Promise<HandedOver> {
  const [forChats, forTickets, forTasks, forCustomers] = [
    await colleague(tx, userId, to.conversationsTo, 'conversationsTo', serves),
    await colleague(tx, userId, to.ticketsTo, 'ticketsTo', serves),
    await colleague(tx, userId, to.tasksTo, 'tasksTo', () => true),
    await colleague(tx, userId, to.customersTo, 'customersTo', serves),
  ];
  const conversations = await moveConversations(tx, userId, forChats);
  const tickets = await moveTickets(tx, actor, userId, forTickets);
  const tasks = await moveTasks(tx, userId, forTasks);
  const customers = (await moveCustomersOf(tx, actor.id, userId, forCustomers?.id ?? null)).length;
  const counts = { conversations: conversations.length, tickets, tasks, customers };
  await audit(tx, {
    actorId: actor.id,
    action: 'user.hand_over',
    entity: 'user',
    entityId: userId,
    detail: {
      ...counts,
      conversationsTo: forChats?.id ?? 'queue',
      ticketsTo: forTickets?.id ?? null,
      tasksTo: forTasks?.id ?? null,
      customersTo: forCustomers?.id ?? null,
    },
  });
  return { counts, conversations };
}
