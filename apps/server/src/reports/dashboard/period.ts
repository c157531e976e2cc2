import { addDays, previousPeriod } from '@kefu/domain';
import { sql, type RawBuilder } from 'kysely';

/** China has one offset all year (no summer time): a China day starts at 00:00+08:00. */
const chinaMidnight = (day: string) => new Date(`${day}T00:00:00+08:00`);

export interface ReportFilters {
  agentId?: number;
  groupId?: number;
  channel?: string;
}

/** A report's China days as instants: [from, to) for the range asked and for the period of the same length before it. */
export interface ReportPeriod {
  days: { from: string; to: string };
  previousDays: { from: string; to: string };
  from: Date;
  to: Date;
  previousFrom: Date;
  filters: ReportFilters;
}

export function reportPeriod(query: { from: string; to: string } & ReportFilters): ReportPeriod {
  const previousDays = previousPeriod(query.from, query.to);
  return {
    days: { from: query.from, to: query.to },
    previousDays,
    from: chinaMidnight(query.from),
    to: chinaMidnight(addDays(query.to, 1)),
    previousFrom: chinaMidnight(previousDays.from),
    filters: { agentId: query.agentId, groupId: query.groupId, channel: query.channel },
  };
}

/** The China calendar day of a timestamp column, as YYYY-MM-DD text. */
export const chinaDay = (column: RawBuilder<unknown>) => sql<string>`to_char(${column} at time zone 'Asia/Shanghai', 'YYYY-MM-DD')`;

/**
 * The filters as `and …` conditions on a facts row aliased `alias` (report_conversations or report_tickets: both
 * have agent_id, group_id and channel); empty when there are none.
 */
export function factFilters(alias: string, filters: ReportFilters): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [];
  if (filters.agentId !== undefined) parts.push(sql`and ${sql.ref(`${alias}.agent_id`)} = ${filters.agentId}`);
  if (filters.groupId !== undefined) parts.push(sql`and ${sql.ref(`${alias}.group_id`)} = ${filters.groupId}`);
  if (filters.channel !== undefined) parts.push(sql`and ${sql.ref(`${alias}.channel`)} = ${filters.channel}`);
  return parts.length ? sql.join(parts, sql` `) : sql``;
}

export const hasFilters = (filters: ReportFilters) => filters.agentId !== undefined || filters.groupId !== undefined || filters.channel !== undefined;
