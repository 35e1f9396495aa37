import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { glob } from 'tinyglobby';
import type { RunnerFile, RunnerInputsHash } from '../core/run-inputs.js';

export type { RunnerFile, RunnerInputsHash } from '../core/run-inputs.js';

const sha256 = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

/**
 * A file's content hash. Text (no NUL byte in the first 8 KB) is hashed with CRLF read as LF, so a Windows checkout
 * of the same application has the same fingerprint; anything else byte for byte.
 */
export function fileContentHash(bytes: Uint8Array): string {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.subarray(0, 8192).includes(0)) return sha256(buf);
  return sha256(buf.toString('latin1').replace(/\r\n/g, '\n'));
}

/** sha256 over `galctl.runner-inputs.v1` and one `path NUL hash` line per file (files sorted by path). */
export function hashRunnerFiles(files: readonly RunnerFile[]): string {
  const lines = [...files].sort((a, b) => compare(a.path, b.path)).map((f) => `${f.path}\0${f.hash}\n`);
  return sha256(`galctl.runner-inputs.v1\n${lines.join('')}`);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The files a runner's `inputs:` globs match under `baseDir` (the manifest's directory), each hashed by content,
 * and one hash over all of them: what the run's fingerprint takes for "the application". Deterministic: the same
 * files with the same content give the same hash on any machine and in any order of the globs; the file system's
 * listing order, timestamps and permissions do not count. Globs are picomatch globs (`**`, `{a,b}`, `!(x)`); a
 * directory matches every file under it; dot files only when the glob names them.
 */
export async function runnerInputsHash(globs: readonly string[], baseDir: string): Promise<RunnerInputsHash> {
  const seen = new Set<string>();
  const unmatched: string[] = [];
  for (const pattern of globs) {
    const matched = await glob(pattern, { cwd: baseDir, onlyFiles: true, followSymbolicLinks: true });
    if (matched.length === 0) unmatched.push(pattern);
    for (const m of matched) seen.add(m.split(path.sep).join('/'));
  }
  const files: RunnerFile[] = [];
  for (const rel of [...seen].sort(compare)) files.push({ path: rel, hash: fileContentHash(await readFile(path.join(baseDir, rel))) });
  return { hash: hashRunnerFiles(files), files, unmatched };
}
