import { chinaDate, LEAD_ROLES, renderCare, templateProblem, yuanText, type HolidayKey, type Occasion } from '@kefu/domain';
import {
  CareCalendar,
  CareCampaign,
  CareCampaignAnswer,
  CareCampaignChange,
  CareCampaignInput,
  CareCampaignList,
  CarePreview,
  CarePreviewInput,
  CareRunAnswer,
  CareSendLog,
} from '@kefu/protocol/api/care';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SAMPLE_CODE } from '../coupons/grant.ts';
import type { AppContext } from '../http/context.ts';
import { badRequest, notFound } from '../http/errors.ts';
import { actor } from '../http/guard.ts';
import { IdParam, Paging } from '../http/schemas.ts';
import { careCalendar } from './calendar.ts';
import { changeCampaign, createCampaign, listCampaigns, nextSendDay } from './campaigns.ts';
import { shopName } from './daily.ts';

type Row = Awaited<ReturnType<typeof listCampaigns>>[number];

const present = (c: Row, today: string): z.output<typeof CareCampaign> => ({
  id: c.id,
  name: c.name,
  occasion: c.occasion as Occasion,
  holiday: c.holiday as HolidayKey | null,
  eventMonthDay: c.event_month_day,
  daysAhead: c.days_ahead,
  segments: c.segments,
  title: c.title,
  body: c.body,
  couponDefinitionId: c.coupon_definition_id,
  enabled: c.enabled,
  nextDay: nextSendDay(c, today),
  version: c.version,
  updatedAt: c.updated_at,
});

/** 客户关怀: campaigns, their preview and calendar, runs and the care send log; supervisors and admins. */
export function careRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['care'];
  const lead = { roles: LEAD_ROLES };

  async function answer(id: number) {
    const [row] = await listCampaigns(ctx.db, id);
    if (!row) throw notFound('care campaign');
    return { campaign: present(row, chinaDate(new Date())) };
  }

  r.get('/api/care/campaigns', { config: lead, schema: { tags, response: { 200: CareCampaignList } } }, async () => {
    const today = chinaDate(new Date());
    return { campaigns: (await listCampaigns(ctx.db)).map((c) => present(c, today)) };
  });

  r.post(
    '/api/care/campaigns',
    { config: lead, schema: { tags, body: CareCampaignInput, response: { 201: CareCampaignAnswer } } },
    async (request, reply) => {
      const id = await createCampaign(ctx.db, actor(request), request.body);
      reply.code(201);
      return answer(id);
    },
  );

  r.patch(
    '/api/care/campaigns/:id',
    { config: lead, schema: { tags, params: IdParam, body: CareCampaignChange, response: { 200: CareCampaignAnswer } } },
    async (request) => {
      await changeCampaign(ctx.db, actor(request), request.params.id, request.body);
      return answer(request.params.id);
    },
  );

  r.post('/api/care/preview', { config: lead, schema: { tags, body: CarePreviewInput, response: { 200: CarePreview } } }, async (request) => {
    const { title, body, couponDefinitionId } = request.body;
    const coupon = couponDefinitionId
      ? await ctx.db.selectFrom('coupon_definitions').selectAll().where('id', '=', couponDefinitionId).executeTakeFirst()
      : null;
    if (couponDefinitionId && !coupon) throw badRequest('body.couponDefinitionId', 'no such coupon');
    for (const [field, text] of [
      ['title', title],
      ['body', body],
    ] as const) {
      const problem = templateProblem(text, !!coupon);
      if (problem) throw badRequest(`body.${field}`, problem);
    }
    const customerName = '王小明';
    const vars = {
      name: customerName,
      shopName: await shopName(ctx.db),
      occasion: '生日',
      ...(coupon && {
        couponName: coupon.name,
        couponAmount: yuanText(coupon.amount_fen),
        couponThreshold: yuanText(coupon.threshold_fen),
        couponCode: SAMPLE_CODE,
        expiresAt: '2026年12月31日',
      }),
    };
    return { title: renderCare(title, vars), body: renderCare(body, vars), customerName };
  });

  r.get(
    '/api/care/calendar',
    {
      config: lead,
      schema: {
        tags,
        querystring: z.object({ from: z.iso.date().optional(), days: z.coerce.number().int().min(1).max(62).default(30) }),
        response: { 200: CareCalendar },
      },
    },
    async (request) => ({ days: await careCalendar(ctx.db, request.query.from ?? chinaDate(new Date()), request.query.days) }),
  );

  r.get('/api/care/runs', { config: lead, schema: { tags, response: { 200: CareRunAnswer } } }, async () => {
    const rows = await ctx.db
      .selectFrom('care_runs')
      .selectAll()
      .where('finished_at', 'is not', null)
      .orderBy('day', 'desc')
      .orderBy('campaign_id')
      .limit(100)
      .execute();
    return {
      runs: rows.map((x) => ({
        campaignId: x.campaign_id,
        day: x.day,
        occasionDay: x.occasion_day,
        due: x.due,
        granted: x.granted,
        queued: x.queued,
        skipped: x.skipped,
      })),
    };
  });

  r.get('/api/care/sends', { config: lead, schema: { tags, querystring: z.object(Paging), response: { 200: CareSendLog } } }, async (request) => {
    const { page, pageSize } = request.query;
    const base = ctx.db.selectFrom('outreach_sends as s').where('s.purpose', '=', 'care');
    const [rows, total] = await Promise.all([
      base
        .innerJoin('customers as c', 'c.id', 's.customer_id')
        .select(['s.id', 's.customer_id', 'c.name', 's.template_key', 's.title', 's.channel', 's.state', 's.reason', 's.send_at', 's.sent_at'])
        .orderBy('s.id', 'desc')
        .limit(pageSize)
        .offset((page - 1) * pageSize)
        .execute(),
      base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return {
      total: Number(total.n),
      sends: rows.map((s) => ({
        id: s.id,
        customerId: s.customer_id,
        customerName: s.name,
        templateKey: s.template_key,
        title: s.title,
        channel: s.channel,
        state: s.state,
        reason: s.reason,
        sendAt: s.send_at,
        sentAt: s.sent_at,
      })),
    };
  });
}
