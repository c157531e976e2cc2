import { CONVERSATION_PRIORITIES, priorityRank, routedPriority, statusAfter, transition } from '@kefu/domain';
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { recordEvent } from '../events/record.ts';
import type { Principal } from '../http/context.ts';
import { conflict, notFound, refusalError } from '../http/errors.ts';
import { stopClocks } from '../sla/clock.ts';
import { assertAccess } from './access.ts';
import { agentLoads, dispatch, DISPATCH_LOCK, type Assignment } from './dispatch.ts';
import type { FanOut } from './fan-out.ts';
import type { AgentSuggestions } from './suggestions.ts';
import { transferConversation } from './transfer.ts';

/** Who serves a conversation: the dispatcher, an agent accepting from the queue, transfers, closing; and telling everyone. */
export class Routing {
  /** The dispatcher run going on now, and the one after it that everyone asking meanwhile shares. */
  private current: Promise<void> | undefined;
  private following: Promise<void> | undefined;

  constructor(
    private readonly db: Db,
    private readonly fanOut: FanOut,
    private readonly suggestions: AgentSuggestions,
  ) {}

  /**
   * Runs the dispatcher and tells everyone concerned: assigned agents, their shoppers, the queue. Asked while a run
   * is on, it answers after the one run that follows, which serves everyone who asked meanwhile: a burst of new
   * conversations is assigned by a few runs, instead of each holding a connection while it waits its turn on the
   * dispatch lock (issue 17: 41 % of the SQL time while 10,000 conversations opened). No one waits for more than the
   * run going on and the next: under a steady stream of new conversations, their first messages are still answered.
   */
  dispatchAndTell(): Promise<void> {
    if (!this.current) return this.startRun();
    this.following ??= this.current.then(() => {
      this.following = undefined;
      return this.startRun();
    });
    return this.following;
  }

  private startRun(): Promise<void> {
    const run = dispatch(this.db).then((assignments) => this.tellAssignments(assignments));
    const settled: Promise<void> = run.then(
      () => this.endRun(settled),
      () => this.endRun(settled),
    );
    this.current = settled;
    return run;
  }

  private endRun(run: Promise<void>): void {
    if (this.current === run) this.current = undefined;
  }

  /** An agent takes a waiting conversation, if it is still waiting and the agent is under their maximum. */
  async accept(agent: Principal, conversationId: number): Promise<void> {
    const assignment = await this.db.transaction().execute(async (tx) => {
      await sql`select pg_advisory_xact_lock(${sql.lit(DISPATCH_LOCK)})`.execute(tx);
      const conv = await tx
        .selectFrom('conversations')
        .select(['id', 'status', 'visitor_id', 'agent_id'])
        .where('id', '=', conversationId)
        .forUpdate()
        .executeTakeFirst();
      if (!conv) throw notFound('conversation');
      const change = statusAfter(conv.status, 'accept');
      if (!change.ok) throw refusalError(change);
      assertAccess(agent, conv, 'accept');
      const me = (await agentLoads(tx)).find((a) => a.id === agent.id);
      if (me && me.load >= me.maxChats) throw conflict(`you already have ${me.load} conversations, your maximum`);
      await tx
        .updateTable('conversations')
        .set({ status: change.status, agent_id: agent.id, assigned_at: new Date() })
        .where('id', '=', conv.id)
        .execute();
      return { conversationId: conv.id, visitorId: conv.visitor_id, agentId: agent.id, agentName: agent.displayName };
    });
    await this.tellAssignments([assignment]);
  }

  /** To an agent or a group's queue, with an optional note for the next agent: all or nothing (transfer.ts). */
  async transfer(actor: Principal, conversationId: number, to: { agentId?: number; groupId?: number }, note?: string): Promise<void> {
    const moved = await transferConversation(this.db, actor, conversationId, to, note);
    for (const message of moved.messages) await this.fanOut.message(moved.visitorId, [moved.toAgentId, moved.fromAgentId, actor.id], message);
    await this.fanOut.conversation(conversationId, { agentIds: [moved.fromAgentId, moved.toAgentId], supervisors: true });
    if (moved.toAgentId) {
      this.fanOut.hub.toShopper(moved.visitorId, { type: 'assigned', conversationId, agent: { id: moved.toAgentId, name: moved.targetName } });
    }
    await this.dispatchAndTell();
  }

  /** Ends the conversation (by staff, or by its shopper when `actor` is null); closing a closed one does nothing. */
  async close(actor: Principal | null, conversationId: number, reason: string, visitorId?: number): Promise<void> {
    const conv = await this.db
      .selectFrom('conversations')
      .select(['id', 'visitor_id', 'agent_id', 'status'])
      .where('id', '=', conversationId)
      .executeTakeFirst();
    if (!conv || (visitorId !== undefined && conv.visitor_id !== visitorId)) throw notFound('conversation');
    const change = statusAfter(conv.status, 'close');
    if (!change.ok) return;
    if (actor) assertAccess(actor, conv, 'close');
    // Guarded by the statuses close starts from: of two closes at once, one closes and tells; the other does nothing.
    const closed = await this.db.transaction().execute(async (tx) => {
      const done = await tx
        .updateTable('conversations')
        .set({ status: change.status, closed_at: new Date(), close_reason: reason, waiting_since: null })
        .where('id', '=', conv.id)
        .where('status', 'in', transition('close').from)
        .returning('agent_id')
        .executeTakeFirst();
      if (!done) return false;
      await stopClocks(tx, { kind: 'conversation', id: conv.id }, 'cancelled');
      await recordEvent(tx, { type: 'conversation.closed', payload: { conversationId: conv.id, agentId: done.agent_id, reason } });
      return true;
    });
    if (!closed) return;
    await this.fanOut.systemLine(conv.id, '会话已结束', { code: 'closed', by: actor ? 'agent' : 'shopper' });
    this.fanOut.closed(conv, reason);
    await this.dispatchAndTell();
  }

  /**
   * A complaint or an upset shopper: to the after-sales group (售后, when there is one), tagged, and ahead in the
   * queue by its priority (domain routedPriority: high, urgent when both) — the shopper does not become a VIP.
   */
  async routeToAfterSales(conversationId: number, signal: { complaint: boolean; negative: boolean }): Promise<void> {
    const afterSales = await this.db.selectFrom('skill_groups').select('id').where('name', '=', '售后').executeTakeFirst();
    const wanted = routedPriority('normal', signal);
    const asHigh = CONVERSATION_PRIORITIES.filter((p) => priorityRank(p) >= priorityRank(wanted));
    await this.db
      .updateTable('conversations')
      .set({
        ...(afterSales && { group_id: afterSales.id }),
        // Never lowers a priority already set (a second routing of a conversation already urgent).
        priority: sql<string>`case when priority in (${sql.join(asHigh)}) then priority else ${wanted} end`,
        tags: sql<string[]>`array_append(tags, ${signal.complaint ? '投诉' : '情绪激动'})`,
      })
      .where('id', '=', conversationId)
      .execute();
  }

  private async tellAssignments(assignments: Assignment[]): Promise<void> {
    for (const a of assignments) {
      this.fanOut.hub.toShopper(a.visitorId, { type: 'assigned', conversationId: a.conversationId, agent: { id: a.agentId, name: a.agentName } });
      await this.fanOut.systemLine(a.conversationId, `客服 ${a.agentName} 为您服务`, { code: 'assigned', agentName: a.agentName });
      await this.fanOut.conversation(a.conversationId, { agentIds: [a.agentId], supervisors: true });
      this.suggestions.onArrival(a.agentId, a.conversationId);
    }
    await this.fanOut.queue();
  }
}
