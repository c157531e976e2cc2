import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, type TestApp } from './helpers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe('GET /api/jobs', () => {
  it('lists every background job with its schedule, scope and next run', async () => {
    const res = await t.as('admin')({ method: 'GET', url: '/api/jobs' });
    expect(res.statusCode).toBe(200);
    const body = json(res);
    expect(body.enabled).toBe(false); // tests run with SWEEP_INTERVAL_MS=0
    expect(body.jobs.map((j: { name: string; schedule: string; scope: string }) => [j.name, j.schedule, j.scope])).toEqual([
      ['sla.sweep', 'every 1s', 'process'],
      ['chat.dispatch', 'every 2s', 'process'],
      ['chat.presence-confirm', 'every 10s', 'process'],
      ['webhooks.prune-deliveries', 'every 10m', 'cluster'],
      ['reviews.prune-deliveries', 'every 10m', 'cluster'],
      ['shopper-codes.prune', 'every 10m', 'cluster'],
      ['events.deliver', 'every 5s', 'cluster'],
      ['events.prune', 'daily 04:00', 'cluster'],
      ['db.analyze', 'daily 04:30', 'cluster'],
      ['quality.catch-up', 'every 10m', 'cluster'],
      ['reports.backfill-facts', 'every 10m', 'cluster'],
      ['reports.weekly-aftersales-brief', 'Fri 17:00', 'cluster'],
      ['reports.monthly-needs', '1st of month 09:00', 'cluster'],
      ['reports.defect-alarms', 'every 1h', 'cluster'],
      ['customers.segments', 'daily 03:30', 'cluster'],
      ['surveys.send-due', 'every 1m', 'cluster'],
      ['care.daily', 'daily 09:00', 'cluster'],
      ['outreach.deliver', 'every 2s', 'process'],
      ['integrations.webhooks-deliver', 'every 5s', 'process'],
      ['integrations.webhooks-prune', 'daily 04:15', 'cluster'],
      ['email-in.prune', 'daily 04:20', 'cluster'],
      ['sms.deliver', 'every 5s', 'process'],
      ['sms.prune', 'daily 04:25', 'cluster'],
      ['marketplace.poll', 'every 1s', 'cluster'],
      ['marketplace.deliver', 'every 1s', 'process'],
      ['marketplace.prune', 'daily 04:30', 'cluster'],
      ['follow-ups.delivered', 'every 10m', 'cluster'],
    ]);
    for (const job of body.jobs) {
      expect(job).toMatchObject({
        running: false,
        lastStartedAt: null,
        lastFinishedAt: null,
        lastDurationMs: null,
        lastError: null,
        runCount: 0,
        failureCount: 0,
      });
      expect(job.nextRunAt).toMatch(ISO);
    }
  });

  it('is for admins only', async () => {
    for (const role of ['supervisor', 'agent', 'warehouse', 'finance', 'product']) {
      expect((await t.as(role)({ method: 'GET', url: '/api/jobs' })).statusCode, role).toBe(403);
    }
    expect((await t.app.inject({ method: 'GET', url: '/api/jobs' })).statusCode).toBe(401);
  });
});

describe('POST /api/jobs/:name/run', () => {
  it('runs a job now, records the run and audits who asked', async () => {
    const res = await t.as('admin')({ method: 'POST', url: '/api/jobs/shopper-codes.prune/run' });
    expect(res.statusCode).toBe(200);
    const job = json(res);
    expect(job).toMatchObject({ name: 'shopper-codes.prune', runCount: 1, failureCount: 0, lastError: null, running: false });
    expect(job.lastFinishedAt).toMatch(ISO);
    expect(new Date(job.nextRunAt).getTime() - new Date(job.lastStartedAt).getTime()).toBe(10 * 60_000);
    const audit = await t.ctx.db.selectFrom('audit_log').select(['actor_id', 'entity_id']).where('action', '=', 'job.run').execute();
    expect(audit).toEqual([{ actor_id: t.users.admin!.id, entity_id: 'shopper-codes.prune' }]);
  });

  it('runs a job that runs in every process', async () => {
    const res = await t.as('admin')({ method: 'POST', url: '/api/jobs/chat.dispatch/run' });
    expect(res.statusCode).toBe(200);
    expect(json(res)).toMatchObject({ name: 'chat.dispatch', scope: 'process', runCount: 1 });
  });

  it('answers 404 for a job that does not exist, and 403 to a supervisor', async () => {
    expect((await t.as('admin')({ method: 'POST', url: '/api/jobs/nope/run' })).statusCode).toBe(404);
    expect((await t.as('supervisor')({ method: 'POST', url: '/api/jobs/shopper-codes.prune/run' })).statusCode).toBe(403);
  });
});
