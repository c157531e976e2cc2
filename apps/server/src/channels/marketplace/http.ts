import { ImRefused } from './contract.ts';

/**
 * One call to an open platform's gateway: the signed parameters as a form POST, the JSON answer back. The network
 * failing, a timeout or a 5xx is a transient refusal (the outbox tries again); the platform's own error envelope is
 * read by the adapter.
 */
export async function postForm(url: string, params: Record<string, string>, timeoutMs: number): Promise<Record<string, unknown>> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8' },
      body: new URLSearchParams(params).toString(),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    throw new ImRefused('network', (err as Error).message, false);
  }
  const text = await res.text();
  if (res.status >= 500) throw new ImRefused(`http_${res.status}`, text.slice(0, 200), false);
  try {
    const body = JSON.parse(text) as unknown;
    if (body && typeof body === 'object' && !Array.isArray(body)) return body as Record<string, unknown>;
  } catch {
    // fall through: not JSON
  }
  throw new ImRefused(`http_${res.status}`, `unreadable answer: ${text.slice(0, 200)}`, res.status >= 400 && res.status < 500);
}

/** The platform's message id, buyer id and text, whatever type the platform gave them in (numbers for ids). */
export const idText = (v: unknown): string => (typeof v === 'number' || typeof v === 'bigint' ? String(v) : typeof v === 'string' ? v : '');
