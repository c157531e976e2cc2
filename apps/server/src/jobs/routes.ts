import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { audit } from '../audit/audit.ts';
import type { AppContext } from '../http/context.ts';
import { conflict, notFound } from '../http/errors.ts';
import { actor } from '../http/guard.ts';
import type { JobRunner, JobView } from './runner.ts';

const when = z.iso.datetime().nullable();
export const jobViewSchema = z.object({
  name: z.string(),
  schedule: z.string().describe('"every 2s", "daily 09:00", "Fri 17:00", "1st of month 08:00"; times are China time'),
  scope: z.enum(['cluster', 'process']).describe('cluster: runs once across kefu processes; process: in each process'),
  running: z.boolean(),
  lastStartedAt: when, lastFinishedAt: when, lastDurationMs: z.number().int().nullable(), lastError: z.string().nullable(),
  nextRunAt: when, runCount: z.number().int(), failureCount: z.number().int(),
});
const jobList = z.object({ enabled: z.boolean().describe('false when SWEEP_INTERVAL_MS is 0: nothing runs on its own'), jobs: z.array(jobViewSchema) });

const iso = (at: Date | null) => at?.toISOString() ?? null;
const present = (job: JobView): z.infer<typeof jobViewSchema> =>
  ({ ...job, lastStartedAt: iso(job.lastStartedAt), lastFinishedAt: iso(job.lastFinishedAt), nextRunAt: iso(job.nextRunAt) });

/** Jobs' errors can name hosts and settings: admins only. */
export function jobRoutes(app: FastifyInstance, ctx: AppContext, runner: JobRunner): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['jobs'];

  r.get('/api/jobs', { config: { roles: ['admin'] }, schema: { tags, response: { 200: jobList } } },
    async () => ({ enabled: runner.isStarted, jobs: (await runner.list()).map(present) }));

  r.post('/api/jobs/:name/run', {
    config: { roles: ['admin'] },
    schema: { tags, params: z.object({ name: z.string().max(100) }), response: { 200: jobViewSchema } },
  }, async (request) => {
    const { name } = request.params;
    if (!runner.jobs.some((j) => j.name === name)) throw notFound(`job ${name}`);
    if (!await runner.runNow(name)) throw conflict(`job ${name} is running; try again when it has finished`);
    await audit(ctx.db, { actorId: actor(request).id, action: 'job.run', entity: 'job', entityId: name });
    return present((await runner.list()).find((j) => j.name === name)!);
  });
}
