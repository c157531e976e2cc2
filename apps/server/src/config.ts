import { z } from 'zod';

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(12),
  TRUST_PROXY: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  COOKIE_SECURE: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  MAX_ATTACHMENT_MB: z.coerce.number().int().min(1).max(100).default(10),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  WEB_DIST: z.string().optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional(),
  MAIL_FROM: z.string().min(3).default('kefu <kefu@localhost>'),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// URL')
    .optional(),
  REDIS_PREFIX: z
    .string()
    .regex(/^[\w:.-]{1,40}$/, 'letters, digits, _ : . -')
    .default('kefu'),
  SWEEP_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(600_000)
    .default(2000)
    .describe('the cadence of the chat jobs (routing, overdue flags, e-mail); 0 starts no background jobs at all'),
  IMPORT_MAX_MB: z.coerce.number().int().min(1).max(1024).default(200),
  ORDER_WEBHOOK_SECRET: z
    .string()
    .min(16, 'must be at least 16 characters')
    .optional()
    .describe('HMAC key marketplaces sign order webhooks with; unset turns the webhook off'),
  EMAIL_IN_SMTP_PORT: z.coerce
    .number()
    .int()
    .min(0)
    .max(65535)
    .optional()
    .describe("e-mail in: the port of kefu's SMTP endpoint the shop's mail server delivers the service mailbox to; unset: off"),
  EMAIL_IN_SMTP_HOST: z.string().min(1).default('0.0.0.0'),
  EMAIL_IN_ADDRESSES: z
    .string()
    .default('')
    .transform((s) =>
      s
        .split(',')
        .map((a) => a.trim().toLowerCase())
        .filter(Boolean),
    )
    .pipe(z.array(z.email('comma-separated e-mail addresses'))),
  EMAIL_IN_MAX_MB: z.coerce.number().int().min(1).max(50).default(10),
  EMAIL_IN_PER_SENDER_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(30),
  WEBHOOK_PRIVATE_TARGETS: z
    .enum(['refuse', 'allow'])
    .default('refuse')
    .describe('allow: outgoing webhooks may reach private and loopback addresses (an ERP on the shop network)'),
  LLM_URL: z
    .string()
    .regex(/^https?:\/\//, 'must be an http(s):// URL of an OpenAI-compatible API, e.g. https://host/v1')
    .optional()
    .describe('drafts of replies by a large language model; unset turns them off'),
  LLM_API_KEY: z.string().optional(),
  LLM_MODEL: z.string().min(1).default('gpt-4o-mini'),
  LLM_TIMEOUT_MS: z.coerce.number().int().min(1000).max(120_000).default(20_000),
  CHAT_MAX_CHATS: z.coerce.number().int().min(1).max(50).default(5),
  SMS_DEV_LOG: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true')
    .describe("development and demo only, never in production: shoppers' SMS codes are written to the server log instead of sent"),
  CTI_WEBHOOK_SECRET: z
    .string()
    .min(16, 'must be at least 16 characters')
    .optional()
    .describe("HMAC key the shop's telephony system (CTI) signs call events with; unset turns the call webhook off"),
  CTI_CALL_URL: z
    .string()
    .regex(/^https?:\/\//, 'must be an http(s):// URL')
    .optional()
    .describe("the telephony system's click-to-call endpoint kefu posts to, signed with CTI_WEBHOOK_SECRET; unset turns click-to-call off"),
  SMS_PROVIDER: z
    .enum(['none', 'aliyun'])
    .default('none')
    .describe('the SMS provider kefu sends through (verification codes, care messages, replies on SMS tickets); none: no SMS'),
  SMS_ALIYUN_ACCESS_KEY_ID: z.string().optional(),
  SMS_ALIYUN_ACCESS_KEY_SECRET: z.string().optional(),
  SMS_ALIYUN_ENDPOINT: z
    .string()
    .regex(/^https?:\/\//, 'must be an http(s):// URL')
    .default('https://dysmsapi.aliyuncs.com'),
  SMS_SIGN_NAME: z.string().max(30).optional().describe("the shop's registered SMS signature (签名), shown as 【…】"),
  SMS_TEMPLATE_VERIFICATION: z.string().max(40).optional().describe('template code of the verification text; variable ${code}'),
  SMS_TEMPLATE_NOTICE: z.string().max(40).optional().describe('template code of notices and care messages; variable ${content}'),
  SMS_TEMPLATE_REPLY: z
    .string()
    .max(40)
    .optional()
    .describe('template code of replies on SMS tickets; variable ${content}; default: the notice template'),
  SMS_CALLBACK_TOKEN: z
    .string()
    .regex(/^[A-Za-z0-9_-]{24,100}$/, '24–100 letters, digits, _ or -')
    .optional()
    .describe('the secret part of the receipt and reply URLs given to the provider (…/api/channels/sms/aliyun/<token>/report and /up)'),
  TAOBAO_APP_KEY: z
    .string()
    .max(40)
    .optional()
    .describe("Taobao Open Platform app key; set, kefu takes the shop's 旺旺/千牛 chats (docs/channels.md)"),
  TAOBAO_APP_SECRET: z.string().max(100).optional(),
  TAOBAO_SESSION: z.string().max(200).optional().describe("the seller's authorisation (TOP session key) for the shop"),
  TAOBAO_API_URL: z
    .string()
    .regex(/^https?:\/\//, 'must be an http(s):// URL')
    .default('https://eco.taobao.com/router/rest'),
  TAOBAO_TMC_GROUP: z.string().max(64).default('default').describe('the message service (TMC) group the chat topic is delivered to'),
  JD_APP_KEY: z.string().max(64).optional().describe("JD Open Platform (JOS) app key; set, kefu takes the shop's 京麦/咚咚 chats by push"),
  JD_APP_SECRET: z.string().max(100).optional(),
  JD_ACCESS_TOKEN: z.string().max(200).optional(),
  JD_API_URL: z
    .string()
    .regex(/^https?:\/\//, 'must be an http(s):// URL')
    .default('https://api.jd.com/routerjson'),
  PDD_CLIENT_ID: z
    .string()
    .max(64)
    .optional()
    .describe("Pinduoduo open platform client id; set, kefu takes the shop's 拼多多 chats over the message service"),
  PDD_CLIENT_SECRET: z.string().max(100).optional(),
  PDD_ACCESS_TOKEN: z.string().max(200).optional(),
  PDD_API_URL: z
    .string()
    .regex(/^https?:\/\//, 'must be an http(s):// URL')
    .default('https://gw-api.pinduoduo.com/api/router'),
  PDD_MESSAGE_URL: z
    .string()
    .regex(/^wss?:\/\//, 'must be a ws(s):// URL')
    .default('wss://message-api.pinduoduo.com/message'),
  SHOPPER_CODES_PER_IP_PER_HOUR: z.coerce
    .number()
    .int()
    .min(1)
    .max(1_000_000)
    .default(20)
    .describe('requests for a shopper code per client address per hour (behind a proxy set TRUST_PROXY, else all shoppers share one address)'),
  SHOPPER_CODES_PER_SHOP_PER_MINUTE: z.coerce
    .number()
    .int()
    .min(1)
    .max(1_000_000)
    .default(20)
    .describe('requests for a shopper code per shop per minute, from everyone'),
  SHOPPER_CODES_PER_SHOP_PER_HOUR: z.coerce
    .number()
    .int()
    .min(1)
    .max(1_000_000)
    .default(200)
    .describe('requests for a shopper code per shop per hour, from everyone'),
  SHOPPER_CODE_WRONG_TRIES_PER_IP_PER_HOUR: z.coerce
    .number()
    .int()
    .min(1)
    .max(1_000_000)
    .default(30)
    .describe('wrong shopper codes per client address per hour'),
  SHOPPER_CODE_ANSWER_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(10_000)
    .default(300)
    .describe('a request for a shopper code is answered no sooner than this, so the answer time does not tell whether an order exists'),
  ALLOWED_ORIGINS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(/^https?:\/\/[^/\s]+$/, 'origins are scheme://host[:port], comma-separated')))
    .describe('other origins whose pages may use a logged-in session, e.g. https://kefu.shop.example when the Host header differs behind a proxy'),
});

export type Config = z.infer<typeof Env>;

/** Reads the configuration from the environment; a bad value stops start-up with a message naming it. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

export class ConfigError extends Error {}
