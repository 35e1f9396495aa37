// One esbuild configuration for galctl's self-contained bundles: the GitHub Action (build-action.mjs) and the CLI
// (build-cli.mjs). A bundle sits two directories below the repository root, as dist/cli/*.js does, so the paths the
// code resolves from import.meta.url ('../../package.json', '../../schemas/…') still find the package root. Every
// worker thread (started as new URL('./<name>.js', import.meta.url)) is an entry next to main.js.
import { build } from 'esbuild';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../', import.meta.url));

/**
 * The worker threads a bundle must carry beside its main entry, by output name: every module that src/ starts as
 * `new URL('./<name>.js', import.meta.url)`, found by reading the sources (a new worker needs no edit here).
 */
function workerEntries() {
  const found = {};
  const walk = (dir) => {
    for (const e of readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
      const rel = `${dir}/${e.name}`;
      if (e.isDirectory()) walk(rel);
      else if (e.name.endsWith('.ts')) {
        for (const m of readFileSync(path.join(ROOT, rel), 'utf8').matchAll(/new URL\('\.\/([\w-]+)\.js', import\.meta\.url\)/g)) found[m[1]] = `${dir}/${m[1]}.ts`;
      }
    }
  };
  walk('src');
  return Object.fromEntries(Object.entries(found).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/**
 * Bundles `main` (a path under src/) and every worker into `outdir`, ESM for Node 20, unminified; `plugin`: an esbuild
 * plugin; `splitting`: each dynamically imported module (a CLI command) in a chunk of its own, read only when used.
 */
export async function bundleNode(main, outdir, plugin, { splitting = false } = {}) {
  await build({
    splitting,
    plugins: plugin === undefined ? [] : [plugin],
    absWorkingDir: ROOT,
    entryPoints: { main, ...workerEntries() },
    outdir,
    outExtension: { '.js': '.js' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    minify: false,
    sourcemap: false,
    legalComments: 'none',
    charset: 'utf8',
    logLevel: 'warning',
    // some dependencies call require(): an ESM bundle has none unless it makes one
    banner: { js: "import { createRequire as __galctlCreateRequire } from 'node:module';\nconst require = __galctlCreateRequire(import.meta.url);" },
  });
}
