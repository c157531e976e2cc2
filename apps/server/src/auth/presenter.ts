import type { ApiToken, CreatedApiToken, Me } from '@kefu/protocol/api/auth';
import type { z } from 'zod';
import type { Principal } from '../http/context.ts';

export function presentMe(principal: Principal): z.output<typeof Me> {
  return { id: principal.id, username: principal.username, displayName: principal.displayName, role: principal.role, via: principal.via };
}

interface TokenRow {
  id: number;
  name: string;
  created_at: Date;
  revoked_at: Date | null;
}

export function presentApiToken(row: TokenRow): z.output<typeof ApiToken> {
  return { id: row.id, name: row.name, createdAt: row.created_at, revokedAt: row.revoked_at };
}

export function presentCreatedApiToken(row: Omit<TokenRow, 'revoked_at'> & { token: string }): z.output<typeof CreatedApiToken> {
  return { id: row.id, name: row.name, createdAt: row.created_at, token: row.token };
}
