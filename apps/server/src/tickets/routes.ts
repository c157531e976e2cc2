import {
  ALL_ROLES,
  CHANNELS,
  DESK_ROLES,
  SEVERITIES,
  TICKET_CATEGORIES,
  TICKET_PRIORITIES,
  TICKET_STATUSES,
  TICKET_TYPES,
  ticketForRole,
} from '@kefu/domain';
import { Escalation, EscalationInput, Escalations } from '@kefu/protocol/api/sla';
import { AttachmentAnswer, AttachmentFile, ComplaintStep, TicketAnswer, TicketList, TicketMessageAnswer, Timeline } from '@kefu/protocol/api/tickets';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../http/context.ts';
import { badRequest, forbidden } from '../http/errors.ts';
import { actor } from '../http/guard.ts';
import { Id, IdParam, listOf, Paging, Tag, Tags, Version } from '../http/schemas.ts';
import { refuseForbiddenReply } from '../quality/phrases.ts';
import { presentEscalation } from '../sla/presenter.ts';
import { readAttachment, storeAttachment } from './attachments.ts';
import { recordComplaintStep } from './complaint.ts';
import { escalateTicket, ticketEscalations } from './escalation.ts';
import { listTickets } from './list.ts';
import { presentAttachment, presentMessage, presentTicket, presentTicketList, presentTimelineEvent } from './presenter.ts';
import { addMessage, assertTicket, createTicket, getTicket, timeline, updateTicket } from './service.ts';

const TicketFields = {
  subject: z.string().trim().min(1).max(200),
  priority: z.enum(TICKET_PRIORITIES).optional(),
  category: z.enum(TICKET_CATEGORIES).nullable().optional(),
  severity: z.enum(SEVERITIES).nullable().optional(),
  customerId: Id.nullable().optional(),
  orderId: Id.nullable().optional(),
  assigneeId: Id.nullable().optional(),
  groupId: Id.nullable().optional(),
  tags: Tags.optional(),
};

export function ticketRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['tickets'];
  const desk = { roles: DESK_ROLES };
  const everyone = { roles: ALL_ROLES };

  r.get(
    '/api/tickets',
    {
      config: everyone,
      schema: {
        tags,
        querystring: z.object({
          status: listOf(z.enum(TICKET_STATUSES)).optional(),
          type: listOf(z.enum(TICKET_TYPES)).optional(),
          priority: listOf(z.enum(TICKET_PRIORITIES)).optional(),
          assigneeId: z.union([z.literal('none'), z.literal('me'), Id]).optional(),
          groupId: Id.optional(),
          tag: Tag.optional(),
          customerId: Id.optional(),
          q: z.string().max(200).optional(),
          due: z.enum(['breached', 'soon']).optional().describe('soon: a promise falls due within 2 hours or is past due; breached: past due'),
          sort: z
            .enum(['updated_at', 'created_at', 'priority', 'sla_due_at'])
            .default('updated_at')
            .describe('sla_due_at: tickets with a running promise first, the most urgent first when ascending'),
          order: z.enum(['asc', 'desc']).default('desc'),
          ...Paging,
        }),
        response: { 200: TicketList },
      },
    },
    async (request) => {
      const { assigneeId, ...rest } = request.query;
      const list = await listTickets(ctx.db, actor(request), { ...rest, assigneeId: assigneeId === 'me' ? actor(request).id : assigneeId });
      return presentTicketList(list);
    },
  );

  r.post(
    '/api/tickets',
    {
      config: desk,
      schema: {
        tags,
        body: z.object({
          ...TicketFields,
          type: z.enum(TICKET_TYPES),
          description: z.string().max(20_000).optional(),
          channel: z.enum(CHANNELS).optional().describe('where the case came in (web by default): service-level policies may match on it'),
          productId: Id.nullable().optional().describe('the product the case is about: for a suggestion (建议/需求), the product it asks about'),
        }),
        response: { 201: TicketAnswer },
      },
    },
    async (request, reply) => {
      const who = actor(request);
      const ticket = await createTicket(ctx.db, who, request.body);
      reply.code(201);
      return { ticket: presentTicket(ticketForRole(ticket, who.role)) };
    },
  );

  r.get('/api/tickets/:id', { config: everyone, schema: { tags, params: IdParam, response: { 200: TicketAnswer } } }, async (request) => ({
    ticket: presentTicket(await getTicket(ctx.db, request.params.id, actor(request))),
  }));

  r.patch(
    '/api/tickets/:id',
    {
      config: desk,
      schema: {
        tags,
        params: IdParam,
        body: z
          .object({ ...TicketFields, subject: TicketFields.subject.optional(), status: z.enum(TICKET_STATUSES).optional(), version: Version })
          .strict(),
        response: { 200: TicketAnswer },
      },
    },
    async (request) => {
      await updateTicket(ctx.db, actor(request), request.params.id, request.body);
      return { ticket: presentTicket(await getTicket(ctx.db, request.params.id, actor(request))) };
    },
  );

  r.get('/api/tickets/:id/timeline', { config: everyone, schema: { tags, params: IdParam, response: { 200: Timeline } } }, async (request) => {
    await assertTicket(ctx.db, request.params.id);
    return { events: (await timeline(ctx.db, request.params.id, actor(request))).map(presentTimelineEvent) };
  });

  r.post(
    '/api/tickets/:id/complaint',
    { config: desk, schema: { tags, params: IdParam, body: ComplaintStep, response: { 200: TicketAnswer } } },
    async (request) => {
      await recordComplaintStep(ctx.db, actor(request), request.params.id, request.body);
      return { ticket: presentTicket(await getTicket(ctx.db, request.params.id, actor(request))) };
    },
  );

  r.post(
    '/api/tickets/:id/escalations',
    { config: desk, schema: { tags, params: IdParam, body: EscalationInput, response: { 201: Escalation } } },
    async (request, reply) => {
      const escalation = await escalateTicket(ctx.db, actor(request), request.params.id, request.body);
      reply.code(201);
      return presentEscalation(escalation);
    },
  );

  r.get('/api/tickets/:id/escalations', { config: desk, schema: { tags, params: IdParam, response: { 200: Escalations } } }, async (request) => {
    await assertTicket(ctx.db, request.params.id);
    return { escalations: await ticketEscalations(ctx.db, request.params.id, actor(request)) };
  });

  r.post(
    '/api/tickets/:id/messages',
    {
      config: everyone,
      schema: {
        tags,
        params: IdParam,
        body: z.object({ kind: z.enum(['reply', 'note']), body: z.string().trim().min(1).max(20_000) }),
        response: { 201: TicketMessageAnswer },
      },
    },
    async (request, reply) => {
      const who = actor(request);
      // Department collaborators answer inside kefu with internal notes; only the desk writes to shoppers.
      if (request.body.kind === 'reply' && !DESK_ROLES.includes(who.role)) throw forbidden('only agents, supervisors and admins reply to customers');
      // Before the reply is stored or its e-mail queued: a forbidden phrase is refused, and logged for quality inspection.
      if (request.body.kind === 'reply')
        await refuseForbiddenReply(ctx.db, who.id, request.params.id, request.body.body, Boolean(ctx.config.SMTP_URL));
      reply.code(201);
      const message = await addMessage(ctx.db, who, request.params.id, request.body.kind, request.body.body, {
        email: Boolean(ctx.config.SMTP_URL),
        sms: Boolean(ctx.sms),
      });
      // Collision: whoever else is on the ticket's page sees who just replied, before sending their own reply.
      if (message.kind === 'reply') app.chat.collision.replied(who, request.params.id, message.id);
      return { message: presentMessage(message) };
    },
  );

  r.post(
    '/api/tickets/:id/attachments',
    {
      config: everyone,
      schema: { tags, params: IdParam, consumes: ['multipart/form-data'], response: { 201: AttachmentAnswer } },
    },
    async (request, reply) => {
      if (!request.isMultipart()) throw badRequest('file', 'send the file as multipart/form-data in a field named "file"');
      const file = await request.file();
      if (!file) throw badRequest('file', 'no file in the request');
      const data = await file.toBuffer();
      reply.code(201);
      const upload = { filename: file.filename, contentType: file.mimetype, data };
      const attachment = await storeAttachment(ctx.db, actor(request), request.params.id, upload);
      return { attachment: presentAttachment(attachment) };
    },
  );

  r.get(
    '/api/attachments/:id',
    {
      config: everyone,
      schema: {
        tags,
        params: IdParam,
        response: {
          200: { description: 'the file, with its own content type', content: { 'application/octet-stream': { schema: AttachmentFile } } },
        },
      },
    },
    async (request, reply) => {
      const file = await readAttachment(ctx.db, request.params.id);
      reply
        .header('content-type', file.content_type)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
        .header('x-content-type-options', 'nosniff');
      return Buffer.from(file.data);
    },
  );
}
