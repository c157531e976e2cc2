import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, ERRORS, ErrorBody } from '../src/errors.ts';

/** The rows of docs/api.md's "Error codes" table: code → status. */
function documentedCodes(): Record<string, number> {
  const doc = readFileSync(new URL('../../../docs/api.md', import.meta.url), 'utf8');
  const section = doc.split(/^## /m).find((s) => s.startsWith('Error codes'));
  if (!section) throw new Error('docs/api.md has no "Error codes" section');
  const rows = [...section.matchAll(/^\| `(\w+)` \| (\d{3}) \|/gm)];
  return Object.fromEntries(rows.map(([, code, status]) => [code!, Number(status)]));
}

describe('the error catalogue', () => {
  it('is what docs/api.md lists: every code, with its status', () => {
    const catalogue = Object.fromEntries(Object.entries(ERRORS).map(([code, e]) => [code, e.status]));
    expect(documentedCodes()).toEqual(catalogue);
  });

  it('gives every code a client or server error status and a message', () => {
    for (const code of ERROR_CODES) {
      expect(ERRORS[code].status, code).toBeGreaterThanOrEqual(400);
      expect(ERRORS[code].status, code).toBeLessThan(600);
      expect(ERRORS[code].message, code).not.toBe('');
    }
  });

  it('describes an error body: a known code, a message, and any details', () => {
    const body = { error: 'stale_version', message: 'the ticket was changed by someone else; reload and try again', currentVersion: 4 };
    expect(ErrorBody.parse(body)).toEqual(body);
    expect(ErrorBody.safeParse({ ...body, error: 'made_up' }).success).toBe(false);
    expect(ErrorBody.safeParse({ error: 'invalid_input', message: 'x', fields: [{ field: 'body.subject' }] }).success).toBe(false);
  });
});
