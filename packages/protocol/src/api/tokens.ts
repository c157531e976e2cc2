/** API tokens (apps/server/src/auth/tokens.ts): listed without their secret, with when they were last used. */
import { z } from 'zod';
import { RowId, Timestamp } from './common.ts';

/** An API token as its owner (or an admin) sees it later: never the secret. */
export const ApiToken = z.object({
  id: RowId,
  name: z.string(),
  createdAt: Timestamp,
  /** When a request last came with it (to the minute); null when never. */
  lastUsedAt: Timestamp.nullable(),
  revokedAt: Timestamp.nullable(),
  owner: z.object({ id: RowId, displayName: z.string() }),
});
/** GET /api/auth/tokens: the caller's own tokens; `?scope=all` (admins): everyone's. */
export const ApiTokenList = z.object({ tokens: z.array(ApiToken) });

/** POST /api/auth/tokens: the only answer that shows the secret; it is not stored and cannot be shown again. */
export const CreatedApiToken = z.object({ id: RowId, name: z.string(), createdAt: Timestamp, token: z.string() });
