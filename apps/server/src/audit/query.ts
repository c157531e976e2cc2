import type { AuditFilters } from '@kefu/protocol/api/audit';
import type { z } from 'zod';
import type { Db } from '../db/database.ts';
import { badRequest } from '../http/errors.ts';

export type AuditFilter = z.output<typeof AuditFilters>;

/** The entries matching `filter`, joined with their actor's name; ordered and paged by the caller. */
export function auditQuery(db: Db, filter: AuditFilter) {
  const from = filter.from ? new Date(filter.from) : undefined;
  const to = filter.to ? new Date(filter.to) : undefined;
  if (from && to && from >= to) throw badRequest('query.to', 'must be after from');
  let q = db.selectFrom('audit_log').leftJoin('users', 'users.id', 'audit_log.actor_id');
  if (filter.actorId) q = q.where('audit_log.actor_id', '=', filter.actorId);
  if (filter.action) {
    // "order." finds every order action; anything else is one action.
    q = filter.action.endsWith('.')
      ? q.where('audit_log.action', 'like', `${filter.action.replace(/[\\%_]/g, '\\$&')}%`)
      : q.where('audit_log.action', '=', filter.action);
  }
  if (filter.entity) q = q.where('audit_log.entity', '=', filter.entity);
  if (filter.entityId) q = q.where('audit_log.entity_id', '=', filter.entityId);
  if (from) q = q.where('audit_log.at', '>=', from);
  if (to) q = q.where('audit_log.at', '<', to);
  return q;
}

export const AUDIT_COLUMNS = [
  'audit_log.id',
  'audit_log.action',
  'audit_log.entity',
  'audit_log.entity_id',
  'audit_log.detail',
  'audit_log.at',
  'audit_log.actor_id',
  'users.display_name as actor',
] as const;
