import type { FastifyInstance } from 'fastify';
import type { ChatService } from '../../conversations/chat-service.ts';
import type { AppContext } from '../../http/context.ts';
import type { Job } from '../../jobs/runner.ts';
import { scheduleText } from '../../jobs/schedule-schema.ts';
import { needSettings } from '../settings.ts';
import type { Marketplace, MarketplaceIm } from './contract.ts';
import { jdIm } from './jd.ts';
import { deliverDueIm, pruneImLog } from './outbox.ts';
import { pddIm } from './pdd.ts';
import { MarketplaceInbox } from './receive.ts';
import { marketplacePushRoutes } from './routes.ts';
import { taobaoIm } from './taobao.ts';

/** One inbox per chat service: the push route, the listeners and the polling job hand it what they receive. */
const inboxes = new WeakMap<ChatService, MarketplaceInbox>();
export function marketplaceInbox(ctx: AppContext, chat: ChatService): MarketplaceInbox {
  let inbox = inboxes.get(chat);
  if (!inbox) inboxes.set(chat, (inbox = new MarketplaceInbox(ctx.db, chat)));
  return inbox;
}

/** A polled batch at most this often keeps coming while the platform has more: a full one is followed at once. */
const POLL_BATCH = 200;
const POLL_BUDGET_MS = 10_000;
/** Conversations one delivery round claims. */
const DELIVER_BATCH = 100;

/**
 * Marketplace IM (docs/channels.md): each platform whose key is configured is on — Taobao polled (TMC), JD pushing to
 * kefu, Pinduoduo over its message service socket. A deployment (or a test) that set `ctx.marketplaces` keeps its own.
 */
export function marketplaceChannel(app: FastifyInstance, ctx: AppContext, chat: ChatService): void {
  ctx.marketplaces ??= fromConfig(ctx);
  const inbox = marketplaceInbox(ctx, chat);
  const adapters = () => ctx.marketplaces ?? {};
  marketplacePushRoutes(app, adapters, inbox);
  const listening: { close(): Promise<void> }[] = [];
  app.addHook('onReady', async () => {
    for (const adapter of Object.values(adapters()))
      if (adapter.listen)
        listening.push(
          adapter.listen({
            deliver: async (messages) => void (await inbox.receive(adapter.platform, messages)),
            unreadable: (id, reason) => {
              inbox.refused(adapter.platform, reason);
              app.log.warn({ im: { platform: adapter.platform, id, refused: reason } }, 'marketplace message unreadable');
            },
            status: (connected, detail) => inbox.connection(adapter.platform, connected, detail),
          }),
        );
  });
  app.addHook('preClose', async () => void (await Promise.all(listening.map((l) => l.close()))));
}

const at = (text: string) => scheduleText.parse(text);

/** The marketplaces' scheduled work: polling the platforms that are polled, sending answers back, pruning. */
export function marketplaceJobs(ctx: AppContext, chat: ChatService): Job[] {
  return [
    { name: 'marketplace.poll', schedule: at('every 1s'), run: () => pollMarketplaces(ctx, chat) },
    // Answers in marketplace conversations go out (leased per conversation: safe in every process).
    {
      name: 'marketplace.deliver',
      schedule: at('every 1s'),
      everyProcess: true,
      run: () => deliverWhileDue(ctx, chat),
    },
    { name: 'marketplace.prune', schedule: at('daily 04:30'), run: () => pruneImLog(ctx.db) },
  ];
}

/** Answers go out batch after batch while the batches come full (a busy second has more than one batch's worth). */
async function deliverWhileDue(ctx: AppContext, chat: ChatService): Promise<void> {
  const started = Date.now();
  while (
    (await deliverDueIm(ctx.db, chat, ctx.marketplaces ?? {}, DELIVER_BATCH)).claimed === DELIVER_BATCH &&
    Date.now() - started < POLL_BUDGET_MS
  );
}

/** Takes what the polled platforms have: batch after batch while they come full, each confirmed once stored. */
export async function pollMarketplaces(ctx: AppContext, chat: ChatService): Promise<void> {
  const inbox = marketplaceInbox(ctx, chat);
  for (const adapter of Object.values(ctx.marketplaces ?? {})) {
    if (!adapter.poll) continue;
    const started = Date.now();
    for (;;) {
      let batch;
      try {
        batch = await adapter.poll();
        inbox.connection(adapter.platform, true);
      } catch (err) {
        inbox.connection(adapter.platform, false, (err as Error).message);
        break;
      }
      for (const u of batch.unreadable) inbox.refused(adapter.platform, `${u.id}: ${u.reason}`);
      await inbox.receive(adapter.platform, batch.messages);
      await batch.confirm();
      if (batch.messages.length + batch.unreadable.length < POLL_BATCH || Date.now() - started > POLL_BUDGET_MS) break;
    }
  }
}

function fromConfig(ctx: AppContext): Partial<Record<Marketplace, MarketplaceIm>> {
  const c = ctx.config;
  const on: Partial<Record<Marketplace, MarketplaceIm>> = {};
  if (c.TAOBAO_APP_KEY) {
    needSettings('TAOBAO_APP_KEY', { TAOBAO_APP_SECRET: c.TAOBAO_APP_SECRET, TAOBAO_SESSION: c.TAOBAO_SESSION });
    on.taobao = taobaoIm({
      appKey: c.TAOBAO_APP_KEY,
      appSecret: c.TAOBAO_APP_SECRET!,
      session: c.TAOBAO_SESSION!,
      apiUrl: c.TAOBAO_API_URL,
      group: c.TAOBAO_TMC_GROUP,
    });
  }
  if (c.JD_APP_KEY) {
    needSettings('JD_APP_KEY', { JD_APP_SECRET: c.JD_APP_SECRET, JD_ACCESS_TOKEN: c.JD_ACCESS_TOKEN });
    on.jd = jdIm({ appKey: c.JD_APP_KEY, appSecret: c.JD_APP_SECRET!, accessToken: c.JD_ACCESS_TOKEN!, apiUrl: c.JD_API_URL });
  }
  if (c.PDD_CLIENT_ID) {
    needSettings('PDD_CLIENT_ID', { PDD_CLIENT_SECRET: c.PDD_CLIENT_SECRET, PDD_ACCESS_TOKEN: c.PDD_ACCESS_TOKEN });
    on.pdd = pddIm({
      clientId: c.PDD_CLIENT_ID,
      clientSecret: c.PDD_CLIENT_SECRET!,
      accessToken: c.PDD_ACCESS_TOKEN!,
      apiUrl: c.PDD_API_URL,
      messageUrl: c.PDD_MESSAGE_URL,
    });
  }
  return on;
}
