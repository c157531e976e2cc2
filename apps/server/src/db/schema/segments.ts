/** Computed customer segments, kept by customers/ (customers/segments/). */
import type { ColumnType, Generated } from 'kysely';
import type { Json } from './columns.ts';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface SegmentRulesTable {
  segment: string;
  enabled: Generated<boolean>;
  precedence: number;
  thresholds: Json;
  version: Generated<number>;
  updated_by: number | null;
  updated_at: Timestamp;
}

export interface SegmentRunsTable {
  id: Generated<number>;
  trigger: 'schedule' | 'manual' | 'seed';
  started_by: number | null;
  started_at: Timestamp;
  finished_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  customers: Generated<number>;
  changed: Generated<number>;
  counts: ColumnType<Record<string, number>, string | undefined, string>;
  error: string | null;
}

export interface CustomerSegmentHistoryTable {
  id: Generated<string>;
  customer_id: number;
  from_segment: string | null;
  to_segment: string;
  rule: string | null;
  source: 'job' | 'override' | 'override_cleared' | 'override_expired';
  run_id: number | null;
  changed_by: number | null;
  reason: string | null;
  at: Timestamp;
}

/** The columns 0030 adds to `customers`. */
export interface CustomerSegmentColumns {
  segment_computed: string | null;
  segment_override: string | null;
  segment_override_reason: string | null;
  segment_override_by: number | null;
  segment_override_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  segment_override_until: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}
