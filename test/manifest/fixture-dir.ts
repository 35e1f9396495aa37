import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { onTestFinished } from 'vitest';

/** Writes `files` (relative path → content) into a fresh temp dir, removed when the test finishes. */
export function fixtureDir(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'galctl-manifest-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(dir, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  return dir;
}

/** A valid code scorer. */
export const GOOD_PY = 'def scorer_fn(step_object, **kwargs) -> float:\n    return 1.0\n';

/** Lines joined with newlines (keeps YAML fixtures readable with exact line numbers). */
export const yaml = (...lines: string[]): string => `${lines.join('\n')}\n`;
