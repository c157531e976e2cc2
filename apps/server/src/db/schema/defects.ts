/** Quality alarms: a product's repeated defect and the cases behind it, kept by reports/defects. */
import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, NullableTimestamp, Timestamp } from './columns.ts';

export interface DefectAlarmsTable {
  id: Generated<number>;
  product_id: number;
  /** The defect's label ("拉链问题", "色差"), one live alarm per product and label. */
  defect: string;
  key_words: ColumnType<string[], string[] | undefined, string[]>;
  first_at: Timestamp;
  last_at: Timestamp;
  case_count: Generated<number>;
  /** open | acknowledged | closed */
  state: Generated<string>;
  acknowledged_by: number | null;
  acknowledged_at: NullableTimestamp;
  closed_by: number | null;
  closed_at: NullableTimestamp;
  note: string | null;
  task_id: number | null;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}
export interface DefectAlarmCasesTable {
  alarm_id: number;
  /** ticket | after_sale */
  case_kind: string;
  case_id: number;
  case_at: Timestamp;
  added_at: CreatedAt;
}
