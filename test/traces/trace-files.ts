import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';

/** A fresh temporary directory, removed when the current test finishes. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'galctl-traces-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Writes lines (objects are JSON-encoded, strings written as-is) to `<tempDir>/<name>` and returns the path. */
export function writeTraceFile(lines: (string | object)[], name = 'traces.jsonl'): string {
  const file = join(tempDir(), name);
  writeFileSync(file, lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n');
  return file;
}

/** n distinct simple rows. */
export function simpleRows(n: number, prefix = 'q'): object[] {
  return Array.from({ length: n }, (_, i) => ({ input: `${prefix} ${i}?`, output: `answer ${i}`, metadata: { i: String(i) } }));
}
