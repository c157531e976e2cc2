import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../http/context.ts';
import { receiveMail } from './receive.ts';
import { startSmtpEndpoint, withReturnPath, type SmtpEndpoint } from './smtp-endpoint.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** E-mail in's SMTP endpoint once listening (EMAIL_IN_SMTP_PORT set); null when off. */
    emailIn: { port: number | null };
  }
}

/**
 * E-mail in (docs/channels.md): with EMAIL_IN_SMTP_PORT set, kefu listens for SMTP from the shop's mail server from
 * when the app is ready until it closes, and every message to one of EMAIL_IN_ADDRESSES is received (receive.ts)
 * before it is acknowledged.
 */
export function emailInChannel(app: FastifyInstance, ctx: AppContext): void {
  const { EMAIL_IN_SMTP_PORT, EMAIL_IN_SMTP_HOST, EMAIL_IN_ADDRESSES, EMAIL_IN_MAX_MB, EMAIL_IN_PER_SENDER_PER_MINUTE, MAIL_FROM } = ctx.config;
  const state = { port: null as number | null };
  app.decorate('emailIn', state);
  if (EMAIL_IN_SMTP_PORT === undefined) return;
  if (!EMAIL_IN_ADDRESSES.length) throw new Error('EMAIL_IN_ADDRESSES: name the service addresses kefu receives for (comma-separated)');
  const mailFrom = /<([^>]+)>/.exec(MAIL_FROM)?.[1] ?? MAIL_FROM;
  const ownAddresses = [...EMAIL_IN_ADDRESSES, mailFrom.trim().toLowerCase()];
  const maxBytes = EMAIL_IN_MAX_MB * 1024 * 1024;
  let endpoint: SmtpEndpoint | undefined;
  app.addHook('onReady', async () => {
    endpoint = await startSmtpEndpoint({
      host: EMAIL_IN_SMTP_HOST,
      port: EMAIL_IN_SMTP_PORT,
      acceptRecipients: (address) => EMAIL_IN_ADDRESSES.includes(address),
      maxBytes,
      ratePerSenderPerMinute: EMAIL_IN_PER_SENDER_PER_MINUTE,
      log: app.log,
      onMail: async (raw, envelope) => {
        const result = await receiveMail(ctx.db, withReturnPath(raw, envelope.from), envelope, { ownAddresses, limits: { maxBytes } });
        app.log.info({ emailIn: { from: envelope.from, ...result } }, 'e-mail received');
      },
    });
    state.port = endpoint.port;
  });
  app.addHook('preClose', async () => {
    await endpoint?.close();
    state.port = null;
  });
}
