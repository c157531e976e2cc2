import { BRIEF_KINDS, LEAD_ROLES, type BriefKind, type Role } from '@kefu/domain';
import { Brief, BRIEF_FORMATS, BriefFile, BriefInput, BriefList } from '@kefu/protocol/api/briefs';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Mailer } from '../../channels/email.ts';
import { sendPdf } from '../../files/pdf.ts';
import { sendSheet } from '../../files/sheets.ts';
import type { AppContext } from '../../http/context.ts';
import { forbidden } from '../../http/errors.ts';
import { actor } from '../../http/guard.ts';
import { briefFileName, briefPdf, briefWorkbook } from './render.ts';
import { generateBrief, getBrief, listBriefs, type BriefRow } from './service.ts';

const Id = z.coerce.number().int().positive();
/** The managers read every brief; the product department reads the monthly needs report, which is written for it. */
const READERS: readonly Role[] = [...LEAD_ROLES, 'product'];

function kindsFor(role: Role): readonly BriefKind[] {
  return LEAD_ROLES.includes(role) ? BRIEF_KINDS : ['monthly_needs'];
}

async function readable(ctx: AppContext, id: number, role: Role): Promise<BriefRow> {
  const brief = await getBrief(ctx.db, id);
  if (!kindsFor(role).includes(brief.kind)) throw forbidden('the weekly after-sales brief is for supervisors and admins');
  return brief;
}

/** The archive of weekly after-sales briefs and monthly needs reports, their files, and an admin's "generate now". */
export function briefRoutes(app: FastifyInstance, ctx: AppContext, mail: Mailer | null): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['reports'];

  r.get(
    '/api/reports/briefs',
    {
      config: { roles: READERS },
      schema: {
        tags,
        querystring: z.object({ kind: z.enum(BRIEF_KINDS).optional(), limit: z.coerce.number().int().min(1).max(200).default(60) }),
        response: { 200: BriefList },
      },
    },
    async (request) => {
      const mine = kindsFor(actor(request).role);
      const kinds = request.query.kind ? mine.filter((k) => k === request.query.kind) : mine;
      return { briefs: await listBriefs(ctx.db, kinds, request.query.limit) };
    },
  );

  r.get(
    '/api/reports/briefs/:id',
    { config: { roles: READERS }, schema: { tags, params: z.object({ id: Id }), response: { 200: Brief } } },
    async (request) => ({ brief: await readable(ctx, request.params.id, actor(request).role) }),
  );

  for (const format of BRIEF_FORMATS) {
    r.get(
      `/api/reports/briefs/:id.${format}`,
      { config: { roles: READERS }, schema: { tags, params: z.object({ id: Id }), response: { 200: BriefFile } } },
      async (request, reply) => {
        const brief = await readable(ctx, request.params.id, actor(request).role);
        if (format === 'pdf') return sendPdf(reply, briefFileName(brief, 'pdf'), await briefPdf(brief));
        return sendSheet(reply, briefFileName(brief, 'xlsx'), await briefWorkbook(brief));
      },
    );
  }

  r.post(
    '/api/reports/briefs',
    { config: { roles: ['admin'] }, schema: { tags, body: BriefInput, response: { 201: Brief } } },
    async (request, reply) => {
      const brief = await generateBrief(ctx.db, mail, actor(request).id, request.body);
      reply.code(201);
      return { brief };
    },
  );
}
