import type { FastifyInstance } from 'fastify';
import type { ChatService } from '../conversations/chat-service.ts';
import type { AppContext } from '../http/context.ts';
import type { Job } from '../jobs/runner.ts';
import { scheduleText } from '../jobs/schedule-schema.ts';
import { pruneInbound } from './email-in/receive.ts';
import { emailInChannel } from './email-in/setup.ts';
import { marketplaceChannel, marketplaceJobs } from './marketplace/setup.ts';
import { phoneRoutes } from './phone/routes.ts';
import { deliverDueSms, pruneSmsLog } from './sms/outbox.ts';
import { smsChannel } from './sms/setup.ts';

/**
 * The one contract every inbound channel keeps (docs/channels.md): `setup` puts its endpoint (an SMTP listener, a
 * provider's push routes, a signed webhook) and its provider on the app; `jobs` are its scheduled work (sending what
 * it queued, pruning its log). Inbound messages go through `channels/inbound.ts` to a ticket on the customer's file,
 * or — the marketplaces' chats — through the live chat's conversations, like the widget's;
 * the channels page reads every channel's log. Adding a channel is a folder and a line here.
 */
export interface ChannelAdapter {
  channel: 'email' | 'sms' | 'phone' | 'marketplace';
  setup(app: FastifyInstance, ctx: AppContext, chat: ChatService): void;
  jobs(ctx: AppContext, chat: ChatService): Job[];
}

const at = (text: string) => scheduleText.parse(text);

export const CHANNEL_ADAPTERS: readonly ChannelAdapter[] = [
  {
    channel: 'email',
    setup: emailInChannel,
    // The log: quarantined messages lose their bytes after 14 days, log rows go after 90.
    jobs: (ctx) => [{ name: 'email-in.prune', schedule: at('daily 04:20'), run: () => pruneInbound(ctx.db) }],
  },
  {
    channel: 'sms',
    setup: smsChannel,
    jobs: (ctx) => [
      // Replies on SMS tickets go out (and come due again after a refusal); safe in every process (SKIP LOCKED).
      {
        name: 'sms.deliver',
        schedule: at('every 5s'),
        everyProcess: true,
        run: async () => void (ctx.sms && (await deliverDueSms(ctx.db, ctx.sms))),
      },
      // The SMS log (sent and received) keeps 180 days.
      { name: 'sms.prune', schedule: at('daily 04:25'), run: () => pruneSmsLog(ctx.db) },
    ],
  },
  { channel: 'phone', setup: phoneRoutes, jobs: () => [] },
  { channel: 'marketplace', setup: marketplaceChannel, jobs: marketplaceJobs },
];

/** Every channel on the app. */
export function setUpChannels(app: FastifyInstance, ctx: AppContext, chat: ChatService): void {
  for (const adapter of CHANNEL_ADAPTERS) adapter.setup(app, ctx, chat);
}

/** Every channel's scheduled work. */
export function channelJobs(ctx: AppContext, chat: ChatService): Job[] {
  return CHANNEL_ADAPTERS.flatMap((adapter) => adapter.jobs(ctx, chat));
}
