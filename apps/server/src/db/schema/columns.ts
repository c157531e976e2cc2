/** Column types shared by the table interfaces: what a row reads, what an insert and an update may write. */
import type { ColumnType } from 'kysely';

export type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
export type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
export type TsVector = ColumnType<string, string | undefined, string>;
export type Json = ColumnType<Record<string, unknown>, string | undefined, string>;
export type JsonArray = ColumnType<unknown[], string | undefined, string>;
/** A text column that may be null. */
export type Text = string | null;
