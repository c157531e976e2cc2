/** Every action kefu writes to the audit log has a name: Chinese in the Excel export, both languages in the web app. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { auditEn, auditZh } from '../../web/src/i18n/audit.ts';
import { ACTION_LABELS, ENTITY_LABELS } from '../src/audit/labels.ts';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [readFileSync(join(dir, e.name), 'utf8')] : [],
  );
}

/** The literal actions and entities of `audit(tx, { action: '…', entity: '…' })` calls, and `a ? 'x.y' : 'x.z'` pairs. */
function written(): { actions: Set<string>; entities: Set<string> } {
  const actions = new Set<string>();
  const entities = new Set<string>();
  for (const text of sources(SRC)) {
    for (const m of text.matchAll(/action: ([^,\n]+)/g)) for (const a of m[1]!.matchAll(/'([a-z_-]+\.[a-z_-]+)'/g)) actions.add(a[1]!);
    for (const m of text.matchAll(/entity: '([a-z_-]+)'/g)) entities.add(m[1]!);
  }
  return { actions, entities };
}

describe('audit names', () => {
  const { actions, entities } = written();

  it('finds the actions it checks', () => {
    expect(actions.size).toBeGreaterThan(40);
    expect(actions).toContain('group.add_member');
  });

  it('names every action and record type in the export and in both languages of the web app', () => {
    const zh = auditZh as Record<string, string>;
    const en = auditEn as Record<string, string>;
    expect([...actions].filter((a) => !ACTION_LABELS[a])).toEqual([]);
    expect([...actions].filter((a) => !zh[`audit.action.${a}`] || !en[`audit.action.${a}`])).toEqual([]);
    expect([...entities].filter((e) => !ENTITY_LABELS[e])).toEqual([]);
    expect([...entities].filter((e) => !zh[`audit.entity.${e}`] || !en[`audit.entity.${e}`])).toEqual([]);
  });
});
