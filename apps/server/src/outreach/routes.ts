import { DESK_ROLES, LEAD_ROLES } from '@kefu/domain';
import {
  CustomerOutreach,
  OptOutInput,
  OutreachLog,
  OutreachLogQuery,
  OutreachSettingsAnswer,
  OutreachSettingsChange,
} from '@kefu/protocol/api/outreach';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Db } from '../db/database.ts';
import type { AppContext } from '../http/context.ts';
import { actor } from '../http/guard.ts';
import { IdParam } from '../http/schemas.ts';
import { addOptOut, customerOfToken, linkSecret, setOptOuts } from './opt-outs.ts';
import { outreachOfCustomer, presentSend, sendsQuery } from './presenter.ts';
import { changeSettings, readSettings } from './settings.ts';
import { unsubscribeDone, unsubscribeForm, unsubscribeMissing } from './unsubscribe-page.ts';

type LogFilters = z.output<typeof OutreachLogQuery>;

async function sendLog(db: Db, f: LogFilters) {
  const filtered = <Q extends ReturnType<typeof sendsQuery>>(q: Q) => {
    let out = q;
    if (f.purpose) out = out.where('s.purpose', '=', f.purpose) as Q;
    if (f.channel) out = out.where('s.channel', '=', f.channel) as Q;
    if (f.state) out = out.where('s.state', '=', f.state) as Q;
    if (f.customerId) out = out.where('s.customer_id', '=', f.customerId) as Q;
    return out;
  };
  let page = filtered(sendsQuery(db));
  if (f.before) page = page.where('s.id', '<', f.before);
  const [rows, groups] = await Promise.all([
    page.orderBy('s.id', 'desc').limit(f.limit).execute(),
    filtered(sendsQuery(db))
      .clearSelect()
      .select(['s.state', 's.reason', sql<number>`count(*)::int`.as('n')])
      .groupBy(['s.state', 's.reason'])
      .execute(),
  ]);
  const counts = { queued: 0, sent: 0, failed: 0, cancelled: 0, skipped: {} as Record<string, number> };
  for (const g of groups) {
    if (g.state === 'skipped') counts.skipped[g.reason ?? 'unknown'] = (counts.skipped[g.reason ?? 'unknown'] ?? 0) + g.n;
    else counts[g.state as 'sent'] += g.n;
  }
  return { sends: rows.map(presentSend), counts, nextBefore: rows.length === f.limit ? rows.at(-1)!.id : null };
}

const TokenParams = z.object({ token: z.string().max(60) });
const UnsubscribeForm = z.object({ scope: z.enum(['marketing', 'email']).default('marketing') });
const Page = { description: 'The unsubscribe page (HTML)', content: { 'text/html': { schema: z.string() } } };

/** Outreach settings and send log (admin page 触达设置与记录), a customer's opt-outs, and the shopper's unsubscribe link. */
export function outreachRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['outreach'];

  r.get('/api/outreach/settings', { config: { roles: LEAD_ROLES }, schema: { tags, response: { 200: OutreachSettingsAnswer } } }, async () => ({
    settings: await readSettings(ctx.db),
  }));

  r.put(
    '/api/outreach/settings',
    { config: { roles: ['admin'] }, schema: { tags, body: OutreachSettingsChange, response: { 200: OutreachSettingsAnswer } } },
    async (request) => {
      await changeSettings(ctx.db, actor(request), request.body);
      return { settings: await readSettings(ctx.db) };
    },
  );

  r.get(
    '/api/outreach/sends',
    { config: { roles: LEAD_ROLES }, schema: { tags, querystring: OutreachLogQuery, response: { 200: OutreachLog } } },
    async (request) => sendLog(ctx.db, request.query),
  );

  r.get(
    '/api/customers/:id/outreach',
    { config: { roles: DESK_ROLES }, schema: { tags, params: IdParam, response: { 200: CustomerOutreach } } },
    async (request) => outreachOfCustomer(ctx.db, request.params.id),
  );

  r.put(
    '/api/customers/:id/opt-out',
    {
      config: { roles: DESK_ROLES },
      schema: {
        tags,
        description: 'Sets what the customer is not contacted with: all marketing, or a channel. Queued sends it forbids are cancelled.',
        params: IdParam,
        body: OptOutInput,
        response: { 200: CustomerOutreach },
      },
    },
    async (request) => {
      const who = actor(request);
      const cancelled = await ctx.db
        .transaction()
        .execute((tx) => setOptOuts(tx, request.params.id, request.body.scopes, { source: 'staff', actorId: who.id }));
      return { ...(await outreachOfCustomer(ctx.db, request.params.id)), cancelled };
    },
  );

  const shopName = async () => (await ctx.db.selectFrom('shops').select('name').orderBy('id').executeTakeFirst())?.name ?? '';
  const html = (reply: FastifyReply, status: number, page: string) =>
    reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(page);
  const customerOf = async (token: string) => {
    const id = customerOfToken(await linkSecret(ctx.db), token);
    if (id === null) return null;
    return (await ctx.db.selectFrom('customers').select('id').where('id', '=', id).executeTakeFirst())?.id ?? null;
  };

  app.register(async (scope) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 4096 }, (_req, body, done) =>
      done(null, Object.fromEntries(new URLSearchParams(body as string))),
    );
    const s = scope.withTypeProvider<ZodTypeProvider>();
    s.get('/u/:token', { config: { public: true }, schema: { tags, params: TokenParams, response: { 200: Page } } }, async (request, reply) => {
      const id = await customerOf(request.params.token);
      if (id === null) return html(reply, 404, unsubscribeMissing(await shopName()));
      return html(reply, 200, unsubscribeForm(await shopName(), `/u/${encodeURIComponent(request.params.token)}`));
    });
    s.post(
      '/u/:token',
      { config: { public: true }, schema: { tags, params: TokenParams, body: UnsubscribeForm, response: { 200: Page } } },
      async (request, reply) => {
        const id = await customerOf(request.params.token);
        if (id === null) return html(reply, 404, unsubscribeMissing(await shopName()));
        await ctx.db.transaction().execute((tx) => addOptOut(tx, id, request.body.scope));
        return html(reply, 200, unsubscribeDone(await shopName(), request.body.scope));
      },
    );
  });
}
