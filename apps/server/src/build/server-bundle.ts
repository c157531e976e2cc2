import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';

/** The server as `npm start` runs it: kefu's own code in one file; npm packages stay in node_modules. */
export const SERVER_BUNDLE = 'apps/server/dist/kefu.mjs';
/** What the bundle is made from. */
export const SERVER_SOURCES = ['apps/server/src', 'packages/domain/src', 'packages/nlp/src', 'packages/protocol/src', 'packages/text/src'];
const MANIFESTS = ['package.json', 'apps/server/package.json', ...SERVER_SOURCES.slice(1).map((s) => s.replace(/src$/, 'package.json'))];

/**
 * Bundles the server (docs/decisions/0018-server-bundle.md). Run through tsx, a start loads ~480 TypeScript files
 * one by one through its loader thread: 0.6 s of a 2 s restart. The bundle is plain JavaScript; a restart on the
 * demo data takes about 1.3 s. Files that find their data next to themselves (`new URL('../models/…',
 * import.meta.url)`) keep their own location: `import.meta.url` is replaced by the source file's URL.
 */
export async function bundleServer(root: string, outfile = join(root, SERVER_BUNDLE)): Promise<void> {
  await build({
    absWorkingDir: root,
    entryPoints: ['apps/server/src/cli.ts'],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'linked',
    external: npmPackages(root).flatMap((name) => [name, `${name}/*`]),
    plugins: [sourceLocations],
    // Bundled CommonJS helpers (none today) would need `require` in an ES module.
    banner: { js: "import { createRequire as kefuCreateRequire } from 'node:module'; const require = kefuCreateRequire(import.meta.url);" },
    logLevel: 'warning',
  });
}

/** Every npm package kefu's manifests name, except the workspace's own (`@kefu/*`), which are bundled. */
function npmPackages(root: string): string[] {
  const names = new Set<string>();
  for (const manifest of MANIFESTS) {
    const json = JSON.parse(readFileSync(join(root, manifest), 'utf8')) as Record<string, Record<string, string> | undefined>;
    for (const field of ['dependencies', 'devDependencies', 'optionalDependencies']) {
      for (const name of Object.keys(json[field] ?? {})) if (!name.startsWith('@kefu/')) names.add(name);
    }
  }
  return [...names];
}

const sourceLocations: Plugin = {
  name: 'kefu-source-locations',
  setup(b) {
    b.onLoad({ filter: /\/(apps|packages)\/[^/]+\/src\/.*\.tsx?$/ }, (args) => ({
      contents: readFileSync(args.path, 'utf8')
        .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href))
        .replaceAll('import.meta.dirname', JSON.stringify(dirname(args.path))),
      loader: args.path.endsWith('x') ? 'tsx' : 'ts',
    }));
  },
};
