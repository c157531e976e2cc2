import type { Tx } from '../db/database.ts';
import { customerWrote } from '../tickets/clocks.ts';
import { createTicket } from '../tickets/create.ts';
import { writeTimelineEntry } from '../tickets/timeline.ts';

/**
 * What every inbound channel does with a shopper's message once it knows the customer and whether a ticket is
 * being continued: the same timeline entry and the same clocks, whatever the channel.
 */
export const INBOUND_SUBJECT_MAX = 200;

/** The shopper wrote on an open ticket: a `customer_message` entry, and the ticket reopens if it waited on them. */
export async function customerWroteOn(
  tx: Tx,
  ticketId: number,
  message: { channel: string; from: string; subject?: string; body: string },
): Promise<void> {
  await writeTimelineEntry(tx, ticketId, null, {
    kind: 'customer_message',
    data: {
      channel: message.channel,
      from: message.from,
      ...(message.subject !== undefined && { subject: message.subject.slice(0, INBOUND_SUBJECT_MAX) }),
    },
    body: message.body,
  });
  await customerWrote(tx, ticketId);
}

/** A new consultation ticket on the customer's file, opened by the shopper on `channel`. */
export async function openInboundTicket(
  tx: Tx,
  message: { channel: 'email' | 'sms' | 'phone'; subject: string; body: string; customerId: number | null },
): Promise<number> {
  const subject = message.subject.replace(/\s+/g, ' ').trim().slice(0, INBOUND_SUBJECT_MAX);
  const ticket = await createTicket(
    tx,
    { id: null },
    { type: 'consultation', subject, description: message.body, customerId: message.customerId, channel: message.channel },
  );
  return ticket.id;
}
