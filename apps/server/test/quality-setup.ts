/** Shared set-up of the quality tests: an app with a shop, a second agent, forbidden phrases, and chats built line by line. */
import type { Principal } from '../src/http/context.ts';
import { createUser } from '../src/users/service.ts';
import { createTestApp, PASSWORD, type TestApp } from './helpers.ts';

export type Line = [from: 'shopper' | 'agent' | 'bot', body: string, atSeconds: number, kind?: string];

export interface QualityApp {
  t: TestApp;
  shopId: number;
  visitorId: number;
  agentB: { id: number; cookie: string };
}

export const PHRASES: [string, string][] = [
  ['不知道', '我帮您确认一下'],
  ['你自己看', '我来为您说明'],
  ['滚', ''],
];

export async function startQualityApp(env: Record<string, string> = {}): Promise<QualityApp> {
  const t = await createTestApp(env);
  const shop = await t.ctx.db
    .insertInto('shops')
    .values({ key: 'q-shop', name: '质检测试店', identity_secret: 'secret-q' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const visitor = await t.ctx.db
    .insertInto('visitors')
    .values({ shop_id: shop.id, token_hash: 'q-visitor', name: '林小姐' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await t.ctx.db
    .insertInto('forbidden_phrases')
    .values(PHRASES.map(([phrase, suggestion]) => ({ phrase, suggestion })))
    .execute();
  // No random sample: which clean chats land in the review queue must not depend on chance. Tests that need it set it.
  await t.ctx.db.updateTable('quality_settings').set({ sample_percent: 0 }).where('id', '=', 1).execute();
  const b = await createUser(t.ctx.db, null, { username: 'agentb', displayName: '客服阿杰', role: 'agent', password: PASSWORD });
  const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'agentb', password: PASSWORD } });
  const cookie = `kefu_session=${login.cookies.find((c) => c.name === 'kefu_session')!.value}`;
  // Listeners start from the events after they first register: register them before any chat closes.
  await t.app.events.deliverNow();
  return { t, shopId: shop.id, visitorId: visitor.id, agentB: { id: b.id, cookie } };
}

/**
 * An active conversation of `agentId` with these lines (seconds after it was assigned, an hour ago), closed the way
 * an agent closes one (the routing's close, which records `conversation.closed`), with the events delivered.
 */
export async function closedChat(q: QualityApp, lines: Line[], agentId = q.t.users.agent!.id): Promise<number> {
  const db = q.t.ctx.db;
  const start = Date.now() - 3600_000;
  const conv = await db
    .insertInto('conversations')
    .values({
      shop_id: q.shopId,
      visitor_id: q.visitorId,
      agent_id: agentId,
      status: 'active',
      assigned_at: new Date(start),
      created_at: new Date(start),
      last_seq: lines.length,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (lines.length) {
    await db
      .insertInto('messages')
      .values(
        lines.map(([from, body, s, kind], i) => ({
          conversation_id: conv.id,
          seq: i + 1,
          sender_kind: from,
          sender_id: from === 'agent' ? agentId : from === 'shopper' ? q.visitorId : null,
          kind: kind ?? 'text',
          body,
          at: new Date(start + s * 1000),
        })),
      )
      .execute();
  }
  const user = await db.selectFrom('users').select(['id', 'username', 'display_name', 'role']).where('id', '=', agentId).executeTakeFirstOrThrow();
  const principal: Principal = {
    id: user.id,
    username: user.username,
    displayName: user.display_name,
    role: user.role as Principal['role'],
    via: 'session',
  };
  await q.t.app.chat.routing.close(principal, conv.id, 'agent_closed');
  await q.t.app.events.deliverNow();
  return conv.id;
}

/** A polite, quick conversation that breaks no rule. */
export const CLEAN: Line[] = [
  ['shopper', '这件睡衣有粉色的吗', 0],
  ['agent', '亲，您好，粉色有货的哦', 10],
  ['shopper', '好的，那我拍了', 30],
  ['agent', '好的亲，还有其他可以帮您的吗？祝您生活愉快', 45],
  ['shopper', '没有了', 50],
];

export function inspectionOf(q: QualityApp, conversationId: number) {
  return q.t.ctx.db.selectFrom('quality_inspections').selectAll().where('conversation_id', '=', conversationId).executeTakeFirst();
}
