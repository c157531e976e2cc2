import type { FastifyInstance } from 'fastify';
import { chatChannels, tellShopperOfProgress } from '../aftersales/progress-notice.ts';
import { deliverDueEmails, type Mailer } from '../channels/email.ts';
import type { AppContext } from '../http/context.ts';
import { notifyAfterSaleMoved, notifyOrderConfirmed, notifyOrderDelayed, notifyOrderShipped } from '../notifications/listeners.ts';
import { flagMissedPromise } from '../orders/checks.ts';
import { onAfterSaleMoved, onOrderIngested, onSurveyAnswered, onTicketChanged } from '../follow-ups/rules.ts';
import { inspectClosedConversation } from '../quality/inspect.ts';
import { writeAfterSaleFact, writeConversationFact, writeTicketFacts } from '../reports/facts/writers.ts';
import { reevaluateAfter } from '../reports/defects/listener.ts';
import { surveyClosedAfterSale, surveyRatedChat, surveySolvedTicket } from '../surveys/listeners.ts';
import { redeemOrderCoupons } from '../coupons/service.ts';
import type { WebhookDeliverer } from '../integrations/deliver.ts';
import { queueEventSends } from '../integrations/queue.ts';
import { EventRoom } from './room.ts';
import { EVENT_TYPES, type EventType } from './types.ts';
import { redisWake } from './wake.ts';

declare module 'fastify' {
  interface FastifyInstance {
    events: EventRoom;
  }
}

/**
 * The app's event room with kefu's listeners. It delivers with the rest of the background work: from `onReady`
 * when SWEEP_INTERVAL_MS > 0 (tests deliver themselves with `app.events.deliverNow()`), until `preClose`.
 */
export async function eventRoom(app: FastifyInstance, ctx: AppContext, mail: Mailer | null, webhooks: WebhookDeliverer): Promise<EventRoom> {
  const { REDIS_URL, REDIS_PREFIX, SWEEP_INTERVAL_MS } = ctx.config;
  const wake = REDIS_URL ? await redisWake(REDIS_URL, REDIS_PREFIX, (err) => app.log.error({ err }, 'redis')) : undefined;
  const room = new EventRoom(ctx.db, { log: app.log, wake });
  // A reply's e-mail was queued in the reply's transaction: send it now rather than at the next delivery sweep.
  if (mail) {
    room.on('ticket.changed', 'email.send-reply', async (event) => {
      if (event.payload.kind === 'reply') await deliverDueEmails(ctx.db, mail);
    });
  }
  // A repair's progress reaches the shopper (their chat, else e-mail); `app.chat` is there by the time events arrive.
  const shopper = chatChannels(ctx.db, () => app.chat, mail);
  room.on('aftersale.progress', 'aftersales.progress-to-shopper', async (event) => {
    await tellShopperOfProgress(ctx.db, shopper, event.payload);
  });
  // A missed order promise raises the order's check for an agent (unconfirmed, unshipped).
  room.on('sla.breached', 'orders.flag-missed-promise', async (event) => {
    await flagMissedPromise(ctx.db, event.payload);
  });
  // Quality inspection (质检): every closed conversation an agent answered is scored once.
  room.on('conversation.closed', 'quality.inspect', async (event) => {
    await inspectClosedConversation(ctx.db, event.payload);
  });
  // Reporting facts: each case's row is rewritten whole when it moves (reports/facts).
  room.on(['conversation.closed', 'conversation.rated'], 'reports.conversation-facts', (event) =>
    writeConversationFact(ctx.db, event.payload.conversationId),
  );
  room.onBatch(['ticket.created', 'ticket.changed'], 'reports.ticket-facts', (events) =>
    writeTicketFacts(
      ctx.db,
      events.map((e) => e.payload.ticketId),
    ),
  );
  room.on('aftersale.moved', 'reports.aftersale-facts', (event) => writeAfterSaleFact(ctx.db, event.payload.afterSaleId));
  // Quality alarms: a case opened, or its product or root cause recorded, looks at that product's recent cases again.
  room.onBatch(['ticket.created', 'ticket.changed', 'aftersale.moved'], 'reports.defect-alarms', (events) => reevaluateAfter(ctx.db, events));
  // Satisfaction surveys: a solved ticket or closed after-sale is asked once; a chat's stars are its answered survey.
  room.on('ticket.changed', 'surveys.solved-ticket', (event) => surveySolvedTicket(ctx.db, event));
  room.on('aftersale.moved', 'surveys.closed-aftersale', (event) => surveyClosedAfterSale(ctx.db, event));
  room.on('conversation.rated', 'surveys.rated-chat', (event) => surveyRatedChat(ctx.db, event));
  // A ticket's survey answer is its CSAT in the reports.
  room.on('survey.answered', 'reports.ticket-csat', async (event) => {
    if (event.payload.caseKind === 'ticket') await writeTicketFacts(ctx.db, [event.payload.caseId]);
  });
  // Shopper notifications (notifications/): order confirmed, shipped, late; after-sale moves — queued through outreach, once each.
  room.on('order.confirmed', 'notifications.order-confirmed', async (event) => void (await notifyOrderConfirmed(ctx.db, event)));
  room.on('order.ingested', 'notifications.order-shipped', async (event) => void (await notifyOrderShipped(ctx.db, event)));
  room.on('sla.breached', 'notifications.order-delayed', async (event) => void (await notifyOrderDelayed(ctx.db, event)));
  room.on('aftersale.moved', 'notifications.aftersale-moved', async (event) => void (await notifyAfterSaleMoved(ctx.db, event)));
  // Coupons: an imported order that names one of kefu's codes in its coupon field redeems it.
  room.on('order.ingested', 'coupons.redeem', async (event) => void (await redeemOrderCoupons(ctx.db, event.payload.orderId)));
  // Follow-ups (回访): a solved case, a large or VIP order, a low survey score each open one (follow-ups/rules.ts).
  room.on('ticket.changed', 'follow-ups.case-solved', (event) => onTicketChanged(ctx.db, event.payload));
  room.on('aftersale.moved', 'follow-ups.aftersale-solved', (event) => onAfterSaleMoved(ctx.db, event.payload));
  room.on('order.ingested', 'follow-ups.order', (event) => onOrderIngested(ctx.db, event.payload));
  room.on('survey.answered', 'follow-ups.low-score', (event) => onSurveyAnswered(ctx.db, event.payload));
  // Outgoing webhooks (integrations/): every event goes to the subscriptions that want its type, delivered soon after.
  room.onBatch(Object.keys(EVENT_TYPES) as EventType[], 'integrations.webhooks', async (events) => {
    if ((await queueEventSends(ctx.db, events)) > 0) webhooks.nudge();
  });
  if (SWEEP_INTERVAL_MS > 0) {
    app.addHook('onReady', () => room.start());
    app.addHook('preClose', () => room.stop());
  }
  if (wake) app.addHook('onClose', () => wake.close());
  app.decorate('events', room);
  return room;
}
