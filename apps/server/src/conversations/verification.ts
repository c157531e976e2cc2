import { randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  chooseCodeDestination,
  CODE_DIGITS,
  CODE_MAX_WRONG_TRIES,
  CODE_TTL_SECONDS,
  codeRouteUnavailable,
  codeState,
  destinationOpen,
  mayRequestCode,
  maskDestination,
  normalizeEmail,
  normalizePhone,
  sendsNewCode,
  windowRetryAfter,
  type CodeChannel,
  type CodeRequestLimits,
  type Counted,
} from '@kefu/domain';
import { sql } from 'kysely';
import { secretHash } from '../auth/tokens.ts';
import type { SmsGateway } from '../channels/sms/gateway.ts';
import { sendSmsNow } from '../channels/sms/outbox.ts';
import type { Config } from '../config.ts';
import type { Db, Tx } from '../db/database.ts';
import { badRequest, HttpError } from '../http/errors.ts';
import { customerById, findOrCreateCustomer, linkVisitor, type Shop, type Visitor } from './visitors.ts';

/** A refusal the shopper's widget shows in its own words, by `code`; its details go into the error frame. */
export class VerificationError extends HttpError {}

/** How codes can reach a shopper: an SMS gateway (or none), and whether e-mail goes out (SMTP configured). */
export interface CodeSenders {
  sms: SmsGateway | null;
  email: boolean;
  /** Told about every SMS that failed, answered or not (an order number's failure is never answered). */
  onSmsFailure?: (err: unknown) => void;
}

export interface CodeLimits extends CodeRequestLimits {
  wrongTriesPerIpPerHour: number;
  answerMs: number;
}

export function codeLimits(config: Config): CodeLimits {
  return {
    perIpPerHour: config.SHOPPER_CODES_PER_IP_PER_HOUR,
    perShopPerMinute: config.SHOPPER_CODES_PER_SHOP_PER_MINUTE,
    perShopPerHour: config.SHOPPER_CODES_PER_SHOP_PER_HOUR,
    wrongTriesPerIpPerHour: config.SHOPPER_CODE_WRONG_TRIES_PER_IP_PER_HOUR,
    answerMs: config.SHOPPER_CODE_ANSWER_MS,
  };
}

/** Who asks: the visitor and the client address the socket came from. */
export interface Asker {
  visitor: Visitor;
  ip: string;
}

export interface CodeRequest {
  phone?: string;
  email?: string;
  orderNo?: string;
}

interface Target {
  channel: CodeChannel;
  destination: string;
  customerId: number | null;
}
type Wanted = { typed: Target } | { orderNo: string };
interface NewCode {
  id: string;
  target: Target;
  code: string;
  text: string;
}

const HOUR_MS = 3600_000;
const hourBefore = (now: Date) => new Date(now.getTime() - HOUR_MS);

function hashCode(salt: string, code: string): string {
  return secretHash(`${salt}:${code}`);
}

/** Serialises the requests and tries that count against one visitor, address, shop or destination, across processes. */
async function lock(tx: Tx, key: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${`shopper-code:${key}`}))`.execute(tx);
}

/** What is asked for, checked against the input and the configuration only — nothing is looked up yet. */
function wantedOf(input: CodeRequest, senders: CodeSenders): Wanted {
  const given = (['phone', 'email', 'orderNo'] as const).filter((k) => input[k] !== undefined);
  if (given.length !== 1) throw badRequest(given[1] ?? 'phone', 'give exactly one of phone, email or orderNo');
  const can = { sms: senders.sms !== null, email: senders.email };
  let typed: Target | null = null;
  if (input.phone !== undefined) {
    const phone = normalizePhone(input.phone);
    if (!phone) throw badRequest('phone', 'not a valid phone number');
    typed = { channel: 'sms', destination: phone, customerId: null };
  } else if (input.email !== undefined) {
    const email = normalizeEmail(input.email);
    if (!email) throw badRequest('email', 'not a valid e-mail address');
    typed = { channel: 'email', destination: email, customerId: null };
  }
  const unavailable = codeRouteUnavailable(given[0]!, can);
  if (unavailable) throw unavailableError(unavailable);
  return typed ? { typed } : { orderNo: input.orderNo!.trim() };
}

function unavailableError(code: 'sms_unavailable' | 'email_unavailable' | 'codes_unavailable') {
  const message = {
    sms_unavailable: 'codes by SMS are not available here; use an e-mail address',
    email_unavailable: 'codes by e-mail are not available here; use a phone number',
    codes_unavailable: 'no codes can be sent here (no SMS gateway and no e-mail); leave a message instead',
  }[code];
  return new VerificationError(code, message);
}

/**
 * An order number sends the code to its customer's phone or address ON FILE, never to one the shopper typed.
 * The same queries run for an unknown order, so neither the answer nor the work tells whether it exists.
 */
async function orderTarget(tx: Tx, orderNo: string, senders: CodeSenders): Promise<Target | null> {
  const order = await tx.selectFrom('orders').select('customer_id').where('order_no', '=', orderNo).executeTakeFirst();
  const customer = order?.customer_id ? await customerById(tx, order.customer_id) : null;
  const identities = await tx
    .selectFrom('customer_identities')
    .select(['kind', 'value'])
    .where('customer_id', '=', customer?.id ?? -1)
    .orderBy('id')
    .execute();
  const chosen = chooseCodeDestination(
    {
      phones: identities.filter((i) => i.kind === 'phone').map((i) => i.value),
      emails: identities.filter((i) => i.kind === 'email').map((i) => i.value),
    },
    { sms: senders.sms !== null, email: senders.email },
  );
  return chosen && customer ? { ...chosen, customerId: customer.id } : null;
}

async function recentRequests(tx: Tx, shopId: number, asker: Asker, now: Date) {
  const times = async (column: 'visitor_id' | 'ip' | 'shop_id', value: number | string) =>
    (
      await tx.selectFrom('shopper_code_requests').select('created_at').where(column, '=', value).where('created_at', '>', hourBefore(now)).execute()
    ).map((r) => r.created_at);
  return { byVisitor: await times('visitor_id', asker.visitor.id), byIp: await times('ip', asker.ip), byShop: await times('shop_id', shopId) };
}

/**
 * A new code to the destination, unless one went there within the minute or five unused ones this hour: then the
 * latest one sent serves this request too (and keeps working for another 10 minutes), so nobody is locked out.
 */
async function codeFor(tx: Tx, shop: Shop, visitor: Visitor, target: Target, now: Date): Promise<NewCode | null> {
  await lock(tx, `destination:${target.destination}`);
  const unused = await tx
    .selectFrom('shopper_codes')
    .select(['id', 'created_at'])
    .where('destination', '=', target.destination)
    .where('used_at', 'is', null)
    .where('created_at', '>', hourBefore(now))
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  const expiresAt = new Date(now.getTime() + CODE_TTL_SECONDS * 1000);
  if (
    !sendsNewCode(
      unused.map((c) => c.created_at),
      now,
    )
  ) {
    await tx
      .updateTable('shopper_codes')
      .set({ expires_at: sql<Date>`greatest(expires_at, ${expiresAt})` })
      .where('id', '=', unused[0]!.id)
      .execute();
    return null;
  }
  const code = String(randomInt(0, 10 ** CODE_DIGITS)).padStart(CODE_DIGITS, '0');
  const salt = randomBytes(16).toString('hex');
  const row = await tx
    .insertInto('shopper_codes')
    .values({
      shop_id: shop.id,
      visitor_id: visitor.id,
      customer_id: target.customerId,
      channel: target.channel,
      destination: target.destination,
      salt,
      code_hash: hashCode(salt, code),
      expires_at: expiresAt,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (target.channel === 'email') {
    // The outbox sends it (and retries); written in this transaction, so a code exists only with its e-mail.
    await tx
      .insertInto('email_outbox')
      .values({ ticket_id: null, recipient: target.destination, subject: `【${shop.name}】在线客服验证码`, body: codeText(shop, code) })
      .execute();
  }
  return { id: row.id, target, code, text: codeText(shop, code) };
}

/**
 * Takes a request for a code. Limits (per visitor, per client address, per shop) are checked before anything is
 * looked up. A typed phone or address is answered with its masked self; an order number always with the same
 * `{via: 'order'}`, whether the order exists, can be reached, or a code actually went out — and no sooner than
 * `limits.answerMs`, an SMS gateway's delay included.
 */
export async function requestCode(db: Db, shop: Shop, asker: Asker, input: CodeRequest, senders: CodeSenders, limits: CodeLimits, now = new Date()) {
  const wanted = wantedOf(input, senders);
  const answerAt = Date.now() + limits.answerMs;
  try {
    const taken = await db.transaction().execute(async (tx) => {
      await lock(tx, `visitor:${asker.visitor.id}`);
      await lock(tx, `ip:${asker.ip}`);
      await lock(tx, `shop:${shop.id}`);
      const allowed = mayRequestCode(await recentRequests(tx, shop.id, asker, now), limits, now);
      if (!allowed.ok) return allowed;
      const target = 'typed' in wanted ? wanted.typed : await orderTarget(tx, wanted.orderNo, senders);
      await tx
        .insertInto('shopper_code_requests')
        .values({
          shop_id: shop.id,
          visitor_id: asker.visitor.id,
          ip: asker.ip,
          channel: target?.channel ?? null,
          destination: target?.destination ?? null,
          customer_id: target?.customerId ?? null,
          created_at: now,
        })
        .execute();
      return { ok: true as const, code: target ? await codeFor(tx, shop, asker.visitor, target, now) : null };
    });
    if (!taken.ok) {
      throw new VerificationError('rate_limited', `too many codes; try again in ${taken.retryAfterSeconds} seconds`, {
        retryAfterSeconds: taken.retryAfterSeconds,
      });
    }
    if (taken.code?.target.channel === 'sms') {
      const failed = await Promise.race([sendSms(db, taken.code, senders), sleep(Math.max(0, answerAt - Date.now()), false)]);
      // Only a phone the shopper typed hears of a failure; for an order number it would say a customer exists.
      if (failed && 'typed' in wanted)
        throw new VerificationError('sms_failed', 'the SMS could not be sent; try again later or use an e-mail address');
    }
    if ('orderNo' in wanted) return { via: 'order' as const, expiresInSeconds: CODE_TTL_SECONDS };
    const { channel, destination } = wanted.typed;
    return { via: channel, to: maskDestination(channel, destination), expiresInSeconds: CODE_TTL_SECONDS };
  } finally {
    await sleep(Math.max(0, answerAt - Date.now()));
  }
}

/** Sends the text; on failure the code is withdrawn (a new request may send another at once). True when it failed. */
function sendSms(db: Db, code: NewCode, senders: CodeSenders): Promise<boolean> {
  const message = { phone: code.target.destination, kind: 'verification' as const, params: { code: code.code }, text: code.text };
  return sendSmsNow(db, senders.sms!, message, { customerId: code.target.customerId }).then(
    () => false,
    async (err: unknown) => {
      await db
        .updateTable('shopper_codes')
        .set({ used_at: new Date() })
        .where('id', '=', code.id)
        .execute()
        .catch(() => undefined);
      senders.onSmsFailure?.(err);
      return true;
    },
  );
}

function codeText(shop: Shop, code: string): string {
  return (
    `【${shop.name}】您的验证码是 ${code}，${CODE_TTL_SECONDS / 60} 分钟内有效。客服不会向您索要验证码，请勿告诉他人。\n` +
    `Your ${shop.name} verification code is ${code}, valid for ${CODE_TTL_SECONDS / 60} minutes. Never share it.`
  );
}

type Checked =
  | { customer: { id: number; name: string } }
  | { refused: 'code_expired' | 'code_locked' }
  | { refused: 'code_wrong'; triesLeft: number }
  | { refused: 'too_many_tries'; retryAfterSeconds: number };

async function wrongTries(tx: Tx, column: 'ip' | 'destination', values: string[], now: Date): Promise<Counted[]> {
  const rows = await tx
    .selectFrom('shopper_code_requests')
    .select(['created_at', 'wrong_tries'])
    .where(column, 'in', values)
    .where('created_at', '>', hourBefore(now))
    .where('wrong_tries', '>', 0)
    .execute();
  return rows.map((r) => ({ at: r.created_at, count: r.wrong_tries }));
}

/**
 * Checks the code against the latest one sent to the destination of the visitor's latest request; right, it links
 * the visitor to the customer proved (the order's customer, or the file of the phone or address — a new one if
 * there is none). The visible answer depends only on the visitor's own request and tries: a request that found no
 * destination, a destination with 10 wrong tries this hour and a wrong code are all `code_wrong`. A wrong try
 * counts even though the answer is an error: the count is written before anything is thrown.
 */
export async function verifyCode(db: Db, asker: Asker, code: string, limits: CodeLimits, now = new Date()) {
  const checked = await db.transaction().execute(async (tx): Promise<Checked> => {
    const request = await tx
      .selectFrom('shopper_code_requests')
      .selectAll()
      .where('visitor_id', '=', asker.visitor.id)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .forUpdate()
      .executeTakeFirst();
    if (!request) return { refused: 'code_expired' };
    // Tries count against the address that asked for the code and the one trying it, so switching between them gains nothing.
    const ips = [...new Set([request.ip, asker.ip])].sort();
    for (const ip of ips) await lock(tx, `ip:${ip}`);
    const wait = windowRetryAfter(await wrongTries(tx, 'ip', ips, now), limits.wrongTriesPerIpPerHour, 3600, now);
    if (wait !== null) return { refused: 'too_many_tries', retryAfterSeconds: wait };
    const expiresAt = new Date(request.created_at.getTime() + CODE_TTL_SECONDS * 1000);
    const state = codeState({ expiresAt, usedAt: request.used_at, wrongTries: request.wrong_tries }, now);
    if (state !== 'live') return { refused: state === 'locked' ? 'code_locked' : 'code_expired' };

    // The same work whether or not the request found a destination.
    const destination = request.destination ?? '';
    await lock(tx, `destination:${destination}`);
    const open = destinationOpen(await wrongTries(tx, 'destination', [destination], now), now);
    const latest = await tx
      .selectFrom('shopper_codes')
      .select(['salt', 'code_hash', 'expires_at'])
      .where('destination', '=', destination)
      .where('used_at', 'is', null)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    const given = hashCode(latest?.salt ?? '', code);
    const matches = timingSafeEqual(Buffer.from(given), Buffer.from(latest?.code_hash ?? hashCode('-', '-')));
    if (!(matches && open && request.destination && latest!.expires_at > now)) {
      const tries = request.wrong_tries + 1;
      await tx.updateTable('shopper_code_requests').set({ wrong_tries: tries }).where('id', '=', request.id).execute();
      return tries >= CODE_MAX_WRONG_TRIES ? { refused: 'code_locked' } : { refused: 'code_wrong', triesLeft: CODE_MAX_WRONG_TRIES - tries };
    }
    await tx.updateTable('shopper_code_requests').set({ used_at: now }).where('id', '=', request.id).execute();
    // Proved: every code out to this destination is spent, and its hourly count starts afresh.
    await tx.updateTable('shopper_codes').set({ used_at: now }).where('destination', '=', destination).where('used_at', 'is', null).execute();
    const customer = request.customer_id
      ? await customerById(tx, request.customer_id)
      : await findOrCreateCustomer(tx, asker.visitor.name, [{ kind: request.channel === 'sms' ? 'phone' : 'email', value: destination }]);
    await linkVisitor(tx, asker.visitor.id, customer, `code_${request.channel}`);
    return { customer };
  });
  if ('customer' in checked) return checked.customer;
  throw refusal(checked);
}

function refusal(r: Exclude<Checked, { customer: unknown }>): VerificationError {
  switch (r.refused) {
    case 'code_wrong':
      return new VerificationError('code_wrong', `code: wrong code; ${r.triesLeft} tries left`, { triesLeft: r.triesLeft });
    case 'code_locked':
      return new VerificationError('code_locked', 'code: too many wrong tries; ask for a new code');
    case 'too_many_tries':
      return new VerificationError('too_many_tries', `code: too many wrong codes from this network; try again in ${r.retryAfterSeconds} seconds`, {
        retryAfterSeconds: r.retryAfterSeconds,
      });
    case 'code_expired':
      return new VerificationError('code_expired', 'code: no valid code (expired or already used); ask for a new code');
  }
}

/** Requests and codes outlive every limit window (an hour) by a day, then go: they hold client addresses and contacts. */
export async function pruneShopperCodes(db: Db, now = new Date()): Promise<void> {
  const before = new Date(now.getTime() - 25 * 3600_000);
  await db.deleteFrom('shopper_codes').where('created_at', '<', before).execute();
  await db.deleteFrom('shopper_code_requests').where('created_at', '<', before).execute();
}
