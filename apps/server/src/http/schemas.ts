import { z } from 'zod';

/** The largest value of a PostgreSQL integer column (ids, sequence numbers); a larger one would fail in the database. */
export const INT4_MAX = 2_147_483_647;

/** Ids in paths are positive integers; anything else is a 400 naming the parameter. */
export const Id = z.coerce
  .number({ error: 'must be a positive integer id' })
  .int('must be a positive integer id')
  .positive('must be a positive integer id')
  .max(INT4_MAX, 'must be a positive integer id');
export const IdParam = z.object({ id: Id });
/** An id in a JSON body or socket frame: a number, not a numeric string. */
export const RowId = z
  .number()
  .int('must be a positive integer id')
  .positive('must be a positive integer id')
  .max(INT4_MAX, 'must be a positive integer id');
/** A per-conversation message sequence number (0 = before the first message). */
export const Seq = z.number().int().min(0).max(INT4_MAX);

/** The version an edit is based on; a stale one is refused with 409. */
export const Version = z.number().int().positive().max(INT4_MAX);

export const Tag = z.string().trim().min(1).max(32);
export const Tags = z.array(Tag).max(20);

export const Paging = {
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
};

/** Comma-separated or repeated query values. */
export function listOf<T extends z.ZodType>(item: T) {
  return z.preprocess((v) => (typeof v === 'string' ? v.split(',').filter(Boolean) : v), z.array(item).max(50));
}
