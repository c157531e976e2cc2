import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../http/context.ts';
import { aliyunSms } from './aliyun.ts';
import { smsCallbackRoutes } from './routes.ts';

/**
 * SMS (docs/sms.md): with SMS_PROVIDER=aliyun kefu sends through Aliyun's SMS service — verification codes, care
 * messages and notices from outreach, replies on SMS tickets — and takes its delivery reports and replies at the
 * callback routes. A deployment (or a test) that set `ctx.sms` itself keeps its own gateway.
 */
export function smsChannel(app: FastifyInstance, ctx: AppContext): void {
  smsCallbackRoutes(app, ctx);
  const c = ctx.config;
  if (c.SMS_PROVIDER !== 'aliyun' || ctx.sms) return;
  const missing = (
    [
      ['SMS_ALIYUN_ACCESS_KEY_ID', c.SMS_ALIYUN_ACCESS_KEY_ID],
      ['SMS_ALIYUN_ACCESS_KEY_SECRET', c.SMS_ALIYUN_ACCESS_KEY_SECRET],
      ['SMS_SIGN_NAME', c.SMS_SIGN_NAME],
      ['SMS_TEMPLATE_VERIFICATION', c.SMS_TEMPLATE_VERIFICATION],
      ['SMS_TEMPLATE_NOTICE', c.SMS_TEMPLATE_NOTICE],
    ] as const
  )
    .filter(([, v]) => !v)
    .map(([k]) => k);
  if (missing.length) throw new Error(`SMS_PROVIDER=aliyun needs ${missing.join(', ')}`);
  ctx.sms = aliyunSms({
    accessKeyId: c.SMS_ALIYUN_ACCESS_KEY_ID!,
    accessKeySecret: c.SMS_ALIYUN_ACCESS_KEY_SECRET!,
    endpoint: c.SMS_ALIYUN_ENDPOINT,
    signName: c.SMS_SIGN_NAME!,
    templates: { verification: c.SMS_TEMPLATE_VERIFICATION!, notice: c.SMS_TEMPLATE_NOTICE!, reply: c.SMS_TEMPLATE_REPLY ?? c.SMS_TEMPLATE_NOTICE! },
  });
}
