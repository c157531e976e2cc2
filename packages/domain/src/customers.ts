export const IDENTITY_KINDS = ['phone', 'email', 'taobao', 'jd', 'pdd', 'shop'] as const;
export type IdentityKind = (typeof IDENTITY_KINDS)[number];

/** at_risk is churn risk; every value but regular is reached by a computed-segment rule (segments/). */
export const SEGMENTS = ['vip', 'high_value', 'at_risk', 'new', 'regular', 'active', 'complaint_prone'] as const;
export type Segment = (typeof SEGMENTS)[number];

/** Mainland mobile numbers: 11 digits starting with 1; landlines keep their digits and area code. */
export function normalizePhone(raw: string): string | null {
  let digits = raw.replace(/[\s\-()（）]/g, '');
  if (digits.startsWith('+86')) digits = digits.slice(3);
  else if (digits.startsWith('0086')) digits = digits.slice(4);
  if (!/^\d{7,12}$/.test(digits)) return null;
  if (digits.length === 11 && digits.startsWith('1') && !/^1[3-9]/.test(digits)) return null;
  return digits;
}

export function normalizeEmail(raw: string): string | null {
  const email = raw.trim().toLowerCase();
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) ? email : null;
}

/** The value under which an identity is unique; null when the raw value is not a valid one. */
export function normalizeIdentity(kind: IdentityKind, raw: string): string | null {
  if (kind === 'phone') return normalizePhone(raw);
  if (kind === 'email') return normalizeEmail(raw);
  const nick = raw.trim();
  return nick.length > 0 && nick.length <= 64 ? nick : null;
}

export interface Identity {
  kind: IdentityKind;
  value: string;
}

/** Identities of `candidate` that already belong to someone in `existing` (both normalized). */
export function sharedIdentities(candidate: readonly Identity[], existing: readonly Identity[]): Identity[] {
  const known = new Set(existing.map((i) => `${i.kind}:${i.value}`));
  return candidate.filter((i) => known.has(`${i.kind}:${i.value}`));
}

/** Merging keeps the target's values and fills its gaps from the source; lists are united. */
export function mergeFields<T extends Record<string, unknown>>(target: T, source: T): T {
  const merged: Record<string, unknown> = { ...target };
  for (const [key, value] of Object.entries(source)) {
    const mine = merged[key];
    if (Array.isArray(mine) && Array.isArray(value)) merged[key] = [...new Set([...mine, ...value])];
    else if ((mine === null || mine === undefined || mine === '') && value !== undefined) merged[key] = value;
  }
  return merged as T;
}
