/** Care campaigns and their runs (care/), coupon definitions and codes (coupons/); migration 0035. */
import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, NullableTimestamp } from './columns.ts';

type Updated = ColumnType<Date, Date | string | undefined, Date | string>;
/** A calendar day, read as YYYY-MM-DD (the pg type parser is set so). */
type Day = ColumnType<string, string, string>;

export interface CouponDefinitionsTable {
  id: Generated<number>;
  name: string;
  amount_fen: number;
  threshold_fen: Generated<number>;
  valid_from: ColumnType<string | null, string | null | undefined, string | null>;
  valid_until: ColumnType<string | null, string | null | undefined, string | null>;
  valid_days: number | null;
  per_customer_limit: Generated<number>;
  enabled: Generated<boolean>;
  /** The one definition an after-sale's coupon compensation grants. */
  for_compensation: Generated<boolean>;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: Updated;
}
export interface CouponCodesTable {
  id: Generated<number>;
  definition_id: number;
  customer_id: number;
  code: string;
  /** Unique: the same grant (a campaign's day for a customer, an after-sale) gives one code. */
  grant_key: string;
  source: string;
  /** An amount of its own (a compensation's); null: the definition's. */
  amount_fen: number | null;
  granted_at: ColumnType<Date, Date | string | undefined, never>;
  expires_at: ColumnType<Date, Date | string, Date | string>;
  used_at: NullableTimestamp;
  order_id: number | null;
}
export interface CareCampaignsTable {
  id: Generated<number>;
  name: string;
  occasion: string;
  holiday: string | null;
  event_month_day: string | null;
  days_ahead: Generated<number>;
  segments: ColumnType<string[], string[] | undefined, string[]>;
  title: string;
  body: string;
  coupon_definition_id: number | null;
  enabled: Generated<boolean>;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: Updated;
}
export interface CareRunsTable {
  campaign_id: number;
  day: Day;
  occasion_day: Day;
  due: number;
  granted: number;
  queued: number;
  skipped: number;
  /** Null while the run is claimed and not finished (or was cut short). */
  finished_at: Date | null;
}
