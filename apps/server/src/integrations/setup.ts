import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../http/context.ts';
import { WebhookDeliverer } from './deliver.ts';
import { webhookRoutes } from './routes.ts';

declare module 'fastify' {
  interface FastifyInstance {
    webhooks: WebhookDeliverer;
  }
}

/** Outgoing webhooks: the deliverer (closed with the app) and the admin routes; events/setup.ts queues, jobs retry. */
export function webhookIntegration(app: FastifyInstance, ctx: AppContext): WebhookDeliverer {
  const deliverer = new WebhookDeliverer(ctx.db, { allowPrivate: ctx.config.WEBHOOK_PRIVATE_TARGETS === 'allow', log: app.log });
  app.addHook('preClose', () => deliverer.close());
  webhookRoutes(app, ctx, deliverer);
  app.decorate('webhooks', deliverer);
  return deliverer;
}
