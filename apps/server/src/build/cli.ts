import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { compressDist } from './compress-dist.ts';
import { staleBuildReason } from './freshness.ts';
import { bundleServer, SERVER_BUNDLE, SERVER_SOURCES } from './server-bundle.ts';

/**
 * `compress <dir>…` after a build; `if-stale` before `npm start` and `npm test`: builds the UI when its sources are
 * newer than its build, and the server bundle when the server's are.
 */
const root = join(import.meta.dirname, '../../../..');
const [command, ...args] = process.argv.slice(2);

if (command === 'compress') {
  for (const dir of args) {
    const r = compressDist(join(root, dir));
    console.log(`${dir}: ${r.files} files, ${(r.bytes / 1024).toFixed(0)} kB → ${(r.brotliBytes / 1024).toFixed(0)} kB brotli`);
  }
} else if (command === 'if-stale') {
  const reason = staleBuildReason(root);
  if (reason) {
    console.log(`building the web app and the widget: ${reason}`);
    const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
    process.exitCode = build.status ?? 1;
  }
  const serverReason = staleBuildReason(root, SERVER_SOURCES, [SERVER_BUNDLE]);
  if (serverReason && !process.exitCode) {
    console.log(`bundling the server: ${serverReason}`);
    await bundleServer(root);
  }
} else {
  console.error('usage: build/cli.ts compress <dir>… | if-stale');
  process.exitCode = 2;
}
