// Bundles the GitHub Action (src/action/main.ts) into one self-contained file, so the action runs with no install
// and no build at use time: `npm run build:action` writes action/dist/, which is committed.
//   node scripts/build-action.mjs [outdir]        (default action/dist; the up-to-date test builds into a temp dir)
// The configuration (and why the bundle sits two directories below the root) is in bundle-node.mjs.
import path from 'node:path';
import { bundleNode, ROOT } from './bundle-node.mjs';

await bundleNode('src/action/main.ts', path.resolve(process.argv[2] ?? path.join(ROOT, 'action/dist')));
