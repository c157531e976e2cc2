import { DESK_ROLES, LEAD_ROLES } from '@kefu/domain';
import { ForbiddenPhraseAnswer, ForbiddenPhraseList } from '@kefu/protocol/api/conversations';
import { QuickReply, QuickReplyAnswer, QuickReplyList, QuickReplyPatch } from '@kefu/protocol/api/scripts';
import { NoContent } from '@kefu/protocol/api/common';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Selectable } from 'kysely';
import { z } from 'zod';
import { audit } from '../audit/audit.ts';
import { lockVersioned, writeVersioned } from '../db/versioned.ts';
import type { QuickRepliesTable } from '../db/schema/chat.ts';
import type { AppContext, Principal } from '../http/context.ts';
import { badRequest, forbidden, notFound } from '../http/errors.ts';
import { actor } from '../http/guard.ts';
import { IdParam } from '../http/schemas.ts';

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
      .select(QUICK_REPLY_COLUMNS)
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
      const shared = request.body.scope === 'shared';
      if (shared && !LEAD_ROLES.includes(me.role)) throw forbidden('only supervisors manage shared quick replies');
      const { scope: _scope, ...fields } = request.body;
      const row = await ctx.db.transaction().execute(async (tx) => {
        const created = await tx
          .insertInto('quick_replies')
          .values({ ...fields, owner_id: shared ? null : me.id, shortcut: fields.shortcut ?? null })
          .returning(QUICK_REPLY_COLUMNS)
          .executeTakeFirstOrThrow();
        if (shared) await audit(tx, { actorId: me.id, action: 'quick_reply.create', entity: 'quick_reply', entityId: created.id, detail: fields });
        return created;
      });
      reply.code(201);
      return { quickReply: presentQuickReply(row) };
    },
  );

  r.patch(
    '/api/quick-replies/:id',
    { config: { roles: DESK_ROLES }, schema: { tags, params: IdParam, body: QuickReplyPatch, response: { 200: QuickReplyAnswer } } },
    async (request) => {
      const me = actor(request);
      const { version, ...changes } = request.body;
      if (Object.keys(changes).length === 0) throw badRequest('body', 'nothing to change');
      const row = await ctx.db.transaction().execute(async (tx) => {
        const current = await lockVersioned(tx, 'quick_replies', request.params.id, version);
        mayManage(me, current.owner_id);
        await writeVersioned(tx, 'quick_replies', current.id, changes);
        if (current.owner_id === null) {
          await audit(tx, { actorId: me.id, action: 'quick_reply.update', entity: 'quick_reply', entityId: current.id, detail: changes });
        }
        return tx.selectFrom('quick_replies').select(QUICK_REPLY_COLUMNS).where('id', '=', current.id).executeTakeFirstOrThrow();
      });
      return { quickReply: presentQuickReply(row) };
    },
  );

  r.delete(
    '/api/quick-replies/:id',
    { config: { roles: DESK_ROLES }, schema: { tags, params: IdParam, response: { 204: NoContent } } },
    async (request, reply) => {
      const me = actor(request);
      await ctx.db.transaction().execute(async (tx) => {
        const row = await tx
          .selectFrom('quick_replies')
          .select(['id', 'owner_id', 'title'])
          .where('id', '=', request.params.id)
          .forUpdate()
          .executeTakeFirst();
        if (!row) throw notFound('quick reply');
        mayManage(me, row.owner_id);
        await tx.deleteFrom('quick_replies').where('id', '=', row.id).execute();
        if (row.owner_id === null) {
          await audit(tx, { actorId: me.id, action: 'quick_reply.delete', entity: 'quick_reply', entityId: row.id, detail: { title: row.title } });
        }
      });
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

const QUICK_REPLY_COLUMNS = ['id', 'owner_id', 'title', 'body', 'shortcut', 'version'] as const;

/** Someone else's personal reply does not exist for you; shared ones are managed by supervisors and admins. */
function mayManage(me: Principal, ownerId: number | null): void {
  if (ownerId !== null && ownerId !== me.id) throw notFound('quick reply');
  if (ownerId === null && !LEAD_ROLES.includes(me.role)) throw forbidden('only supervisors manage shared quick replies');
}

function presentQuickReply(r: Omit<Selectable<QuickRepliesTable>, 'created_at'>): z.output<typeof QuickReply> {
  return { id: r.id, scope: r.owner_id === null ? 'shared' : 'personal', title: r.title, body: r.body, shortcut: r.shortcut, version: r.version };
}
