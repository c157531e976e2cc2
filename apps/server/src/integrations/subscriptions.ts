import type { WebhookSubscriptionChange, WebhookSubscriptionInput } from '@kefu/protocol/api/webhooks';
import { sql, type Selectable } from 'kysely';
import type { z } from 'zod';
import { audit } from '../audit/audit.ts';
import type { Db, Tx } from '../db/database.ts';
import type { WebhookSubscriptionsTable } from '../db/schema/integrations.ts';
import { lockVersioned, writeVersioned } from '../db/versioned.ts';
import { badRequest, invalidInput, notFound } from '../http/errors.ts';
import type { Principal } from '../http/context.ts';
import { isWebhookEventType } from './catalogue.ts';
import { newSecret } from './signing.ts';
import { refusedTarget } from './targets.ts';

type Row = Selectable<WebhookSubscriptionsTable>;
type Input = z.output<typeof WebhookSubscriptionInput>;
type Change = z.output<typeof WebhookSubscriptionChange>;

/** A subscription as the admin page shows it: never its secret, only the last 4 characters to tell secrets apart. */
export function presentSubscription(row: Row, pending: number) {
  const health = !row.active ? 'off' : row.consecutive_failures > 0 ? 'failing' : row.last_success_at ? 'ok' : 'new';
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    eventTypes: row.event_types,
    active: row.active,
    secretHint: row.secret.slice(-4),
    health: health as 'ok' | 'failing' | 'new' | 'off',
    consecutiveFailures: row.consecutive_failures,
    lastSuccessAt: row.last_success_at,
    lastFailureAt: row.last_failure_at,
    lastError: row.last_error,
    pending,
    createdAt: row.created_at,
    version: row.version,
  };
}

async function pendingCounts(db: Db | Tx, ids: number[]): Promise<Map<number, number>> {
  if (!ids.length) return new Map();
  const rows = await db
    .selectFrom('webhook_sends')
    .select(['subscription_id', sql<number>`count(*)::int`.as('n')])
    .where('status', '=', 'pending')
    .where('subscription_id', 'in', ids)
    .groupBy('subscription_id')
    .execute();
  return new Map(rows.map((r) => [r.subscription_id, r.n]));
}

export async function listSubscriptions(db: Db) {
  const rows = await db.selectFrom('webhook_subscriptions').selectAll().orderBy('id').execute();
  const pending = await pendingCounts(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => presentSubscription(r, pending.get(r.id) ?? 0));
}

export async function readSubscription(db: Db | Tx, id: number) {
  const row = await db.selectFrom('webhook_subscriptions').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('webhook subscription');
  return presentSubscription(row, (await pendingCounts(db, [id])).get(id) ?? 0);
}

/** The event types named, each checked against the catalogue, without repeats. */
function checkedTypes(types: string[]): string[] {
  const unknown = types.map((t, i) => ({ t, i })).filter(({ t }) => !isWebhookEventType(t));
  if (unknown.length) {
    throw invalidInput(unknown.map(({ t, i }) => ({ field: `body.eventTypes.${i}`, reason: `"${t.slice(0, 60)}" is not an event kefu records` })));
  }
  return [...new Set(types)];
}

function checkedUrl(url: string, allowPrivate: boolean): string {
  const refused = refusedTarget(url, allowPrivate);
  if (refused) throw badRequest('body.url', refused);
  return url;
}

export async function createSubscription(db: Db, actor: Principal, input: Input, allowPrivate: boolean) {
  const values = {
    url: checkedUrl(input.url, allowPrivate),
    description: input.description,
    event_types: checkedTypes(input.eventTypes),
    active: input.active,
    secret: newSecret(),
    created_by: actor.id,
  };
  return db.transaction().execute(async (tx) => {
    const row = await tx.insertInto('webhook_subscriptions').values(values).returningAll().executeTakeFirstOrThrow();
    await audit(tx, {
      actorId: actor.id,
      action: 'webhook.create',
      entity: 'webhook_subscription',
      entityId: row.id,
      detail: { url: row.url, eventTypes: row.event_types, active: row.active },
    });
    return { subscription: presentSubscription(row, 0), secret: row.secret };
  });
}

export async function changeSubscription(db: Db, actor: Principal, id: number, change: Change, allowPrivate: boolean) {
  const set = {
    ...(change.url !== undefined && { url: checkedUrl(change.url, allowPrivate) }),
    ...(change.description !== undefined && { description: change.description }),
    ...(change.eventTypes !== undefined && { event_types: checkedTypes(change.eventTypes) }),
    ...(change.active !== undefined && { active: change.active }),
    // Switched back on, or pointed elsewhere: its failures so far say nothing about the new target.
    ...((change.active === true || change.url !== undefined) && { consecutive_failures: 0 }),
  };
  return db.transaction().execute(async (tx) => {
    await lockVersioned(tx, 'webhook_subscriptions', id, change.version);
    await writeVersioned(tx, 'webhook_subscriptions', id, { ...set, updated_at: new Date() });
    const { version: _, ...detail } = change;
    await audit(tx, { actorId: actor.id, action: 'webhook.change', entity: 'webhook_subscription', entityId: id, detail });
    return readSubscription(tx, id);
  });
}

export async function rotateSecret(db: Db, actor: Principal, id: number, version: number) {
  return db.transaction().execute(async (tx) => {
    await lockVersioned(tx, 'webhook_subscriptions', id, version);
    const secret = newSecret();
    await writeVersioned(tx, 'webhook_subscriptions', id, { secret, updated_at: new Date() });
    await audit(tx, { actorId: actor.id, action: 'webhook.rotate_secret', entity: 'webhook_subscription', entityId: id });
    return { subscription: await readSubscription(tx, id), secret };
  });
}

/** Removes the subscription and its delivery log; what was still pending is not sent. */
export async function deleteSubscription(db: Db, actor: Principal, id: number, version: number) {
  await db.transaction().execute(async (tx) => {
    const row = await lockVersioned(tx, 'webhook_subscriptions', id, version);
    await tx.deleteFrom('webhook_subscriptions').where('id', '=', id).execute();
    await audit(tx, { actorId: actor.id, action: 'webhook.delete', entity: 'webhook_subscription', entityId: id, detail: { url: row.url } });
  });
}
