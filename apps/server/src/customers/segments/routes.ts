import { DESK_ROLES, LEAD_ROLES, type Role } from '@kefu/domain';
import { NoContent } from '@kefu/protocol/api/common';
import { CustomerSegmentAnswer, SegmentOverrideInput, SegmentRulesAnswer, SegmentRulesChange, SegmentRunAnswer } from '@kefu/protocol/api/segments';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/database.ts';
import type { AppContext } from '../../http/context.ts';
import { actor } from '../../http/guard.ts';
import { IdParam, Version } from '../../http/schemas.ts';
import { recomputeSegments, segmentCounts } from './compute.ts';
import { clearOverride, segmentHistory, segmentState, setOverride } from './override.ts';
import { ruleRows, saveRules } from './rules.ts';

const ADMIN: readonly Role[] = ['admin'];

async function lastRun(db: Db) {
  const run = await db
    .selectFrom('segment_runs')
    .leftJoin('users', 'users.id', 'segment_runs.started_by')
    .selectAll('segment_runs')
    .select('users.display_name as started_by_name')
    .orderBy('segment_runs.id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!run) return null;
  return {
    id: run.id,
    trigger: run.trigger,
    startedByName: run.started_by_name,
    startedAt: run.started_at,
    finishedAt: run.finished_at,
    durationMs: run.finished_at ? run.finished_at.getTime() - run.started_at.getTime() : null,
    customers: run.customers,
    changed: run.changed,
    error: run.error,
  };
}

async function rulesAnswer(db: Db) {
  const [rows, counts, overridden, run] = await Promise.all([
    ruleRows(db),
    segmentCounts(db),
    db
      .selectFrom('customers')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('segment_override', 'is not', null)
      .where('merged_into_id', 'is', null)
      .executeTakeFirstOrThrow(),
    lastRun(db),
  ]);
  return {
    rules: rows.map((r) => ({ ...r.rule, version: r.version, updatedAt: r.updatedAt, updatedByName: r.updatedByName })),
    counts,
    overridden: Number(overridden.n),
    lastRun: run,
  };
}

/** Computed segments: the admin's rules, a recompute on demand, and a person's override of one customer's segment. */
export function segmentRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['customers'];

  r.get('/api/customer-segments/rules', { config: { roles: LEAD_ROLES }, schema: { tags, response: { 200: SegmentRulesAnswer } } }, async () =>
    rulesAnswer(ctx.db),
  );

  r.put(
    '/api/customer-segments/rules',
    { config: { roles: ADMIN }, schema: { tags, body: SegmentRulesChange, response: { 200: SegmentRulesAnswer } } },
    async (request) => {
      await saveRules(ctx.db, actor(request), request.body);
      return rulesAnswer(ctx.db);
    },
  );

  r.post('/api/customer-segments/recompute', { config: { roles: ADMIN }, schema: { tags, response: { 200: SegmentRunAnswer } } }, async (request) => {
    const result = await recomputeSegments(ctx.db, 'manual', actor(request).id);
    return { run: (await lastRun(ctx.db))!, counts: result.counts };
  });

  r.get(
    '/api/customers/:id/segment-history',
    { config: { roles: DESK_ROLES }, schema: { tags, params: IdParam, response: { 200: CustomerSegmentAnswer } } },
    async (request) => ({
      state: await segmentState(ctx.db, request.params.id),
      history: await segmentHistory(ctx.db, request.params.id),
    }),
  );

  r.put(
    '/api/customers/:id/segment-override',
    { config: { roles: LEAD_ROLES }, schema: { tags, params: IdParam, body: SegmentOverrideInput, response: { 200: CustomerSegmentAnswer } } },
    async (request) => {
      await setOverride(ctx.db, actor(request), request.params.id, request.body);
      return { state: await segmentState(ctx.db, request.params.id), history: await segmentHistory(ctx.db, request.params.id) };
    },
  );

  r.delete(
    '/api/customers/:id/segment-override',
    {
      config: { roles: LEAD_ROLES },
      schema: { tags, params: IdParam, querystring: z.object({ version: z.coerce.number().pipe(Version) }), response: { 204: NoContent } },
    },
    async (request, reply) => {
      await clearOverride(ctx.db, actor(request), request.params.id, request.query.version);
      return reply.code(204).send();
    },
  );
}
