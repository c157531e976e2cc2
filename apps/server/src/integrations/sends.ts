import type { WebhookSendQuery } from '@kefu/protocol/api/webhooks';
import { sql, type Selectable } from 'kysely';
import type { z } from 'zod';
import { audit } from '../audit/audit.ts';
import type { Db } from '../db/database.ts';
import type { WebhookSendsTable } from '../db/schema/integrations.ts';
import { conflict, notFound } from '../http/errors.ts';
import type { Principal } from '../http/context.ts';
import type { WebhookDeliverer } from './deliver.ts';
import { readSubscription } from './subscriptions.ts';

type Row = Selectable<WebhookSendsTable>;

export function presentSend(row: Row) {
  return {
    id: row.id,
    subscriptionId: row.subscription_id,
    eventId: row.event_id,
    eventType: row.event_type,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.status === 'pending' ? row.next_attempt_at : null,
    responseStatus: row.response_status,
    error: row.error,
    durationMs: row.duration_ms,
    body: row.body,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
  };
}

/** A subscription's delivery log, newest first, with its counts by status. */
export async function sendLog(db: Db, subscriptionId: number, q: z.output<typeof WebhookSendQuery>) {
  await readSubscription(db, subscriptionId);
  let page = db.selectFrom('webhook_sends').selectAll().where('subscription_id', '=', subscriptionId);
  if (q.status) page = page.where('status', '=', q.status);
  if (q.before) page = page.where('id', '<', q.before);
  const [rows, groups] = await Promise.all([
    page.orderBy('id', 'desc').limit(q.limit).execute(),
    db
      .selectFrom('webhook_sends')
      .select(['status', sql<number>`count(*)::int`.as('n')])
      .where('subscription_id', '=', subscriptionId)
      .groupBy('status')
      .execute(),
  ]);
  const counts = { pending: 0, delivered: 0, failed: 0 };
  for (const g of groups) counts[g.status] = g.n;
  return { sends: rows.map(presentSend), counts, nextBefore: rows.length === q.limit ? rows.at(-1)!.id : null };
}

/** A test delivery (`type: "ping"`) sent now and tried once, so the admin sees at once whether the receiver answers. */
export async function ping(db: Db, deliverer: WebhookDeliverer, subscriptionId: number) {
  const sub = await readSubscription(db, subscriptionId);
  if (!sub.active) throw conflict('the subscription is switched off; switch it on to test it');
  const body = JSON.stringify({ id: null, type: 'ping', occurredAt: new Date().toISOString(), data: { subscriptionId } });
  const row = await db
    .insertInto('webhook_sends')
    .values({ subscription_id: subscriptionId, event_id: null, event_type: 'ping', body, next_attempt_at: sql<Date>`now() + interval '1 hour'` })
    .returning('id')
    .executeTakeFirstOrThrow();
  await deliverer.tryNow(row.id);
  return readSend(db, row.id);
}

export async function readSend(db: Db, id: number) {
  const row = await db.selectFrom('webhook_sends').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('webhook delivery');
  return presentSend(row);
}

/** Sends a delivery again soon (one that failed for good, or one waiting for a retry); a delivered one may be re-sent too. */
export async function redeliver(db: Db, deliverer: WebhookDeliverer, actor: Principal, id: number) {
  const row = await db
    .updateTable('webhook_sends')
    .set({ status: 'pending', next_attempt_at: sql<Date>`now()`, finished_at: null })
    .where('id', '=', id)
    .where('event_id', 'is not', null)
    .returning(['id', 'subscription_id'])
    .executeTakeFirst();
  if (!row) throw notFound('webhook delivery');
  await audit(db, {
    actorId: actor.id,
    action: 'webhook.redeliver',
    entity: 'webhook_subscription',
    entityId: row.subscription_id,
    detail: { send: id },
  });
  deliverer.nudge();
  return readSend(db, id);
}

/** Delivered and failed rows older than 30 days go; what is pending stays whatever its age. */
export async function pruneSends(db: Db): Promise<void> {
  await db
    .deleteFrom('webhook_sends')
    .where('status', '!=', 'pending')
    .where('created_at', '<', sql<Date>`now() - interval '30 days'`)
    .execute();
}
