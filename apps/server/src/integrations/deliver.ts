import http from 'node:http';
import https from 'node:https';
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { Repeater, type RunOutcome } from '../events/repeater.ts';
import { signedHeaders } from './signing.ts';
import { guardedLookup } from './targets.ts';

/** Tries per delivery: back-off from 30 s doubling to at most 6 h, about 15 hours in all before it is marked failed. */
export const MAX_ATTEMPTS = 12;
const MAX_DELAY_SECONDS = 6 * 3600;
/** A claimed delivery is not claimed again for this long: more than a try can take (the timeout), less than a retry's wait. */
const LEASE_SECONDS = 60;

export interface DelivererOptions {
  allowPrivate: boolean;
  log: { error(obj: object, msg: string): void };
  /** Requests in flight at once from this process. */
  concurrency?: number;
  /** Deliveries claimed per pass. */
  batch?: number;
  timeoutMs?: number;
}

interface Claimed {
  id: number;
  subscription_id: number;
  event_type: string;
  event_id: number | null;
  body: string;
  attempts: number;
  url: string;
  secret: string;
}
interface Outcome {
  id: number;
  subscriptionId: number;
  ok: boolean;
  status: number | null;
  error: string | null;
  ms: number;
  /** A test ping is tried once. */
  final: boolean;
}

/**
 * Sends queued webhook deliveries (docs/webhooks.md). Any process may run a pass: deliveries are claimed with a
 * lease under SKIP LOCKED, posted outside any transaction over kept-alive connections, and their outcomes written in
 * one statement per pass. A delivery whose subscription is switched off waits until it is switched on again.
 */
export class WebhookDeliverer {
  private readonly repeater: Repeater;
  private readonly agents: { http: http.Agent; https: https.Agent };
  private readonly concurrency: number;
  private readonly batch: number;
  private readonly timeoutMs: number;

  constructor(
    private readonly db: Db,
    private readonly options: DelivererOptions,
  ) {
    this.concurrency = options.concurrency ?? 64;
    this.batch = options.batch ?? 500;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    const agent = { keepAlive: true, maxSockets: this.concurrency, lookup: guardedLookup(options.allowPrivate) };
    this.agents = { http: new http.Agent(agent), https: new https.Agent(agent) };
    this.repeater = new Repeater(() => this.pass(), options.log, 'webhook delivery failed');
  }

  /** Delivers what is due soon (after a queueing); a burst of nudges costs one pass at a time. */
  nudge(): void {
    void this.repeater.nudge();
  }

  /** Delivers everything due now and waits for it: the job, and tests. */
  deliverDue(): Promise<void> {
    return this.repeater.run();
  }

  async close(): Promise<void> {
    await this.repeater.idle();
    this.agents.http.destroy();
    this.agents.https.destroy();
  }

  /** Tries one delivery now, whatever its schedule (a test ping); its outcome is recorded like any other. */
  async tryNow(sendId: number): Promise<void> {
    const rows = await this.claim(sql`w.id = ${sendId}`, 1);
    await this.record(await this.post(rows));
  }

  /** One pass; `full` when the batch was (there may be more due). */
  private async pass(): Promise<RunOutcome> {
    const rows = await this.claim(sql`w.status = 'pending' and w.next_attempt_at <= now()`, this.batch);
    if (!rows.length) return 'done';
    await this.record(await this.post(rows));
    return rows.length === this.batch ? 'full' : 'done';
  }

  private async claim(where: ReturnType<typeof sql>, limit: number): Promise<Claimed[]> {
    const { rows } = await sql<Claimed>`
      with due as (
        select w.id from webhook_sends w join webhook_subscriptions s on s.id = w.subscription_id and s.active
        where ${where} order by w.next_attempt_at limit ${limit} for update of w skip locked)
      update webhook_sends w set next_attempt_at = now() + make_interval(secs => ${LEASE_SECONDS})
      from due, webhook_subscriptions s
      where w.id = due.id and s.id = w.subscription_id
      returning w.id, w.subscription_id, w.event_type, w.event_id, w.body, w.attempts, s.url, s.secret`.execute(this.db);
    return rows;
  }

  private async post(rows: Claimed[]): Promise<Outcome[]> {
    const outcomes: Outcome[] = [];
    let next = 0;
    const worker = async () => {
      while (next < rows.length) {
        const row = rows[next++]!;
        outcomes.push(await this.postOne(row));
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, rows.length) }, worker));
    return outcomes;
  }

  private postOne(row: Claimed): Promise<Outcome> {
    const started = performance.now();
    const base = { id: row.id, subscriptionId: row.subscription_id, final: row.event_id === null };
    const done = (status: number | null, error: string | null): Outcome => ({
      ...base,
      ok: error === null,
      status,
      error,
      ms: Math.round(performance.now() - started),
    });
    return new Promise((resolve) => {
      let url: URL;
      try {
        url = new URL(row.url);
      } catch {
        return resolve(done(null, 'the subscription URL is not valid'));
      }
      const secure = url.protocol === 'https:';
      const request = (secure ? https : http).request(
        url,
        {
          method: 'POST',
          agent: secure ? this.agents.https : this.agents.http,
          headers: {
            'content-type': 'application/json',
            'user-agent': 'kefu-webhooks/1',
            'x-kefu-event': row.event_type,
            'x-kefu-delivery': String(row.id),
            ...signedHeaders(row.secret, row.body),
          },
        },
        (response) => {
          const status = response.statusCode ?? 0;
          response.resume();
          response.on('end', () => resolve(done(status, status >= 200 && status < 300 ? null : `the receiver answered ${status}`)));
          response.on('error', (err) => resolve(done(status, err.message)));
        },
      );
      request.setTimeout(this.timeoutMs, () => request.destroy(new Error(`no answer within ${this.timeoutMs / 1000} s`)));
      request.on('error', (err) => resolve(done(null, err.message || String(err))));
      request.end(row.body);
    });
  }

  /**
   * Writes the pass's outcomes: delivered, tried again later (back-off from the try count), or failed for good; and
   * each subscription's health. A receiver that answers 410 Gone has taken the URL away: its subscription is switched off.
   */
  private async record(outcomes: Outcome[]): Promise<void> {
    if (!outcomes.length) return;
    await sql`
      update webhook_sends w set
        attempts = w.attempts + 1,
        response_status = o.status,
        error = o.error,
        duration_ms = o.ms,
        status = case when o.ok then 'delivered' when o.final or w.attempts + 1 >= ${MAX_ATTEMPTS} then 'failed' else 'pending' end,
        finished_at = case when o.ok or o.final or w.attempts + 1 >= ${MAX_ATTEMPTS} then now() end,
        next_attempt_at = now() + make_interval(secs => least(${MAX_DELAY_SECONDS}, 30 * power(2, w.attempts)))
      from unnest(${outcomes.map((o) => o.id)}::bigint[], ${outcomes.map((o) => o.ok)}::bool[], ${outcomes.map((o) => o.status)}::int[],
        ${outcomes.map((o) => o.error)}::text[], ${outcomes.map((o) => o.ms)}::int[], ${outcomes.map((o) => o.final)}::bool[])
        as o(id, ok, status, error, ms, final)
      where w.id = o.id`.execute(this.db);
    await this.recordHealth(outcomes);
  }

  private async recordHealth(outcomes: Outcome[]): Promise<void> {
    const health = new Map<number, { reset: boolean; streak: number; error: string | null; gone: boolean; succeeded: boolean }>();
    for (const o of outcomes) {
      const h = health.get(o.subscriptionId) ?? { reset: false, streak: 0, error: null, gone: false, succeeded: false };
      if (o.ok) Object.assign(h, { reset: true, streak: 0, succeeded: true });
      else Object.assign(h, { streak: h.streak + 1, error: o.error, gone: h.gone || o.status === 410 });
      health.set(o.subscriptionId, h);
    }
    const subs = [...health.entries()];
    await sql`
      update webhook_subscriptions s set
        consecutive_failures = case when h.reset then h.streak else s.consecutive_failures + h.streak end,
        last_success_at = case when h.succeeded then now() else s.last_success_at end,
        last_failure_at = case when h.streak > 0 then now() else s.last_failure_at end,
        last_error = case when h.streak > 0 then h.error else s.last_error end,
        active = s.active and not h.gone
      from unnest(${subs.map(([id]) => id)}::int[], ${subs.map(([, h]) => h.reset)}::bool[], ${subs.map(([, h]) => h.streak)}::int[],
        ${subs.map(([, h]) => h.error)}::text[], ${subs.map(([, h]) => h.gone)}::bool[], ${subs.map(([, h]) => h.succeeded)}::bool[])
        as h(id, reset, streak, error, gone, succeeded)
      where s.id = h.id`.execute(this.db);
  }
}
