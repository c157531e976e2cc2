import { randomUUID } from 'node:crypto';
import { describeSchedule, nextRun, type Schedule } from '@kefu/domain';
import type { Db } from '../db/database.ts';
import { claimRun, finishRun, makeDue, readJobRows, registerJobRows, renewLease } from './store.ts';

export interface Job {
  /** Unique, stable: the lease row is keyed by it. */
  name: string;
  schedule: Schedule;
  /**
   * Runs in every process on its own clock, without a lease: only for short, idempotent intervals whose delay
   * users feel (chat routing). Everything else runs once across processes (docs/decisions/0010-scheduled-jobs.md).
   */
  everyProcess?: boolean;
  run(now: Date): Promise<unknown>;
}

export interface JobView {
  name: string;
  schedule: string;
  scope: 'cluster' | 'process';
  running: boolean;
  lastStartedAt: Date | null;
  lastFinishedAt: Date | null;
  lastDurationMs: number | null;
  lastError: string | null;
  nextRunAt: Date | null;
  runCount: number;
  failureCount: number;
}

interface Logger {
  error(obj: object, msg: string): void;
}

export interface RunnerOptions {
  log: Logger;
  /** Tests pass their own clock and call tick(); production reads the system clock. */
  clock?: () => Date;
  /** This process's name on the leases it takes. */
  owner?: string;
  /** How long a lease lasts without renewal: a process that died frees its job after this. */
  leaseMs?: number;
}

type Outcome = { ran: boolean; next: Date };
type ProcessState = Omit<JobView, 'name' | 'schedule' | 'scope' | 'running'>;

const RECHECK_MS = 1000;
const MAX_WAIT_MS = 30_000;

/**
 * Runs named jobs on their schedules. A job never overlaps itself in one process; across processes a lease row
 * per job makes each due run happen once. A failing job is logged and recorded and never stops the others.
 */
export class JobRunner {
  readonly owner: string;
  private readonly clock: () => Date;
  private readonly leaseMs: number;
  private readonly byName: Map<string, Job>;
  private readonly processState = new Map<string, ProcessState>();
  private readonly busy = new Set<string>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private registered: Promise<void> | undefined;
  private started = false;

  constructor(
    private readonly db: Db,
    readonly jobs: readonly Job[],
    private readonly options: RunnerOptions,
  ) {
    this.clock = options.clock ?? (() => new Date());
    this.owner = options.owner ?? randomUUID();
    this.leaseMs = options.leaseMs ?? 60_000;
    this.byName = new Map(jobs.map((j) => [j.name, j]));
    if (this.byName.size !== jobs.length) throw new Error('job names must be unique');
    const now = this.clock();
    for (const job of jobs.filter((j) => j.everyProcess)) {
      this.processState.set(job.name, {
        lastStartedAt: null,
        lastFinishedAt: null,
        lastDurationMs: null,
        lastError: null,
        nextRunAt: now,
        runCount: 0,
        failureCount: 0,
      });
    }
  }

  get isStarted(): boolean {
    return this.started;
  }

  /** Each job on its own timer, waking when it is next due. */
  start(): void {
    this.started = true;
    for (const job of this.jobs) this.wake(job, 0);
  }

  /** Stops the timers and waits for runs in progress, so nothing runs on a closed database. */
  async stop(): Promise<void> {
    this.started = false;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    await Promise.allSettled([...this.inFlight]);
  }

  /** Runs every job that is due now and waits for them: what the timers do, for tests to drive. */
  async tick(): Promise<void> {
    await Promise.all(this.jobs.map((job) => this.attempt(job)));
  }

  /** Runs a job now in this process. False when it is already running (here, or elsewhere under its lease). */
  async runNow(name: string): Promise<boolean> {
    const job = this.byName.get(name);
    if (!job) throw new Error(`no job ${name}`);
    if (!job.everyProcess) {
      await this.register();
      await makeDue(this.db, name, this.clock());
    } else {
      this.processState.get(name)!.nextRunAt = this.clock();
    }
    return (await this.attempt(job)).ran;
  }

  async list(): Promise<JobView[]> {
    await this.register();
    const rows = await readJobRows(
      this.db,
      this.jobs.filter((j) => !j.everyProcess).map((j) => j.name),
    );
    const now = this.clock();
    return this.jobs.map((job) => {
      const base = { name: job.name, schedule: describeSchedule(job.schedule) };
      const state = this.processState.get(job.name);
      if (state) return { ...base, scope: 'process', running: this.busy.has(job.name), ...state };
      const row = rows.get(job.name);
      if (!row) {
        return {
          ...base,
          scope: 'cluster',
          running: false,
          lastStartedAt: null,
          lastFinishedAt: null,
          lastDurationMs: null,
          lastError: null,
          nextRunAt: null,
          runCount: 0,
          failureCount: 0,
        };
      }
      return {
        ...base,
        scope: 'cluster',
        running: row.lease_until !== null && row.lease_until > now,
        lastStartedAt: row.last_started_at,
        lastFinishedAt: row.last_finished_at,
        lastDurationMs: row.last_duration_ms,
        lastError: row.last_error,
        nextRunAt: row.next_run_at,
        runCount: row.run_count,
        failureCount: row.failure_count,
      };
    });
  }

  /**
   * Adds the lease rows once. An interval job is due at once on its first start; a calendar job waits for its next
   * slot. A calendar job missed while kefu was down stays due and runs once, then moves to its next slot.
   */
  private register(): Promise<void> {
    this.registered ??= (async () => {
      const now = this.clock();
      await registerJobRows(
        this.db,
        this.jobs
          .filter((j) => !j.everyProcess)
          .map((j) => ({
            name: j.name,
            schedule: describeSchedule(j.schedule),
            firstRunAt: j.schedule.kind === 'interval' ? now : nextRun(j.schedule, now),
          })),
      );
    })().catch((err: unknown) => {
      this.registered = undefined;
      throw err;
    });
    return this.registered;
  }

  private wake(job: Job, delayMs: number): void {
    if (!this.started) return;
    const timer = setTimeout(async () => {
      const { next } = await this.attempt(job);
      this.wake(job, Math.min(MAX_WAIT_MS, Math.max(0, next.getTime() - this.clock().getTime())));
    }, delayMs);
    timer.unref();
    this.timers.set(job.name, timer);
  }

  /** Runs the job if it is due and not running here already; never throws. Says when to look again. */
  private attempt(job: Job): Promise<Outcome> {
    if (this.busy.has(job.name)) return Promise.resolve({ ran: false, next: this.later(RECHECK_MS) });
    this.busy.add(job.name);
    const attempt = (job.everyProcess ? this.attemptHere(job) : this.attemptLeased(job))
      .catch((err: unknown) => {
        this.options.log.error({ err, job: job.name }, 'job scheduling failed');
        return { ran: false, next: this.later(RECHECK_MS * 5) };
      })
      .finally(() => {
        this.busy.delete(job.name);
        this.inFlight.delete(attempt);
      });
    this.inFlight.add(attempt);
    return attempt;
  }

  private async attemptHere(job: Job): Promise<Outcome> {
    const state = this.processState.get(job.name)!;
    const now = this.clock();
    if (state.nextRunAt! > now) return { ran: false, next: state.nextRunAt! };
    state.lastStartedAt = now;
    const { error, durationMs } = await this.execute(job, now);
    Object.assign(state, {
      lastFinishedAt: this.clock(),
      lastDurationMs: durationMs,
      lastError: error,
      nextRunAt: nextRun(job.schedule, now),
      runCount: state.runCount + 1,
      failureCount: state.failureCount + (error ? 1 : 0),
    });
    return { ran: true, next: state.nextRunAt! };
  }

  private async attemptLeased(job: Job): Promise<Outcome> {
    await this.register();
    const now = this.clock();
    if (!(await claimRun(this.db, job.name, this.owner, now, this.later(this.leaseMs)))) {
      const row = (await readJobRows(this.db, [job.name])).get(job.name);
      const due = Math.max(row?.next_run_at.getTime() ?? 0, row?.lease_until?.getTime() ?? 0, now.getTime() + RECHECK_MS);
      return { ran: false, next: new Date(due) };
    }
    // Renewed while the job runs, so a long run is not taken over; a process that dies stops renewing.
    const heartbeat = setInterval(() => {
      renewLease(this.db, job.name, this.owner, this.later(this.leaseMs)).catch((err: unknown) =>
        this.options.log.error({ err, job: job.name }, 'job lease renewal failed'),
      );
    }, this.leaseMs / 3);
    heartbeat.unref();
    let outcome;
    try {
      outcome = await this.execute(job, now);
    } finally {
      clearInterval(heartbeat);
    }
    const nextRunAt = nextRun(job.schedule, now);
    await finishRun(this.db, job.name, this.owner, { finishedAt: this.clock(), durationMs: outcome.durationMs, error: outcome.error, nextRunAt });
    return { ran: true, next: nextRunAt };
  }

  private async execute(job: Job, now: Date): Promise<{ error: string | null; durationMs: number }> {
    const started = performance.now();
    let error: string | null = null;
    try {
      await job.run(now);
    } catch (err) {
      error = (err instanceof Error ? err.message : String(err)).slice(0, 2000);
      this.options.log.error({ err, job: job.name }, 'job failed');
    }
    return { error, durationMs: Math.round(performance.now() - started) };
  }

  private later(ms: number): Date {
    return new Date(this.clock().getTime() + ms);
  }
}
