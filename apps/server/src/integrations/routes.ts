import { NoContent } from '@kefu/protocol/api/common';
import {
  WebhookSecretAnswer,
  WebhookSendAnswer,
  WebhookSendLog,
  WebhookSendQuery,
  WebhookSubscriptionAnswer,
  WebhookSubscriptionChange,
  WebhookSubscriptionInput,
  WebhookSubscriptionList,
} from '@kefu/protocol/api/webhooks';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../http/context.ts';
import { actor } from '../http/guard.ts';
import { IdParam, Version } from '../http/schemas.ts';
import { webhookEventTypes } from './catalogue.ts';
import type { WebhookDeliverer } from './deliver.ts';
import { ping, readSend, redeliver, sendLog } from './sends.ts';
import { changeSubscription, createSubscription, deleteSubscription, listSubscriptions, readSubscription, rotateSecret } from './subscriptions.ts';

const ADMIN = ['admin'] as const;
const VersionBody = z.object({ version: Version });
const SendParam = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

/** Outgoing webhooks (admin page 管理 → 集成 Webhook): subscriptions, their delivery logs, a test ping, a re-send. */
export function webhookRoutes(app: FastifyInstance, ctx: AppContext, deliverer: WebhookDeliverer): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['integrations'];
  const allowPrivate = ctx.config.WEBHOOK_PRIVATE_TARGETS === 'allow';

  r.get('/api/integrations/webhooks', { config: { roles: ADMIN }, schema: { tags, response: { 200: WebhookSubscriptionList } } }, async () => ({
    subscriptions: await listSubscriptions(ctx.db),
    eventTypes: webhookEventTypes(),
  }));

  r.post(
    '/api/integrations/webhooks',
    { config: { roles: ADMIN }, schema: { tags, body: WebhookSubscriptionInput, response: { 201: WebhookSecretAnswer } } },
    async (request, reply) => reply.code(201).send(await createSubscription(ctx.db, actor(request), request.body, allowPrivate)),
  );

  r.get(
    '/api/integrations/webhooks/:id',
    { config: { roles: ADMIN }, schema: { tags, params: IdParam, response: { 200: WebhookSubscriptionAnswer } } },
    async (request) => ({ subscription: await readSubscription(ctx.db, request.params.id) }),
  );

  r.patch(
    '/api/integrations/webhooks/:id',
    { config: { roles: ADMIN }, schema: { tags, params: IdParam, body: WebhookSubscriptionChange, response: { 200: WebhookSubscriptionAnswer } } },
    async (request) => ({
      subscription: await changeSubscription(ctx.db, actor(request), request.params.id, request.body, allowPrivate),
    }),
  );

  r.delete(
    '/api/integrations/webhooks/:id',
    {
      config: { roles: ADMIN },
      schema: { tags, params: IdParam, querystring: z.object({ version: z.coerce.number().pipe(Version) }), response: { 204: NoContent } },
    },
    async (request, reply) => {
      await deleteSubscription(ctx.db, actor(request), request.params.id, request.query.version);
      return reply.code(204).send();
    },
  );

  r.post(
    '/api/integrations/webhooks/:id/rotate-secret',
    { config: { roles: ADMIN }, schema: { tags, params: IdParam, body: VersionBody, response: { 200: WebhookSecretAnswer } } },
    async (request) => rotateSecret(ctx.db, actor(request), request.params.id, request.body.version),
  );

  r.post(
    '/api/integrations/webhooks/:id/ping',
    { config: { roles: ADMIN }, schema: { tags, params: IdParam, response: { 200: WebhookSendAnswer } } },
    async (request) => ({ send: await ping(ctx.db, deliverer, request.params.id) }),
  );

  r.get(
    '/api/integrations/webhooks/:id/deliveries',
    { config: { roles: ADMIN }, schema: { tags, params: IdParam, querystring: WebhookSendQuery, response: { 200: WebhookSendLog } } },
    async (request) => sendLog(ctx.db, request.params.id, request.query),
  );

  r.get(
    '/api/integrations/webhook-deliveries/:id',
    { config: { roles: ADMIN }, schema: { tags, params: SendParam, response: { 200: WebhookSendAnswer } } },
    async (request) => ({ send: await readSend(ctx.db, request.params.id) }),
  );

  r.post(
    '/api/integrations/webhook-deliveries/:id/redeliver',
    { config: { roles: ADMIN }, schema: { tags, params: SendParam, response: { 200: WebhookSendAnswer } } },
    async (request) => ({ send: await redeliver(ctx.db, deliverer, actor(request), request.params.id) }),
  );
}
