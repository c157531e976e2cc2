import type { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import fastifyWebsocket from '@fastify/websocket';
import { negativeEmotion } from '@kefu/nlp';
import { Health, NotReady, Ready } from '@kefu/protocol/api/health';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { afterSaleRoutes } from './aftersales/routes.ts';
import { authRoutes } from './auth/routes.ts';
import { mailer } from './channels/email.ts';
import { localBus, redisBus } from './chat/bus.ts';
import { answerOversizedFrames } from './chat/connection.ts';
import { Hub } from './chat/hub.ts';
import { chatSockets } from './chat/sockets.ts';
import { taskRoutes } from './collaboration/routes.ts';
import { registerCaseScope } from './confidentiality/guard.ts';
import { ChatService } from './conversations/chat-service.ts';
import { conversationRoutes } from './conversations/routes.ts';
import { scriptRoutes } from './conversations/scripts.ts';
import { customerRoutes } from './customers/routes.ts';
import { customerOwnerRoutes } from './customers/owner-routes.ts';
import { eventRoom } from './events/setup.ts';
import { webhookIntegration } from './integrations/setup.ts';
import { setUpChannels } from './channels/adapters.ts';
import { channelRoutes } from './channels/routes.ts';
import type { AppContext } from './http/context.ts';
import { registerErrorHandler } from './http/errors.ts';
import { publicScope, registerGuard } from './http/guard.ts';
import { registerSecurityHeaders } from './http/headers.ts';
import { registerStaticFiles } from './http/static-files.ts';
import { registerInputHygiene } from './http/input-hygiene.ts';
import { errorForLog, requestForLog } from './http/log.ts';
import { kefuJobs } from './jobs/definitions.ts';
import { jobRoutes } from './jobs/routes.ts';
import { JobRunner } from './jobs/runner.ts';
import { assistant } from './knowledge/assist.ts';
import { botBrain, understanding } from './knowledge/bot.ts';
import { KnowledgeIndex } from './knowledge/index.ts';
import { knowledgeRoutes } from './knowledge/routes.ts';
import { orderRoutes } from './orders/routes.ts';
import { orderWebhook } from './orders/webhook.ts';
import { productRoutes } from './products/routes.ts';
import { settingRoutes } from './settings/routes.ts';
import { auditRoutes } from './audit/routes.ts';
import { briefRoutes } from './reports/briefs/routes.ts';
import { BRIEF_ATTACHMENTS, briefAttachments } from './reports/briefs/service.ts';
import { reportRoutes } from './reports/dashboard/routes.ts';
import { RECALL_ATTACHMENTS, recallAttachments } from './reports/defects/recall-files.ts';
import { defectAlarmRoutes } from './reports/defects/routes.ts';
import { qualityRoutes } from './quality/routes.ts';
import { slaRoutes } from './sla/routes.ts';
import { ticketRoutes } from './tickets/routes.ts';
import { userRoutes } from './users/routes.ts';
import { approvalRoutes } from './approvals/routes.ts';
import { savedViewRoutes } from './saved-views/routes.ts';
import { reviewRoutes } from './reviews/routes.ts';
import { segmentRoutes } from './customers/segments/routes.ts';
import { surveyRoutes } from './surveys/routes.ts';
import { outreachRoutes } from './outreach/routes.ts';
import { notificationRoutes } from './notifications/routes.ts';
import { careRoutes } from './care/routes.ts';
import { couponRoutes } from './coupons/routes.ts';
import { followUpRoutes } from './follow-ups/routes.ts';

const DEFAULT_WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));
const WIDGET_DIST = fileURLToPath(new URL('../../widget/dist', import.meta.url));

declare module 'fastify' {
  interface FastifyInstance {
    chat: ChatService;
  }
}

export async function buildApp(ctx: AppContext, options: { logger?: boolean; logStream?: Writable } = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger:
      options.logger === false
        ? false
        : {
            level: ctx.config.LOG_LEVEL,
            serializers: { req: requestForLog, err: errorForLog },
            ...(options.logStream && { stream: options.logStream }),
          },
    bodyLimit: 1024 * 1024,
    // Only behind a proxy that sets X-Forwarded-For may the client address come from it; otherwise any client
    // could name its own address and get around the per-address connection limit.
    trustProxy: ctx.config.TRUST_PROXY,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app);
  await app.register(fastifyCookie);
  // First after the cookies: every route registered from here on is guarded, plugins' routes included.
  registerGuard(app, ctx);
  // Department roles see only the cases they hold a task on (DOMAIN §5).
  registerCaseScope(app, ctx);
  registerSecurityHeaders(app, { https: ctx.config.COOKIE_SECURE });
  registerInputHygiene(app);
  await app.register(fastifyMultipart, { limits: { fileSize: ctx.config.MAX_ATTACHMENT_MB * 1024 * 1024, files: 1, fields: 5 } });
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'kefu API', version: '0.1.0', description: 'Customer service for online shops. Send `Authorization: Bearer <API token>`.' },
      components: { securitySchemes: { token: { type: 'http', scheme: 'bearer' }, session: { type: 'apiKey', in: 'cookie', name: 'kefu_session' } } },
      security: [{ token: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await publicScope(app, (scope) => scope.register(fastifySwaggerUi, { routePrefix: '/api/docs' }));

  app.get('/healthz', { config: { public: true }, schema: { hide: true, response: { 200: Health } } }, async () => ({ ok: true }));
  app.get('/readyz', { config: { public: true }, schema: { hide: true, response: { 200: Ready, 503: NotReady } } }, async (_request, reply) => {
    try {
      await sql`select 1`.execute(ctx.db);
      return { ok: true, engine: ctx.engine };
    } catch {
      return reply.code(503).send({ ok: false, error: 'database unreachable' });
    }
  });

  authRoutes(app, ctx);
  userRoutes(app, ctx);
  customerOwnerRoutes(app, ctx);
  customerRoutes(app, ctx);
  ticketRoutes(app, ctx);
  orderRoutes(app, ctx);
  orderWebhook(app, ctx);
  afterSaleRoutes(app, ctx);
  approvalRoutes(app, ctx);
  savedViewRoutes(app, ctx);
  reviewRoutes(app, ctx);
  segmentRoutes(app, ctx);
  surveyRoutes(app, ctx);
  outreachRoutes(app, ctx);
  notificationRoutes(app, ctx);
  careRoutes(app, ctx);
  couponRoutes(app, ctx);
  followUpRoutes(app, ctx);
  taskRoutes(app, ctx);
  settingRoutes(app, ctx);
  auditRoutes(app, ctx);
  slaRoutes(app, ctx);
  qualityRoutes(app, ctx);
  reportRoutes(app, ctx);
  defectAlarmRoutes(app, ctx);
  productRoutes(app, ctx);
  const knowledge = new KnowledgeIndex(ctx.db);
  knowledgeRoutes(app, ctx, knowledge);

  const bus = ctx.config.REDIS_URL
    ? await redisBus(ctx.config.REDIS_URL, ctx.config.REDIS_PREFIX, (err) => app.log.error({ err }, 'redis'))
    : localBus();
  const hub = new Hub(bus);
  const understand = understanding((text) => negativeEmotion(text));
  const chat = new ChatService(
    ctx.db,
    hub,
    { defaultMaxChats: ctx.config.CHAT_MAX_CHATS },
    assistant(ctx.db, knowledge),
    botBrain(knowledge, understand),
    understand,
  );
  await app.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } });
  app.websocketServer.on('connection', answerOversizedFrames);
  chatSockets(app, ctx, chat);
  conversationRoutes(app, ctx, chat);
  scriptRoutes(app, ctx);
  const mail = mailer(ctx.config.SMTP_URL, ctx.config.MAIL_FROM, {
    [BRIEF_ATTACHMENTS]: briefAttachments,
    [RECALL_ATTACHMENTS]: recallAttachments,
  });
  briefRoutes(app, ctx, mail);
  const webhooks = webhookIntegration(app, ctx);
  setUpChannels(app, ctx, chat);
  channelRoutes(app, ctx);
  const events = await eventRoom(app, ctx, mail, webhooks);
  const jobs = new JobRunner(ctx.db, kefuJobs(ctx, chat, mail, events, webhooks), { log: app.log });
  jobRoutes(app, ctx, jobs);
  // SWEEP_INTERVAL_MS=0: no background jobs (tests run them themselves).
  if (ctx.config.SWEEP_INTERVAL_MS > 0) {
    app.addHook('onReady', async () => jobs.start());
    app.addHook('preClose', () => jobs.stop());
  }
  app.addHook('preClose', async () => hub.closeAll());
  app.addHook('onClose', async () => bus.close());
  app.decorate('chat', chat);

  await registerStaticFiles(app, { webDist: ctx.config.WEB_DIST ?? DEFAULT_WEB_DIST, widgetDist: WIDGET_DIST });
  return app;
}
