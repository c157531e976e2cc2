import { deliverDueEmails, type Mailer } from '../channels/email.ts';
import type { ChatService } from '../conversations/chat-service.ts';
import type { EventRoom } from '../events/room.ts';
import { analyzeTables } from '../db/maintenance.ts';
import { pruneEvents } from '../events/store.ts';
import { pruneShopperCodes } from '../conversations/verification.ts';
import type { AppContext } from '../http/context.ts';
import { pruneWebhookDeliveries } from '../orders/webhook.ts';
import { inspectMissed } from '../quality/catch-up.ts';
import { runScheduledBrief } from '../reports/briefs/service.ts';
import { sweepDefects } from '../reports/defects/sweep.ts';
import { backfillFacts } from '../reports/facts/backfill.ts';
import { sweepClocks } from '../sla/sweep.ts';
import type { Job } from './runner.ts';
import { scheduleSchema, scheduleText } from './schedule-schema.ts';

/** Chat routing's cadence when SWEEP_INTERVAL_MS is 0 (no background jobs): what the jobs page shows. */
const DEFAULT_CHAT_EVERY_MS = 2000;

/**
 * kefu's background jobs (docs/operations.md#scheduled-jobs). Chat routing and e-mail delivery run in every
 * process every SWEEP_INTERVAL_MS: they are fast, safe in parallel (advisory lock, SKIP LOCKED, idempotent flags)
 * and users wait on them. The deadline sweeps and the pruning run once across processes.
 */
export function kefuJobs(ctx: AppContext, chat: ChatService, mail: Mailer | null, events: EventRoom): Job[] {
  const fast = scheduleSchema.parse({ kind: 'interval', everyMs: ctx.config.SWEEP_INTERVAL_MS || DEFAULT_CHAT_EVERY_MS });
  const at = (text: string) => scheduleText.parse(text);
  const jobs: Job[] = [
    // Warnings and breaches of every promise: safe in every process (SKIP LOCKED), so a burst is shared out.
    { name: 'sla.sweep', schedule: at('every 1s'), everyProcess: true, run: () => sweepClocks(ctx.db, chat.hub) },
    { name: 'chat.dispatch', schedule: fast, everyProcess: true, run: () => chat.dispatchAndTell() },
    // Each process confirms the agents' sockets it holds: an agent is offline only when no live process holds one.
    { name: 'chat.presence-confirm', schedule: at('every 10s'), everyProcess: true, run: (now) => chat.presence.confirmSockets(now) },
    { name: 'webhooks.prune-deliveries', schedule: at('every 10m'), run: () => pruneWebhookDeliveries(ctx) },
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
  ];
  if (mail) jobs.splice(2, 0, { name: 'email.deliver', schedule: fast, everyProcess: true, run: () => deliverDueEmails(ctx.db, mail) });
  return jobs;
}
