import { randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import {
  chooseCodeDestination, CODE_DIGITS, CODE_MAX_WRONG_TRIES, CODE_TTL_SECONDS, codeState, mayIssueCode, maskDestination,
  normalizeEmail, normalizePhone, type CodeChannel,
} from '@kefu/domain';
import { sql } from 'kysely';
import { secretHash } from '../auth/tokens.ts';
import type { SmsSender } from '../channels/sms.ts';
import type { Db } from '../db/database.ts';
import { badRequest, HttpError } from '../http/errors.ts';
import type { Shop, Visitor } from './chat-service.ts';
import { customerById, findOrCreateCustomer, linkVisitor } from './visitors.ts';

/** A refusal the shopper's widget shows in its own words, by `code`; `extra` goes into the error frame. */
export class VerificationError extends HttpError {
  constructor(status: number, code: string, message: string, readonly extra: Record<string, unknown> = {}) {
    super(status, code, message, extra);
  }
}

/** How codes can reach a shopper: an SMS gateway (or none), and whether e-mail goes out (SMTP configured). */
export interface CodeSenders { sms: SmsSender | null; email: boolean }

export interface CodeRequest { phone?: string; email?: string; orderNo?: string }

interface Target { channel: CodeChannel; destination: string; customerId: number | null }

const HOUR = sql<Date>`now() - interval '1 hour'`;

function hashCode(salt: string, code: string): string {
  return secretHash(`${salt}:${code}`);
}

/**
 * Where the code goes. A typed phone or address gets the code itself — that is what is being proved, whoever
 * it belongs to. An order number sends it to the order's customer's phone or address ON FILE, never to one the
 * shopper typed. An unknown order and an order with no way to reach its customer get the same answer.
 */
async function targetOf(db: Db, input: CodeRequest, senders: CodeSenders): Promise<Target> {
  const given = (['phone', 'email', 'orderNo'] as const).filter((k) => input[k] !== undefined);
  if (given.length !== 1) throw badRequest(given[1] ?? 'phone', 'give exactly one of phone, email or orderNo');
  if (input.phone !== undefined) {
    const phone = normalizePhone(input.phone);
    if (!phone) throw badRequest('phone', 'not a valid phone number');
    if (!senders.sms) throw unavailable('sms');
    return { channel: 'sms', destination: phone, customerId: null };
  }
  if (input.email !== undefined) {
    const email = normalizeEmail(input.email);
    if (!email) throw badRequest('email', 'not a valid e-mail address');
    if (!senders.email) throw unavailable('email');
    return { channel: 'email', destination: email, customerId: null };
  }
  const order = await db.selectFrom('orders').select('customer_id').where('order_no', '=', input.orderNo!.trim()).executeTakeFirst();
  const customer = order?.customer_id ? await db.transaction().execute((tx) => customerById(tx, order.customer_id!)) : null;
  const identities = customer
    ? await db.selectFrom('customer_identities').select(['kind', 'value']).where('customer_id', '=', customer.id).orderBy('id').execute()
    : [];
  const chosen = chooseCodeDestination(
    { phones: identities.filter((i) => i.kind === 'phone').map((i) => i.value), emails: identities.filter((i) => i.kind === 'email').map((i) => i.value) },
    { sms: senders.sms !== null, email: senders.email },
  );
  if ('refused' in chosen) {
    if (chosen.refused === 'cannot_verify') {
      throw new VerificationError(400, 'cannot_verify', 'orderNo: no code can be sent for this order; use your phone number or e-mail address');
    }
    throw unavailable(chosen.refused === 'sms_unavailable' ? 'sms' : 'email');
  }
  return { ...chosen, customerId: customer!.id };
}

function unavailable(channel: CodeChannel) {
  return channel === 'sms'
    ? new VerificationError(400, 'sms_unavailable', 'codes by SMS are not available here; use an e-mail address')
    : new VerificationError(400, 'email_unavailable', 'codes by e-mail are not available here; use a phone number');
}

/** Sends a new 6-digit code; earlier codes of the visitor stop working. Answers only the masked destination. */
export async function requestCode(db: Db, shop: Shop, visitor: Visitor, input: CodeRequest, senders: CodeSenders, now = new Date()) {
  const target = await targetOf(db, input, senders);
  const code = String(randomInt(0, 10 ** CODE_DIGITS)).padStart(CODE_DIGITS, '0');
  const issued = await db.transaction().execute(async (tx) => {
    // One request at a time per destination and per visitor, so concurrent requests cannot slip past the limits.
    await sql`select pg_advisory_xact_lock(hashtext(${`shopper-code:${target.destination}`}))`.execute(tx);
    await sql`select pg_advisory_xact_lock(hashtext(${`shopper-code-visitor:${visitor.id}`}))`.execute(tx);
    const recent = async (column: 'visitor_id' | 'destination', value: number | string) =>
      (await tx.selectFrom('shopper_codes').select('created_at').where(column, '=', value).where('created_at', '>', HOUR).execute()).map((r) => r.created_at);
    const allowed = mayIssueCode({ byVisitor: await recent('visitor_id', visitor.id), byDestination: await recent('destination', target.destination) }, now);
    if (!allowed.ok) return allowed;
    await tx.updateTable('shopper_codes').set({ used_at: now }).where('visitor_id', '=', visitor.id).where('used_at', 'is', null).execute();
    const salt = randomBytes(16).toString('hex');
    const row = await tx.insertInto('shopper_codes').values({
      shop_id: shop.id, visitor_id: visitor.id, customer_id: target.customerId, channel: target.channel, destination: target.destination,
      salt, code_hash: hashCode(salt, code), expires_at: new Date(now.getTime() + CODE_TTL_SECONDS * 1000),
    }).returning('id').executeTakeFirstOrThrow();
    if (target.channel === 'email') {
      // The outbox sends it (and retries); written in this transaction, so a code exists only with its e-mail.
      await tx.insertInto('email_outbox').values({ ticket_id: null, recipient: target.destination, subject: `【${shop.name}】在线客服验证码`, body: codeText(shop, code) }).execute();
    }
    return { ok: true as const, id: row.id };
  });
  if (!issued.ok) {
    throw new VerificationError(429, 'rate_limited', `too many codes; try again in ${issued.retryAfterSeconds} seconds`, { retryAfterSeconds: issued.retryAfterSeconds });
  }
  if (target.channel === 'sms') {
    try {
      await senders.sms!.send(target.destination, codeText(shop, code));
    } catch {
      await db.updateTable('shopper_codes').set({ used_at: new Date() }).where('id', '=', issued.id).execute();
      throw new VerificationError(400, 'sms_failed', 'the SMS could not be sent; try again later or use an e-mail address');
    }
  }
  return { via: target.channel, to: maskDestination(target.channel, target.destination), expiresInSeconds: CODE_TTL_SECONDS };
}

function codeText(shop: Shop, code: string): string {
  return `【${shop.name}】您的验证码是 ${code}，${CODE_TTL_SECONDS / 60} 分钟内有效。客服不会向您索要验证码，请勿告诉他人。\n`
    + `Your ${shop.name} verification code is ${code}, valid for ${CODE_TTL_SECONDS / 60} minutes. Never share it.`;
}

type Checked = { customer: { id: number; name: string } } | { refused: 'code_expired' | 'code_locked' } | { refused: 'code_wrong'; triesLeft: number };

/**
 * Checks the code against the visitor's latest one; right, it links the visitor to the customer proved (the
 * order's customer, or the file of the phone or address — a new one if there is none). A wrong try counts
 * even though the answer is an error: the count is written before anything is thrown.
 */
export async function verifyCode(db: Db, visitor: Visitor, code: string, now = new Date()) {
  const checked = await db.transaction().execute(async (tx): Promise<Checked> => {
    const row = await tx.selectFrom('shopper_codes').selectAll().where('visitor_id', '=', visitor.id)
      .orderBy('created_at', 'desc').orderBy('id', 'desc').limit(1).forUpdate().executeTakeFirst();
    if (!row) return { refused: 'code_expired' };
    const state = codeState({ expiresAt: row.expires_at, usedAt: row.used_at, wrongTries: row.wrong_tries }, now);
    if (state !== 'live') return { refused: state === 'locked' ? 'code_locked' : 'code_expired' };
    if (!timingSafeEqual(Buffer.from(hashCode(row.salt, code)), Buffer.from(row.code_hash))) {
      const tries = row.wrong_tries + 1;
      await tx.updateTable('shopper_codes').set({ wrong_tries: tries }).where('id', '=', row.id).execute();
      return tries >= CODE_MAX_WRONG_TRIES ? { refused: 'code_locked' } : { refused: 'code_wrong', triesLeft: CODE_MAX_WRONG_TRIES - tries };
    }
    await tx.updateTable('shopper_codes').set({ used_at: now }).where('id', '=', row.id).execute();
    const customer = row.customer_id
      ? await customerById(tx, row.customer_id)
      : await findOrCreateCustomer(tx, visitor.name, [{ kind: row.channel === 'sms' ? 'phone' : 'email', value: row.destination }]);
    await linkVisitor(tx, visitor.id, customer, `code_${row.channel}`);
    return { customer };
  });
  if ('customer' in checked) return checked.customer;
  throw refusal(checked);
}

function refusal(r: Exclude<Checked, { customer: unknown }>): VerificationError {
  if (r.refused === 'code_wrong') return new VerificationError(400, 'code_wrong', `code: wrong code; ${r.triesLeft} tries left`, { triesLeft: r.triesLeft });
  if (r.refused === 'code_locked') return new VerificationError(400, 'code_locked', 'code: too many wrong tries; ask for a new code');
  return new VerificationError(400, 'code_expired', 'code: no valid code (expired or already used); ask for a new code');
}
