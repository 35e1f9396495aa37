import { realpathSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { readRegularFile, statRegularFile } from '../read-regular-file.js';
import { stripBom } from '../core/strip-bom.js';
import { closestMatches } from './suggest.js';

/** Largest file a manifest may reference (datasets included). */
export const MAX_REFERENCED_BYTES = 100 * 1024 * 1024;

export interface ReadError {
  code: string;
  message: string;
  hint: string;
}

export type ReadResult = { abs: string; text: string } | { error: ReadError };

/** findReferencedFile's answer: where the file is (no text), or why it cannot be used */
export type FoundFile = { abs: string; text?: undefined } | { error: ReadError };

type Resolved = { abs: string; real: string } | { error: ReadError };

/**
 * Where a file the manifest references is, relative to the manifest's directory. A path that leaves that directory
 * (`..`, an absolute path elsewhere, a symlink pointing outside) is refused unless `allowOutside`.
 */
async function resolveReferencedFile(ref: string, baseDir: string, allowOutside: boolean, shown: string): Promise<Resolved> {
  const abs = path.resolve(baseDir, ref);
  const outside = { code: 'file-outside', message: `file "${ref}" is outside the manifest's directory`, hint: 'move the file next to the manifest, or pass --allow-outside-files if you trust this manifest' };
  if (!allowOutside && !isInside(baseDir, abs)) return { error: outside };
  let real: string;
  try {
    // the system call, made at once: through a promise it cost four times the CPU (~40 µs a call against ~10, for
    // each of the bench org's 650 files, twice)
    real = realpathSync.native(abs);
  } catch (err) {
    const error = notReadable(err, ref, shown);
    if (error.code !== 'file-missing') return { error };
    const similar = await similarFile(ref, abs);
    return { error: similar === undefined ? error : { ...error, hint: `did you mean "${similar}"? (paths are relative to the manifest's directory)` } };
  }
  if (!allowOutside && !isInside(realBase(baseDir), real)) return { error: outside };
  return { abs, real };
}

/** The manifest directory's real path, or the directory as given when it has none (it vanished meanwhile). */
function realBase(baseDir: string): string {
  try {
    return realpathSync.native(baseDir);
  } catch {
    return baseDir;
  }
}

/** Reads a file the manifest references (resolveReferencedFile says where, and refuses a path outside). */
export async function readReferencedFile(ref: string, baseDir: string, allowOutside: boolean, shown: string): Promise<ReadResult> {
  const resolved = await resolveReferencedFile(ref, baseDir, allowOutside, shown);
  if ('error' in resolved) return resolved;
  try {
    // a FIFO, socket or device (/dev/zero, /dev/stdin) would block or never end: only regular files are read
    // a BOM is not content: a .py file starting with one was linted as not defining scorer_fn
    const text = stripBom((await readRegularFile(resolved.real, MAX_REFERENCED_BYTES)).toString('utf8'));
    return { abs: resolved.abs, text };
  } catch (err) {
    return { error: notReadable(err, ref, shown) };
  }
}

/**
 * A file the manifest references that is streamed later rather than read now (a trace file): resolved and checked
 * as readReferencedFile does (inside the directory, a regular file, not too large), its text not read.
 */
export async function findReferencedFile(ref: string, baseDir: string, allowOutside: boolean, shown: string): Promise<FoundFile> {
  const resolved = await resolveReferencedFile(ref, baseDir, allowOutside, shown);
  if ('error' in resolved) return resolved;
  try {
    await statRegularFile(resolved.real, MAX_REFERENCED_BYTES);
    return { abs: resolved.abs };
  } catch (err) {
    return { error: notReadable(err, ref, shown) };
  }
}

/** The closest name to a missing file's in its directory (a typo: `golden.cvs` → `golden.csv`), as `ref` spells its directory. */
async function similarFile(ref: string, abs: string): Promise<string | undefined> {
  const names = await readdir(path.dirname(abs)).catch(() => [] as string[]);
  const [best] = closestMatches(path.basename(abs), names, 1);
  if (best === undefined) return undefined;
  const dir = ref.slice(0, ref.length - path.basename(ref).length);
  return `${dir}${best}`;
}

function isInside(dir: string, file: string): boolean {
  const rel = path.relative(dir, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

function notReadable(err: unknown, ref: string, shown: string): { code: string; message: string; hint: string } {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EISDIR') return { code: 'file-unreadable', message: `"${ref}" is a directory, not a file`, hint: 'point at a file' };
  if (code === 'ENOTREG') return { code: 'file-unreadable', message: `"${ref}" is not a regular file (a pipe, socket or device)`, hint: 'point at a regular file' };
  if (code === 'EFBIG') return { code: 'file-too-large', message: `file "${ref}" is larger than ${MAX_REFERENCED_BYTES / 1024 / 1024} MB`, hint: 'split it or trim it' };
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return { code: 'file-missing', message: `file "${ref}" not found (looked for ${shown})`, hint: 'fix the path; it is relative to the manifest\'s directory' };
  }
  if (code === 'EACCES' || code === 'EPERM') return { code: 'file-unreadable', message: `file "${ref}" is not readable (permission denied)`, hint: `check the permissions of ${shown}` };
  return { code: 'file-unreadable', message: `file "${ref}" cannot be read (${code ?? 'error'})`, hint: `check ${shown}` };
}

/** A path as the user should see it: relative to cwd when inside it, else absolute. */
export function displayPath(abs: string, cwd: string): string {
  const rel = path.relative(cwd, abs);
  return rel === '' || rel.startsWith('..') || path.isAbsolute(rel) ? abs : rel;
}
