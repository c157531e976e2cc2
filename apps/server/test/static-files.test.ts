import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compressDist } from '../src/build/compress-dist.ts';
import { staleBuildReason } from '../src/build/freshness.ts';
import { cacheControlFor } from '../src/http/static-files.ts';
import { createTestApp, type TestApp } from './helpers.ts';

const ASSET = 'assets/index-Bq3xZ9kL.js';
const script = `console.log(${JSON.stringify('客服'.repeat(2000))});\n`;

describe('the built web app as a browser gets it', () => {
  let t: TestApp;
  let dist: string;
  beforeAll(async () => {
    dist = mkdtempSync(join(tmpdir(), 'kefu-dist-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>kefu</title>');
    writeFileSync(join(dist, ASSET), script);
    expect(compressDist(dist)).toMatchObject({ files: 1 });
    t = await createTestApp({ WEB_DIST: dist });
  });
  afterAll(async () => {
    await t.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('sends hashed files compressed (brotli, else gzip) and cached as immutable', async () => {
    const br = await t.app.inject({ method: 'GET', url: `/${ASSET}`, headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(br.rawPayload.length).toBeLessThan(script.length / 5);
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(script);

    const gz = await t.app.inject({ method: 'GET', url: `/${ASSET}`, headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString()).toBe(script);

    const plain = await t.app.inject({ method: 'GET', url: `/${ASSET}`, headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(script);
  });

  it('makes the browser check the page on every visit, so a new build shows at once', async () => {
    for (const url of ['/', '/index.html', '/tickets/12']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['cache-control'], url).toBe('no-cache');
      expect(res.body).toContain('<title>kefu</title>');
    }
  });

  it('still answers an unknown API route with a JSON 404', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ error: expect.any(String) });
  });

  it('caches only names a build can never reuse', () => {
    expect(cacheControlFor('/dist/assets/index-Bq3xZ9kL.js')).toContain('immutable');
    expect(cacheControlFor('/dist/assets/ChatPage-a1B2c3D4.css')).toContain('immutable');
    expect(cacheControlFor('/widget/dist/widget.js')).toBe('no-cache');
    expect(cacheControlFor('/dist/assets/index-Bq3xZ9kL.js.br')).toContain('immutable');
    expect(cacheControlFor('/dist/favicon.svg')).toBe('no-cache');
  });
});

describe('npm start rebuilds the UI when its sources changed', () => {
  let root: string;
  const touch = (path: string, at: number) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), 'x');
    utimesSync(join(root, path), at / 1000, at / 1000);
  };
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'kefu-root-'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('builds when an output is missing, when a source is newer, and not when the build is fresh', () => {
    const sources = ['web/src', 'widget/src'];
    const outputs = ['web/dist/index.html', 'widget/dist/widget.js'];
    const t0 = Date.now() - 60_000;
    touch('web/src/App.tsx', t0);
    touch('widget/src/widget.ts', t0);
    expect(staleBuildReason(root, sources, outputs)).toBe('web/dist/index.html is missing');
    touch('web/dist/index.html', t0 + 10_000);
    touch('widget/dist/widget.js', t0 + 10_000);
    utimesSync(join(root, 'web/src'), t0 / 1000, t0 / 1000);
    utimesSync(join(root, 'widget/src'), t0 / 1000, t0 / 1000);
    expect(staleBuildReason(root, sources, outputs)).toBeNull();
    touch('widget/src/frame/lang.ts', t0 + 20_000); // a `git pull` brought a new file
    expect(staleBuildReason(root, sources, outputs)).toBe('widget/src changed since the last build');
  });
});
