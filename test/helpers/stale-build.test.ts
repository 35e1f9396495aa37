import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { staleBuildMessage, staleBuildReason } from './stale-build.js';

// The check behind vitest's globalSetup (check-build.ts): tests that spawn dist/ fail loudly when it is older than src/.

let root: string;
const at = (file: string, seconds: number): void => {
  const full = path.join(root, file);
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, '');
  utimesSync(full, seconds, seconds);
};

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'galctl-stale-'));
  at('src/a.ts', 1_000);
  at('src/cli/b.ts', 1_000);
  at('src/SPEC.md', 5_000);
  at('dist/a.js', 2_000);
  at('dist/cli/b.js', 2_000);
  at('dist/cli-bundle/main.js', 2_500);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('staleBuildReason', () => {
  it('is null when every source has its output, written after it (other files do not count)', () => {
    expect(staleBuildReason(root)).toBeNull();
  });

  it('names a source changed after the build', () => {
    at('src/cli/b.ts', 3_000);
    expect(staleBuildReason(root)).toBe('src/cli/b.ts changed after dist/ was built');
  });

  it('names a source with no output (a new file, or no build at all)', () => {
    at('src/cli/new.ts', 1_000);
    expect(staleBuildReason(root)).toBe('dist/cli/new.js is missing');
    rmSync(path.join(root, 'dist'), { recursive: true });
    expect(staleBuildReason(root)).toMatch(/^dist\/.+\.js is missing$/);
  });

  it('names a CLI bundle older than a source, or missing (bin/galctl.js runs it)', () => {
    at('dist/cli-bundle/main.js', 500);
    expect(staleBuildReason(root)).toBe('src/a.ts changed after dist/cli-bundle/main.js was built');
    rmSync(path.join(root, 'dist/cli-bundle'), { recursive: true });
    expect(staleBuildReason(root)).toBe('dist/cli-bundle/main.js is missing');
  });

  it('says what to do', () => {
    expect(staleBuildMessage('src/a.ts changed after dist/ was built')).toBe('dist/ is stale: run npm run build (src/a.ts changed after dist/ was built)');
  });
});
