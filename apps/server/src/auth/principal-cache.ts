import type { Principal } from '../http/context.ts';

/**
 * Who a session or API token belongs to, remembered for a few seconds so a busy integration does not pay a
 * query per request. Logging out, revoking and deactivating forget at once in this process; other
 * processes notice within TTL_MS.
 */
const TTL_MS = 5000;
const MAX_ENTRIES = 10_000;
const entries = new Map<string, { principal: Principal; until: number }>();

export function recall(tokenHash: string): Principal | undefined {
  const entry = entries.get(tokenHash);
  if (!entry) return undefined;
  if (entry.until < Date.now()) {
    entries.delete(tokenHash);
    return undefined;
  }
  return entry.principal;
}

export function remember(tokenHash: string, principal: Principal): void {
  if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!);
  entries.set(tokenHash, { principal, until: Date.now() + TTL_MS });
}

export function forgetToken(tokenHash: string): void {
  entries.delete(tokenHash);
}

export function forgetUser(userId: number): void {
  for (const [hash, entry] of entries) if (entry.principal.id === userId) entries.delete(hash);
}
