import { LEAD_ROLES } from '@kefu/domain';
import { AuditFilters, AuditPage, AuditSpreadsheet } from '@kefu/protocol/api/audit';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../http/context.ts';
import { Paging } from '../http/schemas.ts';
import { sendSheet, sheetFile, type SheetColumn } from '../files/sheets.ts';
import { ACTION_LABELS, ENTITY_LABELS } from './labels.ts';
import { presentAuditEntry, type AuditRow } from './presenter.ts';
import { AUDIT_COLUMNS, auditQuery } from './query.ts';

/** An export holds at most this many entries; narrow the filters for more. */
const EXPORT_LIMIT = 20_000;

const COLUMNS: SheetColumn<AuditRow>[] = [
  { header: '时间', value: (r) => r.at, format: 'datetime', width: 18 },
  { header: '操作人', value: (r) => r.actor ?? '系统' },
  { header: '操作', value: (r) => ACTION_LABELS[r.action] ?? r.action },
  { header: '操作代码', value: (r) => r.action },
  { header: '对象', value: (r) => ENTITY_LABELS[r.entity] ?? r.entity },
  { header: '对象编号', value: (r) => r.entity_id },
  { header: '详情', value: (r) => JSON.stringify(r.detail ?? {}), width: 60 },
];

/** The audit log: who did what to which record, read and exported by supervisors and admins. */
export function auditRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['audit'];

  r.get(
    '/api/audit',
    { config: { roles: LEAD_ROLES }, schema: { tags, querystring: AuditFilters.extend(Paging), response: { 200: AuditPage } } },
    async (request) => {
      const { page, pageSize, ...filter } = request.query;
      const [entries, count] = await Promise.all([
        auditQuery(ctx.db, filter)
          .select(AUDIT_COLUMNS)
          .orderBy('audit_log.id', 'desc')
          .limit(pageSize)
          .offset((page - 1) * pageSize)
          .execute(),
        auditQuery(ctx.db, filter)
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow(),
      ]);
      return { entries: entries.map(presentAuditEntry), total: Number(count.n) };
    },
  );

  r.get(
    '/api/audit.xlsx',
    { config: { roles: LEAD_ROLES }, schema: { tags, querystring: AuditFilters, response: { 200: AuditSpreadsheet } } },
    async (request, reply) => {
      const rows = await auditQuery(ctx.db, request.query).select(AUDIT_COLUMNS).orderBy('audit_log.id', 'desc').limit(EXPORT_LIMIT).execute();
      return sendSheet(reply, '审计日志.xlsx', await sheetFile('审计日志', COLUMNS, rows));
    },
  );
}
