/** Saved ticket views, kept by saved-views/. */
import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, Json } from './columns.ts';

export interface SavedViewsTable {
  id: Generated<number>;
  name: string;
  /** null: a shared view kefu set up. */
  owner_id: number | null;
  shared: Generated<boolean>;
  filters: Json;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}
