// Bundles the GitHub Action (src/action/main.ts) into one self-contained file, so the action runs with no install
// and no build at use time: `npm run build:action` writes action/dist/, which is committed.
//   node scripts/build-action.mjs [outdir]        (default action/dist; the up-to-date test builds into a temp dir)
//
// The bundle sits two directories below the repository root, as dist/cli/*.js does, so the paths the code
// resolves from import.meta.url ('../../package.json', '../../schemas/…', '../../examples/…') still find the
// package root. The two worker threads are entries next to main.js: derive-trace-ids starts
// new URL('./trace-ids-worker.js', import.meta.url) and stream-trace-chunks new URL('./trace-chunks-worker.js', …),
// which from the bundle are those files.
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const outdir = path.resolve(process.argv[2] ?? path.join(root, 'action/dist'));

await build({
  absWorkingDir: root,
  entryPoints: {
    main: 'src/action/main.ts',
    'trace-ids-worker': 'src/traces/trace-ids-worker.ts',
    'trace-chunks-worker': 'src/traces/trace-chunks-worker.ts',
  },
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
