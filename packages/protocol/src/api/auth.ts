/** Who is signed in (apps/server/src/auth/routes.ts); API tokens are in ./tokens.ts. */
import { ROLES } from '@kefu/domain';
import { z } from 'zod';
import { RowId } from './common.ts';

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
