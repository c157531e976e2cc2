/**
 * Phone calls (apps/server/src/channels/phone): the events a telephony system (CTI) reports, and a call an agent logs
 * by hand on a ticket. docs/channels.md#phone.
 */
import { z } from 'zod';

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

export const ManualCallAnswer = z.object({ id: z.number().int().positive(), entryId: z.string() });
