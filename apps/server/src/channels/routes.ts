import {
  ChannelsOverview,
  EmailInboundLog,
  EmailInboundQuery,
  SmsMessageLog,
  SmsMessageQuery,
  SmsReplyLog,
  SmsReplyQuery,
} from '@kefu/protocol/api/channels';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AttachmentFile } from '@kefu/protocol/api/tickets';
import type { AppContext } from '../http/context.ts';
import { IdParam } from '../http/schemas.ts';
import { marketplaceInbox } from './marketplace/setup.ts';
import { channelsOverview, emailInboundLog, quarantinedMail, smsMessageLog, smsReplyLog } from './overview.ts';

const ADMIN = ['admin'] as const;

/** The channels page (管理 → 渠道): settings and health of e-mail, SMS and the marketplaces' chats, and their logs. Admins only. */
export function channelRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['channels'];

  r.get('/api/channels', { config: { roles: ADMIN }, schema: { tags, response: { 200: ChannelsOverview } } }, async () =>
    channelsOverview(ctx, app.emailIn.port, marketplaceInbox(ctx, app.chat)),
  );

  r.get(
    '/api/channels/email/inbound',
    { config: { roles: ADMIN }, schema: { tags, querystring: EmailInboundQuery, response: { 200: EmailInboundLog } } },
    async (request) => emailInboundLog(ctx.db, request.query),
  );

  r.get(
    '/api/channels/email/inbound/:id/raw',
    {
      config: { roles: ADMIN },
      schema: {
        tags,
        params: IdParam,
        response: { 200: { description: 'the mail as received (.eml), as a download', content: { 'message/rfc822': { schema: AttachmentFile } } } },
      },
    },
    async (request, reply) => {
      const raw = await quarantinedMail(ctx.db, request.params.id);
      // A download, never rendered: the bytes are whatever the sender sent.
      reply
        .header('content-type', 'message/rfc822')
        .header('content-disposition', `attachment; filename="quarantined-${request.params.id}.eml"`)
        .header('x-content-type-options', 'nosniff');
      return Buffer.from(raw);
    },
  );

  r.get(
    '/api/channels/sms/messages',
    { config: { roles: ADMIN }, schema: { tags, querystring: SmsMessageQuery, response: { 200: SmsMessageLog } } },
    async (request) => smsMessageLog(ctx.db, request.query),
  );

  r.get(
    '/api/channels/sms/replies',
    { config: { roles: ADMIN }, schema: { tags, querystring: SmsReplyQuery, response: { 200: SmsReplyLog } } },
    async (request) => smsReplyLog(ctx.db, request.query),
  );
}
