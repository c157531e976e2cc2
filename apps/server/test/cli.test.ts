import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, watch } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleServer } from '../src/build/server-bundle.ts';

// The command as `npm start` runs it: the server bundle (build/server-bundle.ts), built here from the sources.
const root = fileURLToPath(new URL('../../..', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'kefu-cli-'));
const bundle = join(root, 'apps/server/dist', `kefu-test-${process.pid}.mjs`);
beforeAll(() => bundleServer(root, bundle));
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
  for (const file of [bundle, `${bundle}.map`]) rmSync(file, { force: true });
});

function run(args: string[], env: Record<string, string>) {
  const { DATABASE_URL: _ignored, ...rest } = process.env;
  return spawn(process.execPath, ['--enable-source-maps', bundle, ...args], {
    cwd: root,
    env: { ...rest, DATA_DIR: dataDir, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

async function waitFor(url: string, timeoutMs: number) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      const res = await fetch(url);
      if (res.ok) return res;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer in ${timeoutMs} ms`);
}

describe('the server bundle', () => {
  it("keeps each file's own location, so data files next to the sources are found", () => {
    const text = readFileSync(bundle, 'utf8');
    // Only the banner asks for the bundle's own URL; every file's URL is its source file's.
    expect(text.match(/import\.meta\.url/g)).toHaveLength(1);
    const sources = [...new Set(text.match(/"file:\/\/\/[^"]+\.ts"/g) ?? [])].map((s) => fileURLToPath(JSON.parse(s) as string));
    expect(sources.length).toBeGreaterThan(3);
    for (const source of sources) expect(existsSync(source), source).toBe(true);
    for (const model of ['packages/nlp/models/sentiment-v1.bin', 'packages/nlp/models/intent-v1.json']) {
      const from = sources.find((s) => s.includes(model.includes('sentiment') ? '/sentiment/model.ts' : '/intent/model.ts'))!;
      expect(existsSync(fileURLToPath(new URL(`../../models/${model.split('/').at(-1)}`, `file://${from}`)))).toBe(true);
    }
  });
});

describe('the kefu command', () => {
  it('refuses a bad configuration with a message naming the variable', async () => {
    const child = run(['start'], { PORT: 'eighty' });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toMatch(/PORT/);
  });

  it('starts on an empty PGlite folder with the demo shop, keeping the folder locked throughout, and shuts down cleanly on SIGTERM', async () => {
    const port = String(20000 + Math.floor(Math.random() * 20000));
    // Each creation or removal of the lock file is a 'rename' event: one means it was never let go in between.
    const lockEvents: string[] = [];
    const watcher = watch(dataDir, (event, file) => {
      if (file === 'kefu.lock' && event === 'rename') lockEvents.push(event);
    });
    const child = run(['start'], { PORT: port, HOST: '127.0.0.1' });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    try {
      const ready = await waitFor(`http://127.0.0.1:${port}/readyz`, 120_000);
      expect(await ready.json()).toEqual({ ok: true, engine: 'pglite' });
      expect(JSON.parse(readFileSync(join(dataDir, 'kefu.lock'), 'utf8'))).toMatchObject({ pid: child.pid });
      expect(lockEvents).toHaveLength(1);
      const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: 'kefu2026' }),
      });
      expect(login.status).toBe(200);
      // The demo FAQ came from packages/nlp/data, found from the bundle as from the sources; the web app is served.
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      const faqs = await fetch(`http://127.0.0.1:${port}/api/knowledge/faqs`, { headers: { cookie } });
      expect(((await faqs.json()) as { faqs: unknown[] }).faqs.length).toBeGreaterThan(10);
      const page = await fetch(`http://127.0.0.1:${port}/`);
      expect(page.headers.get('content-type')).toMatch(/text\/html/);
    } finally {
      watcher.close();
      child.kill('SIGTERM');
    }
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect(code).toBe(0);
    expect(existsSync(join(dataDir, 'kefu.lock'))).toBe(false);
    expect(output).toMatch(/demo shop created/);
    expect(output).toMatch(/shutting down/);
  }, 150_000);
});
