/** Conversation quality inspection (质检): rules, sampling settings, inspections, forbidden-phrase hits. */
import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, JsonArray, NullableTimestamp } from './columns.ts';

type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
type JsonValue = ColumnType<unknown, string | undefined, string>;
type NullableJson = ColumnType<unknown, string | null | undefined, string | null>;

export interface QualityRulesTable {
  id: Generated<number>;
  kind: string;
  name: string;
  points: number;
  fatal: Generated<boolean>;
  enabled: Generated<boolean>;
  params: JsonValue;
  position: number;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}
/** One row (id 1): which inspections go to review. */
export interface QualitySettingsTable {
  id: Generated<number>;
  sample_percent: number;
  review_below: number;
  version: Generated<number>;
  updated_at: UpdatedAt;
}
export interface QualityInspectionsTable {
  conversation_id: number;
  agent_id: number | null;
  auto_score: number;
  /** @kefu/domain QualityHit[] */
  hits: JsonArray;
  fatal: Generated<boolean>;
  sampled: Generated<boolean>;
  sample_reason: string | null;
  reviewer_id: number | null;
  review_score: number | null;
  /** The reviewer's sheet: @kefu/domain ScoreSheetLine[] */
  review_sheet: NullableJson;
  review_comment: string | null;
  reviewed_at: NullableTimestamp;
  appeal_reason: string | null;
  appealed_at: NullableTimestamp;
  appeal_decision: string | null;
  appeal_note: string | null;
  appeal_decided_by: number | null;
  appeal_decided_at: NullableTimestamp;
  final_score: number;
  inspected_at: ColumnType<Date, Date | string | undefined, Date | string>;
  version: Generated<number>;
}
export interface QualityPhraseHitsTable {
  id: Generated<string>;
  channel: string;
  conversation_id: number | null;
  ticket_id: number | null;
  message_id: string | null;
  user_id: number | null;
  phrase: string;
  blocked: Generated<boolean>;
  at: ColumnType<Date, Date | string | undefined, Date | string>;
}
