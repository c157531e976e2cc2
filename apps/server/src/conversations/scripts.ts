import { DESK_ROLES, LEAD_ROLES } from '@kefu/domain';
import { ForbiddenPhraseAnswer, ForbiddenPhraseList, QuickReplyAnswer, QuickReplyList } from '@kefu/protocol/api/conversations';
import { NoContent } from '@kefu/protocol/api/common';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { audit } from '../audit/audit.ts';
import type { AppContext } from '../http/context.ts';
import { forbidden, notFound } from '../http/errors.ts';
import { actor } from '../http/guard.ts';
import { IdParam } from '../http/schemas.ts';
import { presentQuickReply } from './presenter.ts';

/** Quick replies (话术): shared ones managed by supervisors, personal ones by each agent; forbidden phrases (服务忌语). */
export function scriptRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['chat'];
  const Reply = z.object({
    scope: z.enum(['shared', 'personal']),
    title: z.string().trim().min(1).max(40),
    body: z.string().trim().min(1).max(1000),
    shortcut: z.string().trim().max(20).nullable().optional(),
  });

  r.get('/api/quick-replies', { config: { roles: DESK_ROLES }, schema: { tags, response: { 200: QuickReplyList } } }, async (request) => {
    const me = actor(request);
    const rows = await ctx.db
      .selectFrom('quick_replies')
      .select(['id', 'owner_id', 'title', 'body', 'shortcut'])
      .where((eb) => eb.or([eb('owner_id', 'is', null), eb('owner_id', '=', me.id)]))
      .orderBy('owner_id', 'desc')
      .orderBy('id')
      .execute();
    return { quickReplies: rows.map(presentQuickReply) };
  });

  r.post(
    '/api/quick-replies',
    { config: { roles: DESK_ROLES }, schema: { tags, body: Reply, response: { 201: QuickReplyAnswer } } },
    async (request, reply) => {
      const me = actor(request);
      if (request.body.scope === 'shared' && !LEAD_ROLES.includes(me.role)) throw forbidden('only supervisors manage shared quick replies');
      const row = await ctx.db
        .insertInto('quick_replies')
        .values({
          owner_id: request.body.scope === 'shared' ? null : me.id,
          title: request.body.title,
          body: request.body.body,
          shortcut: request.body.shortcut ?? null,
        })
        .returning(['id', 'owner_id', 'title', 'body', 'shortcut'])
        .executeTakeFirstOrThrow();
      reply.code(201);
      return { quickReply: presentQuickReply(row) };
    },
  );

  r.delete(
    '/api/quick-replies/:id',
    { config: { roles: DESK_ROLES }, schema: { tags, params: IdParam, response: { 204: NoContent } } },
    async (request, reply) => {
      const me = actor(request);
      const row = await ctx.db.selectFrom('quick_replies').select(['id', 'owner_id']).where('id', '=', request.params.id).executeTakeFirst();
      if (!row || (row.owner_id !== null && row.owner_id !== me.id)) throw notFound('quick reply');
      if (row.owner_id === null && !LEAD_ROLES.includes(me.role)) throw forbidden('only supervisors manage shared quick replies');
      await ctx.db.deleteFrom('quick_replies').where('id', '=', row.id).execute();
      reply.code(204);
    },
  );

  r.get('/api/forbidden-phrases', { config: { roles: DESK_ROLES }, schema: { tags, response: { 200: ForbiddenPhraseList } } }, async () => ({
    phrases: await ctx.db.selectFrom('forbidden_phrases').select(['id', 'phrase', 'suggestion']).orderBy('id').execute(),
  }));

  r.post(
    '/api/forbidden-phrases',
    {
      config: { roles: LEAD_ROLES },
      schema: {
        tags,
        body: z.object({ phrase: z.string().trim().min(1).max(40), suggestion: z.string().trim().max(200).default('') }),
        response: { 201: ForbiddenPhraseAnswer },
      },
    },
    async (request, reply) => {
      const me = actor(request);
      // The phrase and its audit entry are one write: if the audit cannot be stored, neither is the phrase.
      const row = await ctx.db.transaction().execute(async (tx) => {
        const created = await tx
          .insertInto('forbidden_phrases')
          .values(request.body)
          .returning(['id', 'phrase', 'suggestion'])
          .executeTakeFirstOrThrow();
        await audit(tx, {
          actorId: me.id,
          action: 'forbidden_phrase.create',
          entity: 'forbidden_phrase',
          entityId: created.id,
          detail: request.body,
        });
        return created;
      });
      reply.code(201);
      return { phrase: row };
    },
  );

  r.delete(
    '/api/forbidden-phrases/:id',
    { config: { roles: LEAD_ROLES }, schema: { tags, params: IdParam, response: { 204: NoContent } } },
    async (request, reply) => {
      await ctx.db.transaction().execute(async (tx) => {
        const deleted = await tx.deleteFrom('forbidden_phrases').where('id', '=', request.params.id).returning('phrase').executeTakeFirst();
        if (!deleted) throw notFound('forbidden phrase');
        await audit(tx, {
          actorId: actor(request).id,
          action: 'forbidden_phrase.delete',
          entity: 'forbidden_phrase',
          entityId: request.params.id,
          detail: deleted,
        });
      });
      reply.code(204);
    },
  );
}
