import type { Job } from '@kefu/protocol/api/jobs';
import type { z } from 'zod';
import type { JobView } from './runner.ts';

export function presentJob(job: JobView): z.output<typeof Job> {
  return {
    name: job.name,
    schedule: job.schedule,
    scope: job.scope,
    running: job.running,
    lastStartedAt: job.lastStartedAt,
    lastFinishedAt: job.lastFinishedAt,
    lastDurationMs: job.lastDurationMs,
    lastError: job.lastError,
    nextRunAt: job.nextRunAt,
    runCount: job.runCount,
    failureCount: job.failureCount,
  };
}
