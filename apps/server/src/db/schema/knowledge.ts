/** Products, promotions, the FAQ and the bot's answers. */
import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, Timestamp, Json, JsonArray } from './columns.ts';

export interface ProductsTable {
  id: Generated<number>;
  sku: string;
  name: string;
  category: string;
  price_fen: number;
  warranty_days: Generated<number>;
  restricted_provinces: ColumnType<string[], string[] | undefined, string[]>;
  stock: Generated<number>;
  specs: Json;
  size_chart: JsonArray;
  usage: Generated<string>;
  pros: Generated<string>;
  cons: Generated<string>;
  images: ColumnType<string[], string[] | undefined, string[]>;
  version: Generated<number>;
}
export interface PromotionsTable {
  id: Generated<number>;
  title: string;
  kind: string;
  threshold_fen: Generated<number>;
  discount_fen: number;
  product_ids: number[] | null;
  starts_at: Timestamp;
  ends_at: Timestamp;
}
export interface FaqEntriesTable {
  id: Generated<number>;
  question: string;
  alternatives: ColumnType<string[], string[] | undefined, string[]>;
  answer: string;
  category: Generated<string>;
  product_ids: ColumnType<number[], number[] | undefined, number[]>;
  enabled: Generated<boolean>;
  hits: Generated<number>;
  version: Generated<number>;
  created_by: number | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}
export interface SynonymGroupsTable {
  id: Generated<number>;
  terms: string[];
}
export interface UnknownQuestionsTable {
  id: Generated<number>;
  question: string;
  asked: Generated<number>;
  first_asked_at: CreatedAt;
  last_asked_at: ColumnType<Date, Date | string | undefined, Date | string>;
  conversation_id: number | null;
  status: Generated<string>;
  faq_id: number | null;
}
export interface BotAnswersTable {
  id: Generated<string>;
  conversation_id: number;
  question: string;
  faq_id: number | null;
  score: number;
  confidence: number;
  helpful: boolean | null;
  at: CreatedAt;
}
