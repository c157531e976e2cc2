import { randomBytes } from 'node:crypto';
import { DESK_ROLES, LEAD_ROLES, SEVERITIES, TICKET_CATEGORIES, TICKET_TYPES, sniffImageType, type ImageType } from '@kefu/domain';
import {
  BotSettingsAnswer,
  ChatImage,
  ChatOverview,
  ConversationAnswer,
  ConversationList,
  FiledTicket,
  MessageList,
  RotatedSecret,
  ShopList,
  UploadedFile,
} from '@kefu/protocol/api/conversations';
import { ErrorBody } from '@kefu/protocol/errors';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { audit } from '../audit/audit.ts';
import { principalFromSession } from '../auth/service.ts';
import { newSecret } from '../auth/tokens.ts';
import type { AppContext } from '../http/context.ts';
import { badRequest, notFound } from '../http/errors.ts';
import { actor, SESSION_COOKIE } from '../http/guard.ts';
import { Id, IdParam } from '../http/schemas.ts';
import { presentTicket } from '../tickets/presenter.ts';
import { conversationFor, readableBy } from './access.ts';
import type { ChatService } from './chat-service.ts';
import { agentLoads, priorityFirst } from './dispatch.ts';
import { presentAgentLoad, presentShop, secretHint } from './presenter.ts';
import { fileConversationAsTicket, type FileAsTicket } from './to-ticket.ts';
import { conversationQuery, conversationsOf, conversationView } from './views.ts';
import { shopByKey, visitorByToken } from './visitors.ts';

const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
/** What sniffImageType lets in, so what GET /api/chat/files/:id may answer with. */
const IMAGE_TYPES: ImageType[] = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];
const IMAGE_ANSWER = {
  description: 'the image, as the type it really is',
  content: Object.fromEntries(IMAGE_TYPES.map((type) => [type, { schema: ChatImage }])),
};

export function conversationRoutes(app: FastifyInstance, ctx: AppContext, chat: ChatService): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['chat'];
  const desk = { roles: DESK_ROLES };

  r.get(
    '/api/conversations',
    {
      config: desk,
      schema: {
        tags,
        querystring: z.object({
          scope: z.enum(['mine', 'queue', 'all']).default('mine'),
          status: z.enum(['queued', 'active', 'closed']).optional(),
          customerId: Id.optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: { 200: ConversationList },
      },
    },
    async (request) => {
      const me = actor(request);
      const { scope, status, customerId, limit } = request.query;
      let q = readableBy(conversationQuery(ctx.db), me);
      if (scope === 'mine') q = q.where('c.agent_id', '=', me.id).where('c.status', '=', status ?? 'active');
      if (scope === 'queue') q = q.where('c.status', '=', 'queued');
      if (scope === 'all' && status) q = q.where('c.status', '=', status);
      if (customerId) q = q.where('c.customer_id', '=', customerId);
      // The queue in the order it is served (domain queueOrder); other lists newest first.
      q =
        scope === 'queue'
          ? q.orderBy(priorityFirst('c.priority')).orderBy('c.vip', 'desc').orderBy('c.created_at').orderBy('c.id')
          : q.orderBy('c.id', 'desc');
      return { conversations: await conversationsOf(q.limit(limit)) };
    },
  );

  r.get('/api/conversations/:id', { config: desk, schema: { tags, params: IdParam, response: { 200: ConversationAnswer } } }, async (request) => {
    await conversationFor(ctx.db, actor(request), request.params.id, 'read');
    const conversation = await conversationView(ctx.db, request.params.id);
    if (!conversation) throw notFound('conversation');
    return { conversation };
  });

  r.get(
    '/api/conversations/:id/messages',
    {
      config: desk,
      schema: {
        tags,
        params: IdParam,
        querystring: z.object({ afterSeq: z.coerce.number().int().min(0).default(0) }),
        response: { 200: MessageList },
      },
    },
    async (request) => {
      await conversationFor(ctx.db, actor(request), request.params.id, 'read');
      return { messages: await chat.history(request.params.id, request.query.afterSeq, true) };
    },
  );

  r.post(
    '/api/conversations/:id/ticket',
    {
      config: desk,
      schema: {
        tags,
        params: IdParam,
        body: z.union([
          z.object({
            type: z.enum(TICKET_TYPES).optional().describe('left out: what the conversation is about decides it'),
            subject: z.string().trim().min(1).max(200),
            category: z.enum(TICKET_CATEGORIES).optional(),
            severity: z.enum(SEVERITIES).optional(),
          }),
          z.object({ ticketId: Id }),
        ]),
        response: { 200: FiledTicket, 201: FiledTicket },
      },
    },
    async (request, reply) => {
      const me = actor(request);
      const conv = await conversationFor(ctx.db, me, request.params.id, 'convert');
      const body = request.body;
      let filing: FileAsTicket;
      if ('ticketId' in body) {
        filing = { existingTicketId: body.ticketId };
      } else {
        const said = (await chat.history(conv.id, 0, false)).filter((m) => m.kind !== 'system');
        const transcript = said.map((m) => `${m.sender.name}：${m.kind === 'text' ? m.body : `[${m.kind}] ${m.body}`}`).join('\n');
        const shopperTexts = said.filter((m) => m.sender.kind === 'shopper' && m.kind === 'text').map((m) => m.body);
        filing = { new: { type: body.type, subject: body.subject, category: body.category, severity: body.severity, transcript, shopperTexts } };
      }
      const result = await fileConversationAsTicket(ctx.db, me, conv.id, filing);
      reply.code(result.alreadyLinked ? 200 : 201);
      return { ticket: presentTicket(result.ticket), alreadyLinked: result.alreadyLinked };
    },
  );

  r.get('/api/chat/overview', { config: { roles: LEAD_ROLES }, schema: { tags, response: { 200: ChatOverview } } }, async () => {
    const [agents, waiting, groups] = await Promise.all([
      agentLoads(ctx.db),
      conversationsOf(
        conversationQuery(ctx.db)
          .where('c.status', '=', 'queued')
          .orderBy(priorityFirst('c.priority'))
          .orderBy('c.vip', 'desc')
          .orderBy('c.created_at'),
      ),
      ctx.db.selectFrom('skill_groups').select(['id', 'name']).orderBy('id').execute(),
    ]);
    const now = Date.now();
    return {
      groups: groups.map((g) => {
        const queue = waiting.filter((w) => w.groupId === g.id);
        return {
          ...g,
          queueLength: queue.length,
          longestWaitSeconds: queue.length ? Math.round((now - Math.min(...queue.map((w) => w.createdAt.getTime()))) / 1000) : 0,
        };
      }),
      agents: agents.map(presentAgentLoad),
      waiting,
      active: await conversationsOf(conversationQuery(ctx.db).where('c.status', '=', 'active').orderBy('c.waiting_since').limit(200)),
    };
  });

  // Shoppers upload with their shop key and visitor token; agents with their session.
  r.post(
    '/api/chat/files',
    {
      config: { public: true, crossOrigin: true },
      schema: {
        tags,
        querystring: z.object({ shop: z.string().max(64).optional(), visitor: z.string().max(100).optional() }),
        consumes: ['multipart/form-data'],
        response: { 201: UploadedFile, 401: ErrorBody },
      },
    },
    async (request, reply) => {
      let shopId: number | undefined;
      if (request.query.shop && request.query.visitor) {
        const shop = await shopByKey(ctx.db, request.query.shop);
        if (shop && (await visitorByToken(ctx.db, shop.id, request.query.visitor))) shopId = shop.id;
      } else {
        const session = request.cookies[SESSION_COOKIE];
        const agent = session ? await principalFromSession(ctx.db, session) : null;
        if (agent && DESK_ROLES.includes(agent.role)) shopId = (await ctx.db.selectFrom('shops').select('id').orderBy('id').executeTakeFirst())?.id;
      }
      // The widget runs on the shop's own domain and authenticates by query, not cookies: any origin may read the answer.
      reply.header('access-control-allow-origin', '*');
      if (!shopId) return reply.code(401).send({ error: 'unauthorized', message: 'send the shop key and visitor token, or log in' });
      if (!request.isMultipart()) throw badRequest('file', 'send the image as multipart/form-data in a field named "file"');
      const file = await request.file({ limits: { fileSize: MAX_IMAGE_BYTES } });
      if (!file) throw badRequest('file', 'no file in the request');
      const data = await file.toBuffer();
      if (data.length === 0) throw badRequest('file', 'the file is empty');
      // The bytes decide, not the declared type: an HTML or SVG page posted as "image/png" is refused.
      const contentType = sniffImageType(data);
      if (!contentType) throw badRequest('file', 'not a png, jpeg, gif or webp image');
      const id = randomBytes(18).toString('base64url');
      await ctx.db.insertInto('chat_files').values({ id, shop_id: shopId, content_type: contentType, size: data.length, data }).execute();
      reply.code(201);
      return { id, url: `/api/chat/files/${id}` };
    },
  );

  r.get(
    '/api/chat/files/:id',
    {
      config: { public: true },
      schema: {
        tags,
        params: z.object({ id: z.string().regex(/^[\w-]{10,40}$/, 'not a file id') }),
        response: { 200: IMAGE_ANSWER },
      },
    },
    async (request, reply) => {
      const file = await ctx.db.selectFrom('chat_files').select(['content_type', 'data']).where('id', '=', request.params.id).executeTakeFirst();
      if (!file) throw notFound('file');
      reply
        .header('content-type', file.content_type)
        .header('cache-control', 'private, max-age=86400')
        .header('x-content-type-options', 'nosniff')
        .header('access-control-allow-origin', '*');
      return Buffer.from(file.data);
    },
  );

  // A shop's identity secret signs its shoppers' identities: never shown again after a rotation, only a hint.
  r.get('/api/shops', { config: { roles: ['admin'] }, schema: { tags, response: { 200: ShopList } } }, async () => {
    const rows = await ctx.db.selectFrom('shops').select(['id', 'key', 'name', 'identity_secret', 'default_group_id', 'bot']).orderBy('id').execute();
    return { shops: rows.map(presentShop) };
  });

  r.post(
    '/api/shops/:id/identity-secret',
    {
      config: { roles: ['admin'] },
      schema: {
        tags,
        params: IdParam,
        body: z
          .object({ reason: z.string().trim().max(200).optional() })
          .strict()
          .default({}),
        response: { 200: RotatedSecret },
      },
    },
    async (request) => {
      const secret = newSecret('ki');
      const shop = await ctx.db.transaction().execute(async (tx) => {
        const row = await tx
          .updateTable('shops')
          .set({ identity_secret: secret })
          .where('id', '=', request.params.id)
          .returning(['id', 'key'])
          .executeTakeFirst();
        if (!row) throw notFound('shop');
        await audit(tx, {
          actorId: actor(request).id,
          action: 'shop.identity_secret.rotate',
          entity: 'shop',
          entityId: row.id,
          detail: { hint: secretHint(secret), reason: request.body.reason ?? null },
        });
        return row;
      });
      // Shown this once, like an API token: the shop puts it in its own server's configuration.
      return { shop, identitySecret: secret, identitySecretHint: secretHint(secret) };
    },
  );

  r.put(
    '/api/shops/:id/bot',
    {
      config: { roles: ['admin'] },
      schema: {
        tags,
        params: IdParam,
        body: z.object({ enabled: z.boolean(), threshold: z.number().min(0.3).max(0.99).default(0.6) }).strict(),
        response: { 200: BotSettingsAnswer },
      },
    },
    async (request) => {
      const row = await ctx.db
        .updateTable('shops')
        .set({ bot: JSON.stringify(request.body) })
        .where('id', '=', request.params.id)
        .returning('bot')
        .executeTakeFirst();
      if (!row) throw notFound('shop');
      await audit(ctx.db, { actorId: actor(request).id, action: 'shop.bot', entity: 'shop', entityId: request.params.id, detail: request.body });
      return { bot: row.bot };
    },
  );
}
