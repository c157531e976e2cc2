/**
 * Phone calls (apps/server/src/channels/phone): the events a telephony system (CTI) reports, and a call an agent logs
 * by hand on a ticket. docs/channels.md#phone.
 */
import { z } from 'zod';
import { Timestamp } from './common.ts';

const Text = (max: number) => z.string().trim().min(1).max(max);

export const CallEventInput = z.object({
  callId: Text(100).describe("the CTI's id of the call: every event of one call carries it"),
  event: z.enum(['ringing', 'answered', 'ended']),
  direction: z.enum(['in', 'out']),
  customerNumber: Text(32).describe("the shopper's number: the caller of an incoming call, the callee of an outgoing one"),
  agentExtension: Text(32).optional(),
  at: z.iso.datetime({ offset: true }).transform((s) => new Date(s)),
  durationSeconds: z.number().int().min(0).max(86_400).optional().describe('talk time, on `ended`'),
  recordingUrl: z
    .url({ protocol: /^https?$/, error: 'must be an http(s):// URL' })
    .max(2000)
    .optional()
    .describe('where the recording can be played, on `ended`'),
});

export const CallEventResult = z.object({
  callId: z.number().int().positive(),
  state: z.enum(['ringing', 'answered', 'ended', 'missed']),
  ticketId: z.number().int().positive().nullable().describe('the ticket the call was put on, once it ended'),
  changed: z.boolean().describe('false: the event was already known (a replay) or came after the call ended'),
});

export const ManualCallInput = z.object({
  direction: z.enum(['in', 'out']),
  durationSeconds: z.number().int().min(0).max(86_400).describe('0: not reached'),
  note: Text(2000),
  startedAt: z.iso
    .datetime({ offset: true })
    .transform((s) => new Date(s))
    .optional(),
});

/** POST /api/customers/:id/calls: click-to-call, through the shop's telephony system. */
export const DialInput = z.object({
  phone: Text(32).optional().describe("which of the customer's numbers; absent: the first on file"),
  ticketId: z.number().int().positive().optional().describe('the ticket the call is about: it goes on its timeline when it ends'),
});

export const DialAnswer = z.object({
  call: z.object({
    id: z.number().int().positive(),
    callId: z.string().describe("the id kefu gave the call: the CTI's events for it carry it"),
    to: z.string().describe('the number being called, masked'),
    extension: z.string().describe("the agent's extension the CTI rings first"),
    ticketId: z.number().int().positive().nullable(),
    startedAt: Timestamp,
  }),
});

/** GET /api/channels/phone/dialing: whether click-to-call is on, and this agent's extension. */
export const DialingStatus = z.object({ available: z.boolean(), extension: z.string().nullable() });

export const ManualCallAnswer = z.object({ id: z.number().int().positive(), entryId: z.string() });
