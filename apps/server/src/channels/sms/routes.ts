import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../http/context.ts';
import { notFound } from '../../http/errors.ts';
import { AliyunPushAnswer, AliyunReportPush, AliyunUpPush, receiptsOfAliyun, repliesOfAliyun } from './aliyun-push.ts';
import { applyReceipts, receiveReply } from './receipts.ts';

const TokenParam = z.object({ token: z.string().max(200) });

/** The token in the path matches SMS_CALLBACK_TOKEN, compared in constant time; anything else is "not found". */
function tokenMatches(expected: string | undefined, given: string): boolean {
  if (!expected) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Aliyun pushes delivery reports and replies (上行) here. It signs nothing, so the URL given in its console carries
 * SMS_CALLBACK_TOKEN; a wrong token, or none configured, answers 404 as if the route did not exist. A push is applied
 * in one transaction (reports) or one per reply, each reply stored once however often it is pushed.
 */
export function smsCallbackRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['channels'];
  const guard = (token: string) => {
    if (ctx.config.SMS_PROVIDER !== 'aliyun' || !tokenMatches(ctx.config.SMS_CALLBACK_TOKEN, token)) throw notFound('route');
  };

  r.post(
    '/api/channels/sms/aliyun/:token/report',
    { config: { public: true }, logLevel: 'warn', schema: { tags, params: TokenParam, body: AliyunReportPush, response: { 200: AliyunPushAnswer } } },
    async (request) => {
      guard(request.params.token);
      const moved = await applyReceipts(ctx.db, receiptsOfAliyun(request.body));
      request.log.info({ sms: { reports: request.body.length, moved } }, 'SMS delivery reports received');
      return { code: 0 as const, msg: '接收成功' };
    },
  );

  r.post(
    '/api/channels/sms/aliyun/:token/up',
    { config: { public: true }, logLevel: 'warn', schema: { tags, params: TokenParam, body: AliyunUpPush, response: { 200: AliyunPushAnswer } } },
    async (request) => {
      guard(request.params.token);
      for (const reply of repliesOfAliyun(request.body)) {
        const result = await receiveReply(ctx.db, 'aliyun', reply);
        request.log.info({ sms: { reply: reply.sequenceId, ...result } }, 'SMS reply received');
      }
      return { code: 0 as const, msg: '接收成功' };
    },
  );
}
