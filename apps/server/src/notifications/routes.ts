import { DESK_ROLES, LEAD_ROLES } from '@kefu/domain';
import { DelayReasonInput, NotificationKey, NotificationTemplateChange, NotificationTemplateList } from '@kefu/protocol/api/outreach';
import { Ok } from '@kefu/protocol/api/common';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../http/context.ts';
import { notFound } from '../http/errors.ts';
import { actor } from '../http/guard.ts';
import { IdParam } from '../http/schemas.ts';
import { orderEvent } from '../orders/service.ts';
import { changeTemplate, listTemplates } from './templates.ts';

async function templates(ctx: AppContext) {
  const rows = await listTemplates(ctx.db);
  return {
    templates: rows.map((t) => ({
      key: t.key,
      enabled: t.enabled,
      title: t.title,
      body: t.body,
      variables: [...t.variables],
      version: t.version,
      updatedAt: t.updated_at,
    })),
  };
}

/** Shopper notification templates (a tab of 触达设置与记录), and the reason an agent gives for a late shipment. */
export function notificationRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['outreach'];

  r.get('/api/notification-templates', { config: { roles: LEAD_ROLES }, schema: { tags, response: { 200: NotificationTemplateList } } }, () =>
    templates(ctx),
  );

  r.put(
    '/api/notification-templates/:key',
    {
      config: { roles: ['admin'] },
      schema: { tags, params: z.object({ key: NotificationKey }), body: NotificationTemplateChange, response: { 200: NotificationTemplateList } },
    },
    async (request) => {
      await changeTemplate(ctx.db, actor(request), request.params.key, request.body);
      return templates(ctx);
    },
  );

  r.put(
    '/api/orders/:id/delay-reason',
    {
      config: { roles: DESK_ROLES },
      schema: {
        tags,
        description: 'Why the order ships late, in words for the shopper: the 48-hour delay notice tells it.',
        params: IdParam,
        body: DelayReasonInput,
        response: { 200: Ok },
      },
    },
    async (request) => {
      const who = actor(request);
      await ctx.db.transaction().execute(async (tx) => {
        const order = await tx.selectFrom('orders').select('id').where('id', '=', request.params.id).executeTakeFirst();
        if (!order) throw notFound('order');
        await orderEvent(tx, order.id, who.id, 'delay_reason', { reason: request.body.reason });
      });
      return { ok: true as const };
    },
  );
}
