import { randomUUID } from 'node:crypto';
import { maskPhone, normalizePhone } from '@kefu/domain';
import { audit } from '../../audit/audit.ts';
import type { Db } from '../../db/database.ts';
import type { AppContext, Principal } from '../../http/context.ts';
import { badRequest, notFound, refuse } from '../../http/errors.ts';
import { signedHeaders } from '../../integrations/signing.ts';

/** The telephony system has this long to say it took the call (it rings the extension, then the customer). */
const CTI_TIMEOUT_MS = 5000;

export interface DialRequest {
  customerId: number;
  /** Which of the customer's numbers; absent: the first on file. */
  phone?: string | undefined;
  /** The ticket the call is about: the call goes on its timeline when it ends. */
  ticketId?: number | undefined;
}

/** Whether this agent can click to call: the CTI endpoint is set and they have an extension. */
export async function dialingStatus(ctx: AppContext, agentId: number) {
  return { available: Boolean(ctx.config.CTI_CALL_URL && ctx.config.CTI_WEBHOOK_SECRET), extension: await extensionOf(ctx.db, agentId) };
}

/**
 * Click-to-call (docs/channels.md#click-to-call): kefu asks the shop's telephony system to ring the agent's extension
 * and connect it to the customer's number, so the number never has to be read off the screen and typed. The call is
 * stored first under the id kefu gives it, so the CTI's events for it (ringing, answered, ended; the same webhook as
 * any call) find it whenever they arrive; if the CTI does not take the call, the row goes and the agent is told why.
 */
export async function dialCustomer(ctx: AppContext, agent: Principal, req: DialRequest) {
  const url = ctx.config.CTI_CALL_URL;
  const secret = ctx.config.CTI_WEBHOOK_SECRET;
  if (!url || !secret) throw refuse('click_to_call_off');
  const extension = await extensionOf(ctx.db, agent.id);
  if (!extension) throw refuse('no_extension');
  const phone = await numberToCall(ctx.db, req);
  const callId = `kefu-${randomUUID()}`;
  const call = await ctx.db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('calls')
      .values({
        source: 'cti',
        call_id: callId,
        direction: 'out',
        phone,
        customer_id: req.customerId,
        ticket_id: req.ticketId ?? null,
        agent_id: agent.id,
        agent_extension: extension,
        state: 'ringing',
        started_at: new Date(),
      })
      .returning(['id', 'started_at'])
      .executeTakeFirstOrThrow();
    await audit(tx, { actorId: agent.id, action: 'customer.call', entity: 'customer', entityId: req.customerId, detail: { callId } });
    return row;
  });
  try {
    await askCti(url, secret, { callId, agentExtension: extension, customerNumber: phone, agent: { id: agent.id, name: agent.displayName } });
  } catch (err) {
    // Only a call the CTI never reported on goes: one it already rang stays, with whatever it said.
    await ctx.db.deleteFrom('calls').where('id', '=', call.id).where('answered_at', 'is', null).where('ended_at', 'is', null).execute();
    const reason = (err as Error).message;
    throw refuse('cti_unavailable', `the telephony system did not take the call: ${reason}`, { reason });
  }
  return { id: call.id, callId, to: maskPhone(phone), extension, ticketId: req.ticketId ?? null, startedAt: call.started_at };
}

async function extensionOf(db: Db, userId: number): Promise<string | null> {
  const row = await db.selectFrom('users').select('phone_extension').where('id', '=', userId).executeTakeFirst();
  return row?.phone_extension ?? null;
}

/** The customer's number to ring: the one asked for if it is on their file, else the first; the ticket must be theirs. */
async function numberToCall(db: Db, req: DialRequest): Promise<string> {
  const customer = await db.selectFrom('customers').select(['id', 'merged_into_id']).where('id', '=', req.customerId).executeTakeFirst();
  if (!customer || customer.merged_into_id !== null) throw notFound('customer');
  if (req.ticketId !== undefined) {
    const ticket = await db.selectFrom('tickets').select('customer_id').where('id', '=', req.ticketId).executeTakeFirst();
    if (!ticket || ticket.customer_id !== req.customerId) throw badRequest('body.ticketId', "not a ticket of this customer's");
  }
  const numbers = await db
    .selectFrom('customer_identities')
    .select('value')
    .where('customer_id', '=', req.customerId)
    .where('kind', '=', 'phone')
    .orderBy('id')
    .execute();
  if (req.phone === undefined) {
    if (!numbers[0]) throw badRequest('customer', 'the customer has no phone number on file');
    return numbers[0].value;
  }
  const wanted = normalizePhone(req.phone);
  const match = numbers.find((n) => n.value === wanted);
  if (!match) throw badRequest('body.phone', "not one of the customer's numbers");
  return match.value;
}

interface CtiCallRequest {
  callId: string;
  agentExtension: string;
  customerNumber: string;
  agent: { id: number; name: string };
}

/** POST to the CTI, signed like kefu's webhooks; any 2xx means it is ringing the extension. */
async function askCti(url: string, secret: string, body: CtiCallRequest): Promise<void> {
  const text = JSON.stringify(body);
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signedHeaders(secret, text) },
      body: text,
      signal: AbortSignal.timeout(CTI_TIMEOUT_MS),
    });
  } catch (err) {
    throw new Error((err as Error).name === 'TimeoutError' ? `no answer within ${CTI_TIMEOUT_MS / 1000} s` : (err as Error).message, { cause: err });
  }
  if (res.ok) return;
  const answer = await res.text();
  let reason = answer.slice(0, 200);
  try {
    const parsed = JSON.parse(answer) as { message?: unknown };
    if (typeof parsed.message === 'string') reason = parsed.message.slice(0, 200);
  } catch {
    // not JSON: the text itself
  }
  throw new Error(`HTTP ${res.status}${reason ? `: ${reason}` : ''}`);
}
