import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../../../..');

/** The oldest Node the README promises ("Node 20 or newer"): Node 20's current line, which vite also requires. */
const PROMISED_NODE = '20.19.0';

describe('the Node version the README promises', () => {
  it('is what package.json says and what the README says', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { engines: { node: string } };
    expect(semver.satisfies(PROMISED_NODE, pkg.engines.node)).toBe(true);
    expect(readFileSync(join(root, 'README.md'), 'utf8')).toContain('Node 20 or newer');
  });

  it('is supported by every installed package (npm install warns about none)', () => {
    const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { version?: string; engines?: { node?: string } | string[] }>;
    };
    const unsupported = Object.entries(lock.packages)
      .filter(([, p]) => p.engines && !Array.isArray(p.engines) && p.engines.node)
      .filter(([, p]) => !semver.satisfies(PROMISED_NODE, (p.engines as { node: string }).node))
      .map(([path, p]) => `${path}@${p.version} wants node ${(p.engines as { node: string }).node}`);
    expect(unsupported).toEqual([]);
  });
});
