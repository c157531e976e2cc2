import { parseSchedule } from '@kefu/domain';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AppContext } from '../src/http/context.ts';
import { JobRunner, type Job } from '../src/jobs/runner.ts';
import { scheduleSchema, scheduleText } from '../src/jobs/schedule-schema.ts';
import { createTestContext } from './helpers.ts';

let ctx: AppContext;
let close: () => Promise<void>;
beforeAll(async () => ({ ctx, close } = await createTestContext()));
afterAll(() => close());
beforeEach(async () => {
  await ctx.db.deleteFrom('scheduled_jobs').execute();
});

const cst = (wall: string) => new Date(`${wall}+08:00`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A settable clock, a log that remembers errors, and a runner on the test database. */
function runnerAt(start: Date, jobs: Job[], owner?: string) {
  const clock = { now: start };
  const errors: string[] = [];
  const runner = new JobRunner(ctx.db, jobs, { clock: () => clock.now, owner, log: { error: (_obj, msg) => errors.push(msg) } });
  return { runner, clock, errors };
}

function counting(name: string, schedule: string, options: { everyProcess?: boolean; takesMs?: number; fails?: string } = {}) {
  const job = {
    name,
    schedule: parseSchedule(schedule)!,
    everyProcess: options.everyProcess,
    runs: 0,
    async run() {
      job.runs++;
      if (options.takesMs) await sleep(options.takesMs);
      if (options.fails) throw new Error(options.fails);
    },
  };
  return job;
}

const view = async (runner: JobRunner, name: string) => (await runner.list()).find((j) => j.name === name)!;

describe('a job across processes', () => {
  it('runs once when two processes race for the same due run', async () => {
    const shared = counting('report', 'every 1m', { takesMs: 20 });
    const a = runnerAt(cst('2026-03-02T10:00:00'), [shared], 'process-a');
    const b = runnerAt(cst('2026-03-02T10:00:00'), [shared], 'process-b');
    for (let round = 1; round <= 5; round++) {
      await Promise.all([a.runner.tick(), b.runner.tick(), a.runner.tick(), b.runner.tick()]);
      expect(shared.runs).toBe(round);
      a.clock.now = b.clock.now = new Date(a.clock.now.getTime() + 60_000);
    }
    const job = await view(a.runner, 'report');
    expect(job).toMatchObject({ scope: 'cluster', runCount: 5, failureCount: 0, lastError: null, running: false });
    expect(job.nextRunAt).toEqual(cst('2026-03-02T10:05:00'));
  });

  it("leaves a run to the process holding its lease, and takes it over once a dead process's lease expires", async () => {
    const now = cst('2026-03-02T10:00:00');
    const job = counting('prune', 'every 10m');
    const { runner } = runnerAt(now, [job]);
    await runner.list(); // registers the row, due now
    await ctx.db
      .updateTable('scheduled_jobs')
      .set({ lease_owner: 'other', lease_until: new Date(now.getTime() + 1) })
      .execute();
    await runner.tick();
    expect(job.runs).toBe(0);
    await ctx.db
      .updateTable('scheduled_jobs')
      .set({ lease_until: new Date(now.getTime() - 1) })
      .execute();
    await runner.tick();
    expect(job.runs).toBe(1);
    expect(await ctx.db.selectFrom('scheduled_jobs').select(['lease_owner', 'lease_until']).executeTakeFirstOrThrow()).toEqual({
      lease_owner: null,
      lease_until: null,
    });
  });

  it('runs a calendar job missed while kefu was down once at start, then waits for its next slot', async () => {
    const daily = counting('morning-report', 'daily 09:00');
    const before = runnerAt(cst('2026-03-02T10:00:00'), [daily]);
    await before.runner.tick();
    expect(daily.runs).toBe(0); // first start: waits for Tuesday 09:00
    expect((await view(before.runner, 'morning-report')).nextRunAt).toEqual(cst('2026-03-03T09:00:00'));

    // Down from Monday until Friday noon: Tuesday to Friday's slots were missed.
    const after = runnerAt(cst('2026-03-06T12:00:00'), [daily]);
    await after.runner.tick();
    await after.runner.tick();
    expect(daily.runs).toBe(1);
    expect(await view(after.runner, 'morning-report')).toMatchObject({
      runCount: 1,
      nextRunAt: cst('2026-03-07T09:00:00'),
      lastStartedAt: cst('2026-03-06T12:00:00'),
    });
  });

  it('starts a job over from its new schedule when the schedule changes', async () => {
    await runnerAt(cst('2026-03-02T10:00:00'), [counting('weekly', 'Fri 17:00')]).runner.list();
    const changed = runnerAt(cst('2026-03-02T11:00:00'), [counting('weekly', 'daily 12:00')]);
    expect(await view(changed.runner, 'weekly')).toMatchObject({ schedule: 'daily 12:00', nextRunAt: cst('2026-03-02T12:00:00') });
  });
});

describe('a job in one process', () => {
  it('never overlaps itself', async () => {
    const slow = counting('slow', 'every 2s', { takesMs: 30 });
    const slowHere = counting('slow-here', 'every 2s', { takesMs: 30, everyProcess: true });
    const { runner } = runnerAt(cst('2026-03-02T10:00:00'), [slow, slowHere]);
    await Promise.all([runner.tick(), runner.tick(), runner.runNow('slow-here')]);
    expect([slow.runs, slowHere.runs]).toEqual([1, 1]);
  });

  it('records a failure, logs it, and still runs the other jobs and the failing one at its next time', async () => {
    const broken = counting('broken', 'every 1m', { fails: 'smtp down' });
    const brokenHere = counting('broken-here', 'every 2s', { fails: 'redis down', everyProcess: true });
    const fine = counting('fine', 'every 1m');
    const { runner, clock, errors } = runnerAt(cst('2026-03-02T10:00:00'), [broken, brokenHere, fine]);
    await runner.tick();
    expect([broken.runs, brokenHere.runs, fine.runs]).toEqual([1, 1, 1]);
    expect(errors).toEqual(['job failed', 'job failed']);
    expect(await view(runner, 'broken')).toMatchObject({
      lastError: 'smtp down',
      failureCount: 1,
      runCount: 1,
      nextRunAt: cst('2026-03-02T10:01:00'),
    });
    expect(await view(runner, 'broken-here')).toMatchObject({
      scope: 'process',
      lastError: 'redis down',
      failureCount: 1,
      nextRunAt: cst('2026-03-02T10:00:02'),
    });
    expect(await view(runner, 'fine')).toMatchObject({ lastError: null, failureCount: 0 });

    clock.now = cst('2026-03-02T10:01:00');
    await runner.tick();
    expect([broken.runs, brokenHere.runs, fine.runs]).toEqual([2, 2, 2]);
  });

  it('runs on its timers once started, and not after stop', async () => {
    const fast = {
      name: 'fast',
      schedule: { kind: 'interval', everyMs: 100 } as const,
      everyProcess: true,
      runs: 0,
      run: async () => {
        fast.runs++;
      },
    };
    const runner = new JobRunner(ctx.db, [fast], { log: { error: () => {} } });
    runner.start();
    await sleep(250);
    await runner.stop();
    expect(fast.runs).toBeGreaterThanOrEqual(2);
    const stopped = fast.runs;
    await sleep(150);
    expect(fast.runs).toBe(stopped);
  });
});

describe("a job's schedule", () => {
  it('is validated: text must be one of the four forms, values in range', () => {
    expect(scheduleText.parse('Fri 17:00')).toEqual({ kind: 'weekly', weekday: 'Fri', at: { hour: 17, minute: 0 } });
    const wrong = scheduleText.safeParse('Friday 5pm');
    expect(wrong.success).toBe(false);
    expect(wrong.error!.issues[0]!.message).toContain('"Friday 5pm" is not a schedule');
    expect(scheduleSchema.safeParse({ kind: 'interval', everyMs: 0 }).success).toBe(false);
    expect(scheduleSchema.safeParse({ kind: 'daily', at: { hour: 24, minute: 0 } }).success).toBe(false);
    expect(scheduleSchema.safeParse({ kind: 'weekly', weekday: 'Fri', at: { hour: 17, minute: 0 } }).success).toBe(true);
  });
});
