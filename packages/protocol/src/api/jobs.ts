/** Background jobs as admins see them (GET /api/jobs, POST /api/jobs/:name/run). */
import { z } from 'zod';
import { Timestamp } from './common.ts';

export const Job = z.object({
  name: z.string(),
  schedule: z.string().describe('"every 2s", "daily 09:00", "Fri 17:00", "1st of month 08:00"; times are China time'),
  scope: z.enum(['cluster', 'process']).describe('cluster: runs once across kefu processes; process: in each process'),
  running: z.boolean(),
  lastStartedAt: Timestamp.nullable(),
  lastFinishedAt: Timestamp.nullable(),
  lastDurationMs: z.number().int().nullable(),
  lastError: z.string().nullable(),
  nextRunAt: Timestamp.nullable(),
  runCount: z.number().int(),
  failureCount: z.number().int(),
});

export const JobList = z.object({
  enabled: z.boolean().describe('false when SWEEP_INTERVAL_MS is 0: nothing runs on its own'),
  jobs: z.array(Job),
});
