import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The request signature the Chinese open platforms share (Taobao TOP, JD JOS, Pinduoduo): the parameters other than
 * `sign`, sorted by name, written as name+value with nothing between; then MD5 over secret + that + secret, or an HMAC
 * with the secret as key (TOP's `hmac` and `hmac-sha256`), in upper-case hex.
 */
export type SignMethod = 'md5' | 'hmac' | 'hmac-sha256';

export function sortedConcat(params: Record<string, string>): string {
  return Object.keys(params)
    .filter((k) => k !== 'sign' && params[k] !== undefined && params[k] !== '')
    .sort()
    .map((k) => `${k}${params[k]}`)
    .join('');
}

export function signParams(params: Record<string, string>, secret: string, method: SignMethod = 'md5'): string {
  const text = sortedConcat(params);
  const digest =
    method === 'md5'
      ? createHash('md5').update(`${secret}${text}${secret}`, 'utf8').digest('hex')
      : createHmac(method === 'hmac' ? 'md5' : 'sha256', secret)
          .update(text, 'utf8')
          .digest('hex');
  return digest.toUpperCase();
}

/** Whether `given` is the signature of `params` (compared in constant time). */
export function signatureMatches(params: Record<string, string>, secret: string, given: string | undefined, method: SignMethod = 'md5'): boolean {
  if (!given) return false;
  const expected = Buffer.from(signParams(params, secret, method));
  const actual = Buffer.from(given.toUpperCase());
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A platform timestamp in China time, 'yyyy-MM-dd HH:mm:ss' (TOP and JOS use it). */
export function chinaTimestamp(d: Date): string {
  return new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
}

/** The moment a 'yyyy-MM-dd HH:mm:ss' China-time stamp names; undefined when it is not one. */
export function parseChinaTimestamp(text: string): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text);
  if (!m) return undefined;
  const d = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}+08:00`);
  return Number.isNaN(d.getTime()) ? undefined : d;
}
