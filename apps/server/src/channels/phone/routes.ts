import { CallEventInput, CallEventResult, DialAnswer, DialingStatus, DialInput, ManualCallAnswer, ManualCallInput } from '@kefu/protocol/api/calls';
import { DESK_ROLES } from '@kefu/domain';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../http/context.ts';
import { parseInput } from '../../http/errors.ts';
import { actor } from '../../http/guard.ts';
import { IdParam } from '../../http/schemas.ts';
import { readSignedDelivery } from '../../http/signed-delivery.ts';
import { needSettings } from '../settings.ts';
import { logCall, receiveCallEvent } from './calls.ts';
import { dialCustomer, dialingStatus } from './dial.ts';

/**
 * Phone: the shop's telephony system (CTI) reports each call's moments to POST /api/channels/phone/events, signed
 * like kefu's other webhooks with CTI_WEBHOOK_SECRET; agents log calls by hand on a ticket, and call a customer from
 * their file or ticket through the CTI (click-to-call, CTI_CALL_URL).
 */
export function phoneRoutes(app: FastifyInstance, ctx: AppContext): void {
  if (ctx.config.CTI_CALL_URL) needSettings('CTI_CALL_URL', { CTI_WEBHOOK_SECRET: ctx.config.CTI_WEBHOOK_SECRET });
  app.register(async (scope) => {
    scope.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: 64 * 1024 }, (_req, body, done) => done(null, body));
    const r = scope.withTypeProvider<ZodTypeProvider>();
    r.post(
      '/api/channels/phone/events',
      { config: { public: true }, logLevel: 'warn', schema: { tags: ['channels'], response: { 200: CallEventResult } } },
      async (request) => {
        const { json } = readSignedDelivery(request, ctx.config.CTI_WEBHOOK_SECRET, 'call', 'CTI_WEBHOOK_SECRET');
        const event = parseInput(CallEventInput, json, 'body');
        return receiveCallEvent(ctx.db, event);
      },
    );
  });

  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post(
    '/api/tickets/:id/calls',
    { config: { roles: DESK_ROLES }, schema: { tags: ['tickets'], params: IdParam, body: ManualCallInput, response: { 201: ManualCallAnswer } } },
    async (request, reply) => {
      reply.code(201);
      return logCall(ctx.db, actor(request).id, request.params.id, request.body);
    },
  );
  r.get(
    '/api/channels/phone/dialing',
    { config: { roles: DESK_ROLES }, schema: { tags: ['channels'], response: { 200: DialingStatus } } },
    async (request) => dialingStatus(ctx, actor(request).id),
  );

  r.post(
    '/api/customers/:id/calls',
    {
      config: { roles: DESK_ROLES },
      schema: {
        tags: ['customers'],
        description: "Click-to-call: the telephony system rings the agent's extension, then the customer's number.",
        params: IdParam,
        body: DialInput.strict(),
        response: { 201: DialAnswer },
      },
    },
    async (request, reply) => {
      const call = await dialCustomer(ctx, actor(request), { customerId: request.params.id, ...request.body });
      reply.code(201);
      return { call };
    },
  );
}
