import { Job, JobList } from '@kefu/protocol/api/jobs';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { audit } from '../audit/audit.ts';
import type { AppContext } from '../http/context.ts';
import { conflict, notFound } from '../http/errors.ts';
import { actor } from '../http/guard.ts';
import { presentJob } from './presenter.ts';
import type { JobRunner } from './runner.ts';

/** Jobs' errors can name hosts and settings: admins only. */
export function jobRoutes(app: FastifyInstance, ctx: AppContext, runner: JobRunner): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['jobs'];

  r.get('/api/jobs', { config: { roles: ['admin'] }, schema: { tags, response: { 200: JobList } } }, async () => ({
    enabled: runner.isStarted,
    jobs: (await runner.list()).map(presentJob),
  }));

  r.post(
    '/api/jobs/:name/run',
    {
      config: { roles: ['admin'] },
      schema: { tags, params: z.object({ name: z.string().max(100) }), response: { 200: Job } },
    },
    async (request) => {
      const { name } = request.params;
      if (!runner.jobs.some((j) => j.name === name)) throw notFound(`job ${name}`);
      if (!(await runner.runNow(name))) throw conflict(`job ${name} is running; try again when it has finished`);
      await audit(ctx.db, { actorId: actor(request).id, action: 'job.run', entity: 'job', entityId: name });
      return presentJob((await runner.list()).find((j) => j.name === name)!);
    },
  );
}
