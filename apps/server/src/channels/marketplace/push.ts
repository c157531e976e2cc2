import { ImMessage, ImPushRefused } from './contract.ts';
import { parseChinaTimestamp, signatureMatches } from './signing.ts';

/** How old a pushed message's timestamp may be (and how far ahead): older is a replay, refused. */
export const PUSH_WINDOW_MS = 5 * 60_000;

/**
 * A signed push's fields (a JSON object of strings): parsed, its app key checked, its signature (signing.ts md5)
 * and its timestamp within the window. Everything wrong is an ImPushRefused naming what.
 */
export function readSignedFields(body: Buffer, appKeyField: string, appKey: string, secret: string, now = Date.now()): Record<string, string> {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    throw new ImPushRefused(400, 'body: not JSON');
  }
  // A plain check, not a schema: this runs for every pushed message.
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw new ImPushRefused(400, 'body: an object of strings expected');
  const f: Record<string, string> = {};
  for (const [k, v] of Object.entries(json)) {
    if (typeof v !== 'string' && typeof v !== 'number') throw new ImPushRefused(400, `${k}: a string expected`);
    f[k] = String(v);
  }
  if (f[appKeyField] !== appKey) throw new ImPushRefused(401, `${appKeyField}: not this shop's app`);
  if (!signatureMatches(f, secret, f.sign)) throw new ImPushRefused(401, 'sign: does not match');
  const at = /^\d{10,13}$/.test(f.timestamp ?? '')
    ? new Date(Number(f.timestamp) * (f.timestamp!.length === 10 ? 1000 : 1))
    : parseChinaTimestamp(f.timestamp ?? '');
  if (!at) throw new ImPushRefused(400, 'timestamp: missing or unreadable');
  if (Math.abs(now - at.getTime()) > PUSH_WINDOW_MS) throw new ImPushRefused(401, 'timestamp: outside the 5-minute window (a replay?)');
  return f;
}

/** The JSON a field carries, or an ImPushRefused naming the field. */
export function jsonField(fields: Record<string, string>, name: string): unknown {
  try {
    return JSON.parse(fields[name] ?? '');
  } catch {
    throw new ImPushRefused(400, `${name}: not JSON`);
  }
}

/** A buyer message checked against the common shape; an ImPushRefused naming the field otherwise. */
export function checkedMessage(candidate: Record<string, unknown>, prefix: string): ImMessage {
  const message = ImMessage.safeParse(candidate);
  if (message.success) return message.data;
  const issue = message.error.issues[0]!;
  throw new ImPushRefused(400, `${prefix}.${issue.path.join('.')}: ${issue.message}`);
}
