import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** What the web app and the widget are built from: their sources, pages and build settings, and the workspace packages they bundle. */
export const BUILD_SOURCES = [
  'apps/web/src',
  'apps/web/index.html',
  'apps/web/public',
  'apps/web/vite.config.ts',
  'apps/widget/src',
  'apps/widget/chat.html',
  'apps/widget/demo.html',
  'apps/widget/vite.config.ts',
  'apps/widget/vite.pages.config.ts',
  'apps/server/src/build/compress-dist.ts',
  'packages/protocol/src',
  'packages/domain/src',
  'packages/text/src',
];
/** What a build leaves: each must exist, and be newer than every source. */
export const BUILD_OUTPUTS = ['apps/web/dist/index.html', 'apps/widget/dist/widget.js'];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/**
 * Why the build must run again, or null when it is fresh: a missing output, or a source changed after it (a
 * `git pull`, an edit) — so `npm start` never serves the UI of an older checkout.
 */
export function staleBuildReason(root: string, sources = BUILD_SOURCES, outputs = BUILD_OUTPUTS): string | null {
  const missing = outputs.find((o) => !existsSync(join(root, o)));
  if (missing) return `${missing} is missing`;
  const built = Math.min(...outputs.map((o) => statSync(join(root, o)).mtimeMs));
  const changed = sources.find((s) => newestMtime(join(root, s)) > built);
  return changed ? `${changed} changed since the last build` : null;
}
