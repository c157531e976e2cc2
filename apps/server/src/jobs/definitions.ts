import { deliverDueEmails, type Mailer } from '../channels/email.ts';
import type { ChatService } from '../conversations/chat-service.ts';
import type { EventRoom } from '../events/room.ts';
import { analyzeTables } from '../db/maintenance.ts';
import { pruneEvents } from '../events/store.ts';
import { pruneShopperCodes } from '../conversations/verification.ts';
import type { AppContext } from '../http/context.ts';
import { pruneWebhookDeliveries } from '../orders/webhook.ts';
import { pruneReviewDeliveries } from '../reviews/webhook.ts';
import { inspectMissed } from '../quality/catch-up.ts';
import { runScheduledBrief } from '../reports/briefs/service.ts';
import { sweepDefects } from '../reports/defects/sweep.ts';
import { backfillFacts } from '../reports/facts/backfill.ts';
import { recomputeSegments } from '../customers/segments/compute.ts';
import { sweepClocks } from '../sla/sweep.ts';
import { sendDueSurveys } from '../surveys/send.ts';
import { deliverDueOutreach } from '../outreach/deliver.ts';
import { runCareDay } from '../care/daily.ts';
import { openDeliveredFollowUps } from '../follow-ups/rules.ts';
import type { WebhookDeliverer } from '../integrations/deliver.ts';
import { pruneSends } from '../integrations/sends.ts';
import { channelJobs } from '../channels/adapters.ts';
import type { Job } from './runner.ts';
import { scheduleSchema, scheduleText } from './schedule-schema.ts';

/** Chat routing's cadence when SWEEP_INTERVAL_MS is 0 (no background jobs): what the jobs page shows. */
const DEFAULT_CHAT_EVERY_MS = 2000;

/**
 * kefu's background jobs (docs/operations.md#scheduled-jobs). Chat routing and e-mail delivery run in every
 * process every SWEEP_INTERVAL_MS: they are fast, safe in parallel (advisory lock, SKIP LOCKED, idempotent flags)
 * and users wait on them. The deadline sweeps and the pruning run once across processes.
 */
export function kefuJobs(ctx: AppContext, chat: ChatService, mail: Mailer | null, events: EventRoom, webhooks: WebhookDeliverer): Job[] {
  const fast = scheduleSchema.parse({ kind: 'interval', everyMs: ctx.config.SWEEP_INTERVAL_MS || DEFAULT_CHAT_EVERY_MS });
  const at = (text: string) => scheduleText.parse(text);
  const jobs: Job[] = [
    // Warnings and breaches of every promise: safe in every process (SKIP LOCKED), so a burst is shared out.
    { name: 'sla.sweep', schedule: at('every 1s'), everyProcess: true, run: () => sweepClocks(ctx.db, chat.hub) },
    { name: 'chat.dispatch', schedule: fast, everyProcess: true, run: () => chat.dispatchAndTell() },
    // Each process confirms the agents' sockets it holds: an agent is offline only when no live process holds one.
    { name: 'chat.presence-confirm', schedule: at('every 10s'), everyProcess: true, run: (now) => chat.presence.confirmSockets(now) },
    { name: 'webhooks.prune-deliveries', schedule: at('every 10m'), run: () => pruneWebhookDeliveries(ctx) },
    { name: 'reviews.prune-deliveries', schedule: at('every 10m'), run: () => pruneReviewDeliveries(ctx) },
    { name: 'shopper-codes.prune', schedule: at('every 10m'), run: () => pruneShopperCodes(ctx.db) },
    // Delivery starts at each commit; this finds what a process that died left, and retries failed deliveries.
    { name: 'events.deliver', schedule: at('every 5s'), run: () => events.deliverNow() },
    { name: 'events.prune', schedule: at('daily 04:00'), run: () => pruneEvents(ctx.db) },
    // The planner's statistics: PGlite has no autovacuum, and the reports' plans depend on them.
    { name: 'db.analyze', schedule: at('daily 04:30'), run: () => analyzeTables(ctx.db) },
    // Quality inspection of recent chats closed before its listener ran (an upgrade, a new shop's history) or missed.
    { name: 'quality.catch-up', schedule: at('every 10m'), run: (now) => inspectMissed(ctx.db, now) },
    // Facts for cases from before the listeners (an upgrade) or whose event a listener missed; batches.
    { name: 'reports.backfill-facts', schedule: at('every 10m'), run: () => backfillFacts(ctx.db) },
    // DOMAIN §7: the after-sales brief for the Friday review, the needs report by the 5th; each made and e-mailed once.
    { name: 'reports.weekly-aftersales-brief', schedule: at('Fri 17:00'), run: (now) => runScheduledBrief(ctx.db, mail, 'weekly_aftersales', now) },
    { name: 'reports.monthly-needs', schedule: at('1st of month 09:00'), run: (now) => runScheduledBrief(ctx.db, mail, 'monthly_needs', now) },
    // Quality alarms for cases the listener never saw (an upgrade, the demo's history, a missed event); also at start.
    { name: 'reports.defect-alarms', schedule: at('every 1h'), run: (now) => sweepDefects(ctx.db, now) },
    // Computed customer segments from orders and service history; also on demand from the admin page.
    { name: 'customers.segments', schedule: at('daily 03:30'), run: (now) => recomputeSegments(ctx.db, 'schedule', null, now) },
    // Satisfaction surveys whose delay after solving is over go out; links past their expiry are marked expired.
    { name: 'surveys.send-due', schedule: at('every 1m'), run: (now) => sendDueSurveys(ctx.db, now) },
    // Care greetings (care/): each enabled campaign's customers due today, with their coupons, queued through outreach once.
    // On PostgreSQL each campaign's run is split in two transactions side by side (two backends write a holiday's million).
    { name: 'care.daily', schedule: at('daily 09:00'), run: (now) => runCareDay(ctx.db, now, { parts: ctx.engine === 'postgres' ? 2 : 1 }) },
    // What kefu sends shoppers first (outreach/): due sends go out on their channel; safe in every process (SKIP LOCKED).
    {
      name: 'outreach.deliver',
      schedule: fast,
      everyProcess: true,
      run: (now) =>
        deliverDueOutreach(ctx.db, { tellChat: (visitor, agent, m) => chat.fanOut.message(visitor, [agent], m), sms: () => ctx.sms }, 100, now),
    },
    // Outgoing webhooks: each queued delivery goes out soon after its event; this sends the retries that came due.
    { name: 'integrations.webhooks-deliver', schedule: at('every 5s'), everyProcess: true, run: () => webhooks.deliverDue() },
    { name: 'integrations.webhooks-prune', schedule: at('daily 04:15'), run: () => pruneSends(ctx.db) },
    // The channels' own work (channels/adapters.ts): sending what they queued, pruning their logs.
    ...channelJobs(ctx, chat),
    // Follow-ups (回访) of deliveries: each order delivered lately gets one, due 3 days after (idempotent by key).
    { name: 'follow-ups.delivered', schedule: at('every 10m'), run: (now) => openDeliveredFollowUps(ctx.db, now) },
  ];
  if (mail) jobs.splice(2, 0, { name: 'email.deliver', schedule: fast, everyProcess: true, run: () => deliverDueEmails(ctx.db, mail) });
  return jobs;
}
