/** The weekly after-sales brief and the monthly needs report, archived by reports/briefs. */
import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, Timestamp } from './columns.ts';

export interface ReportBriefsTable {
  id: Generated<number>;
  /** weekly_aftersales | monthly_needs */
  kind: string;
  /** China dates (YYYY-MM-DD): the period's first and last day. */
  period_start: string;
  period_end: string;
  /** The exact span the figures cover. */
  covers_from: Timestamp;
  covers_until: Timestamp;
  data: ColumnType<unknown, string, string>;
  emailed_to: ColumnType<string[], string[] | undefined, string[]>;
  created_by: number | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}
