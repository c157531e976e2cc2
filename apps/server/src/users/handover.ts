import { DESK_ROLES, statusAfter, taskOwnerRefusal, type Department, type Role } from '@kefu/domain';
import type { HandOver } from '@kefu/protocol/api/users';
import { sql } from 'kysely';
import type { z } from 'zod';
import { audit } from '../audit/audit.ts';
import { storeMessage, type StoredMessage } from '../conversations/store.ts';
import type { Tx } from '../db/database.ts';
import { writeVersioned } from '../db/versioned.ts';
import type { Principal } from '../http/context.ts';
import { badRequest } from '../http/errors.ts';
import { writeTimeline } from '../tickets/timeline.ts';

export type HandOverTo = z.output<typeof HandOver>;

/** A conversation that changed hands; the caller tells the shopper and the agents once the transaction has committed. */
export interface MovedConversation {
  id: number;
  visitorId: number;
  fromAgentId: number;
  toAgentId: number | null;
  toName: string | null;
  message: StoredMessage;
}

export interface HandedOver {
  counts: { conversations: number; tickets: number; tasks: number; customers: number };
  conversations: MovedConversation[];
}

const OPEN_CONVERSATION = ['bot', 'queued', 'active'];
const DONE_TICKET = ['solved', 'closed'];

interface Colleague {
  id: number;
  name: string;
  role: Role;
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
  const customers = await tx
    .selectFrom('customers')
    .select('id')
    .where('assigned_agent_id', '=', userId)
    .where('merged_into_id', 'is', null)
    .forUpdate()
    .execute();
  for (const c of customers) {
    await writeVersioned(tx, 'customers', c.id, { assigned_agent_id: forCustomers?.id ?? null, updated_at: sql<Date>`now()` as unknown as Date });
  }
  const counts = { conversations: conversations.length, tickets, tasks, customers: customers.length };
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

async function moveConversations(tx: Tx, userId: number, to: Colleague | null): Promise<MovedConversation[]> {
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

async function moveTickets(tx: Tx, actor: Principal, userId: number, to: Colleague | null): Promise<number> {
  const open = await tx
    .selectFrom('tickets')
    .select('id')
    .where('assignee_id', '=', userId)
    .where('status', 'not in', DONE_TICKET)
    .orderBy('id')
    .forUpdate()
    .execute();
  for (const ticket of open) {
    await writeVersioned(tx, 'tickets', ticket.id, { assignee_id: to?.id ?? null, updated_at: sql<Date>`now()` as unknown as Date });
  }
  await writeTimeline(
    tx,
    open.map((ticket) => ({ ticketId: ticket.id, actorId: actor.id, entry: { kind: 'assignee', data: { from: userId, to: to?.id ?? null } } })),
  );
  return open.length;
}

async function moveTasks(tx: Tx, userId: number, to: Colleague | null): Promise<number> {
  const open = await tx
    .selectFrom('collab_tasks')
    .select(['id', 'department'])
    .where('owner_id', '=', userId)
    .where('state', '!=', 'done')
    .orderBy('id')
    .forUpdate()
    .execute();
  for (const task of open) {
    const refused = to && taskOwnerRefusal(task.department as Department, to.role);
    if (refused) throw badRequest('body.tasksTo', refused.message);
    await writeVersioned(tx, 'collab_tasks', task.id, { owner_id: to?.id ?? null, updated_at: new Date() });
  }
  return open.length;
}
