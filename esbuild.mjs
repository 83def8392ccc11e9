// Bundles the extension, the language server and the CLI, one bundle each, so the VSIX ships
// no node_modules. `--e2e` also bundles the suite that runs inside VS Code; `--bench` the
// benchmark's measuring process, so that it measures the core as the server runs it (bundled
// the same way, not through tsx's transform); `--watch` rebuilds on change. Imported (by
// bench/compare.ts), it builds nothing and gives the options every bundle shares.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

const watch = process.argv.includes('--watch');

/**
 * A hash of the analysis core's sources: the parse cache keeps a name index only for the build of
 * the code that made it (see server/src/workspace/parseCache.ts). Worked out once per run; a
 * --watch rebuild of changed core code keeps the old stamp until esbuild.mjs is run again.
 */
function coreStamp() {
  const hash = createHash('sha1');
  const files = readdirSync('server/src/core', { recursive: true }).filter((file) => file.endsWith('.ts')).sort();
  for (const file of files) hash.update(`${file}\0`).update(readFileSync(`server/src/core/${file}`)).update('\0');
  return hash.digest('hex').slice(0, 16);
}

export const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // Node 20 has every Unicode property escape the code uses (\p{L}, \p{Lu}, \p{M}, …), but esbuild
  // turns such regex literals into \`new RegExp(…)\` calls for this target (evanw/esbuild#3471): in a
  // function, a new object on every call — the draft's words were folded through one.
  supported: { 'regexp-unicode-property-escapes': true },
  sourcemap: 'linked',
  logLevel: 'warning',
  external: ['vscode'],
  // Some dependencies ship ESM that reads import.meta.url; in a CommonJS bundle it must be defined.
  define: { 'import.meta.url': 'importMetaUrl', FACTMARK_CORE_STAMP: JSON.stringify(coreStamp()) },
  banner: { js: "const importMetaUrl = require('url').pathToFileURL(__filename).href;" },
};

/** Run as a script (`node esbuild.mjs`), not imported. */
const asScript = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;

const builds = [
  { entryPoints: { extension: 'client/src/extension.ts' }, outdir: 'dist' },
  { entryPoints: { server: 'server/src/lsp/main.ts' }, outdir: 'dist' },
  { entryPoints: { cli: 'server/src/cli/main.ts' }, outdir: 'dist', banner: { js: `#!/usr/bin/env node\n${common.banner.js}` } },
];
if (process.argv.includes('--e2e')) {
  // Mocha's parallel runner is never used inside VS Code; its require.resolve warnings are noise.
  builds.push({ entryPoints: { suite: 'test/e2e/suite/index.ts' }, outdir: 'out/e2e', logLevel: 'error' });
}

if (process.argv.includes('--bench')) {
  // In out/, like dist/, one level below the root: the worker finds the schema and node_modules from there.
  builds.push({ entryPoints: { 'scale-worker': 'bench/scale-worker.ts', phases: 'bench/phases.ts', profile: 'bench/profile.ts' }, outdir: 'out', logLevel: 'error' });
}

if (asScript) {
  const contexts = await Promise.all(builds.map((options) => esbuild.context({ ...common, ...options })));
  if (watch) {
    await Promise.all(contexts.map((context) => context.watch()));
  } else {
    await Promise.all(contexts.map((context) => context.rebuild()));
    await Promise.all(contexts.map((context) => context.dispose()));
  }
}
