import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** What bin/galctl.js runs (scripts/build-cli.mjs). */
const BUNDLE = 'dist/cli-bundle/main.js';

/**
 * Why dist/ does not match src/, or null when it does: every src/**\/*.ts must have its dist/**\/*.js, written no
 * earlier than the source was last changed (tsc writes every output on each build), and so must the CLI bundle. Tests that spawn the built CLI
 * run dist/, so an edit to src/ without `npm run build` would test the old code.
 */
export function staleBuildReason(root: string): string | null {
  const src = path.join(root, 'src');
  const bundledAt = mtimeOf(path.join(root, BUNDLE));
  for (const file of tsFilesUnder(src)) {
    const rel = path.relative(src, file);
    const built = path.join(root, 'dist', rel.replace(/\.ts$/, '.js'));
    const builtAt = mtimeOf(built);
    if (builtAt === null) return `dist/${toPosix(rel).replace(/\.ts$/, '.js')} is missing`;
    if (builtAt < statSync(file).mtimeMs) return `src/${toPosix(rel)} changed after dist/ was built`;
    // bin/galctl.js runs the bundle, built after tsc from the same sources
    if (bundledAt === null) return `${BUNDLE} is missing`;
    if (bundledAt < statSync(file).mtimeMs) return `src/${toPosix(rel)} changed after ${BUNDLE} was built`;
  }
  return null;
}

/** The message a test that spawns the built CLI fails with. */
export function staleBuildMessage(reason: string): string {
  return `dist/ is stale: run npm run build (${reason})`;
}

function tsFilesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return tsFilesUnder(full);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [full] : [];
  });
}

function mtimeOf(file: string): number | null {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return null;
  }
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}
