import { fileURLToPath } from 'node:url';
import { globFiles, parseCircular, parseDependencyTree, type DependencyTree } from 'dpdm';
import { beforeAll, describe, expect, it } from 'vitest';

// Type-only imports count too: a cycle through `import type` still means neither module can be read without the other.
const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const SOURCES = ['apps/*/src/**/*.{ts,tsx}', 'packages/*/src/**/*.ts'];

let files: string[];
let tree: DependencyTree;

beforeAll(async () => {
  files = (await Promise.all(SOURCES.map((pattern) => globFiles(pattern, ROOT)))).flat();
  tree = await parseDependencyTree(files, { cwd: ROOT, context: ROOT, transform: false });
}, 120_000);

describe('module structure', () => {
  it('sees every source file and resolves every relative and @kefu import, so no cycle hides behind a missed edge', () => {
    expect(files.length).toBeGreaterThan(200);
    for (const file of files) expect(tree[file], file).toBeTruthy();
    const missed = Object.values(tree)
      .flatMap((deps) => deps ?? [])
      .filter((dep) => (dep.request.startsWith('.') || dep.request.startsWith('@kefu/')) && dep.id === null)
      .map((dep) => `${dep.issuer}: ${dep.request}`);
    expect(missed).toEqual([]);
  });

  it('has no import cycle in any app or package source', () => {
    const cycles = parseCircular(tree).map((cycle) => [...cycle, cycle[0]].join(' -> '));
    expect(cycles).toEqual([]);
  });
});
