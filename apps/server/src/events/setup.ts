import type { FastifyInstance } from 'fastify';
import { chatChannels, tellShopperOfProgress } from '../aftersales/progress-notice.ts';
import { deliverDueEmails, type Mailer } from '../channels/email.ts';
import type { AppContext } from '../http/context.ts';
import { flagMissedPromise } from '../orders/checks.ts';
import { inspectClosedConversation } from '../quality/inspect.ts';
import { writeAfterSaleFact, writeConversationFact, writeTicketFact } from '../reports/facts/writers.ts';
import { reevaluateAfter } from '../reports/defects/listener.ts';
import { EventRoom } from './room.ts';
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
export async function eventRoom(app: FastifyInstance, ctx: AppContext, mail: Mailer | null): Promise<EventRoom> {
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
  room.on(['ticket.created', 'ticket.changed'], 'reports.ticket-facts', (event) => writeTicketFact(ctx.db, event.payload.ticketId));
  room.on('aftersale.moved', 'reports.aftersale-facts', (event) => writeAfterSaleFact(ctx.db, event.payload.afterSaleId));
  // Quality alarms: a case opened, or its product or root cause recorded, looks at that product's recent cases again.
  room.on(['ticket.created', 'ticket.changed', 'aftersale.moved'], 'reports.defect-alarms', (event) => reevaluateAfter(ctx.db, event));
  if (SWEEP_INTERVAL_MS > 0) {
    app.addHook('onReady', () => room.start());
    app.addHook('preClose', () => room.stop());
  }
  if (wake) app.addHook('onClose', () => wake.close());
  app.decorate('events', room);
  return room;
}
