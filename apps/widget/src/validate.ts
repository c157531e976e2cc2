// Input checks for the small forms (pure, unit-tested).

export const MAX_TEXT = 2000;
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;

/** A mainland mobile number (optionally +86), or an international one written with +; null if neither. */
export function normalizePhone(input: string): string | null {
  const s = input.replace(/[\s()-]/g, '');
  const cn = /^(?:\+?86)?(1[3-9]\d{9})$/.exec(s);
  if (cn) return cn[1]!;
  if (/^\+\d{7,15}$/.test(s)) return s;
  return null;
}

export function isEmail(input: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(input.trim());
}

/** "手机或邮箱" in one field. */
export function parseContact(input: string): { phone: string } | { email: string } | null {
  const s = input.trim();
  if (!s) return null;
  if (s.includes('@')) return isEmail(s) ? { email: s } : null;
  const phone = normalizePhone(s);
  return phone ? { phone } : null;
}

export function normalizeOrderNo(input: string): string | null {
  const s = input.trim().replace(/\s+/g, '');
  return /^[A-Za-z0-9_-]{4,40}$/.test(s) ? s : null;
}
