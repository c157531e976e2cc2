import { z } from 'zod';

/** Ids in paths are positive integers; anything else is a 400 naming the parameter. */
export const Id = z.coerce.number({ error: 'must be a positive integer id' }).int('must be a positive integer id').positive('must be a positive integer id').max(2_147_483_647, 'must be a positive integer id');
export const IdParam = z.object({ id: Id });

/** The version an edit is based on; a stale one is refused with 409. */
export const Version = z.number().int().positive();

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
