/** Who is signed in, and their API tokens (apps/server/src/auth/routes.ts). */
import { ROLES } from '@kefu/domain';
import { z } from 'zod';
import { RowId, Timestamp } from './common.ts';

/** The signed-in user, and how they signed in (a session cookie or an API token). */
export const Me = z.object({
  id: RowId,
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  via: z.enum(['session', 'token']),
});

/** POST /api/auth/login and GET /api/auth/me. */
export const MeAnswer = z.object({ user: Me });

/** An API token as its owner sees it later: never the secret. */
export const ApiToken = z.object({ id: RowId, name: z.string(), createdAt: Timestamp, revokedAt: Timestamp.nullable() });
export const ApiTokenList = z.object({ tokens: z.array(ApiToken) });

/** POST /api/auth/tokens: the only answer that shows the secret; it is not stored and cannot be shown again. */
export const CreatedApiToken = z.object({ id: RowId, name: z.string(), createdAt: Timestamp, token: z.string() });
