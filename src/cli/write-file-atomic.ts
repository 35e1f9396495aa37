import { randomBytes } from 'node:crypto';
import { chmod, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { GalctlError } from '../core/errors.js';

/**
 * Writes `text` to `target` all at once: a temp file in the same directory, then rename. A crash or a kill
 * mid-write leaves the old file (or none), never a truncated one; readers never see half a plan. A failure is
 * a GalctlError naming the file (`shown`), not a raw Node error. A target that exists and is not a regular file
 * (a device such as /dev/null, a FIFO, a socket, a directory; followed through symlinks) is refused before anything
 * is written: the rename would replace it with a regular file (run as root, `--out /dev/null` replaced the device).
 */
export async function writeFileAtomic(target: string, text: string, opts: { mode: number; shown: string }): Promise<void> {
  await checkOutputTarget(target, opts.shown);
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temp, text, { mode: opts.mode, flag: 'wx' });
    await chmod(temp, opts.mode);
    await rename(temp, target);
  } catch (err) {
    await rm(temp, { force: true }).catch(() => undefined);
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    const why = code === 'ENOENT' ? 'its directory does not exist' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EISDIR' ? 'it is a directory' : code;
    throw new GalctlError('write-failed', `cannot write ${opts.shown}: ${why}`, { hint: 'choose a path in a directory you can write to', cause: err });
  }
}

/**
 * Refuses an output path that exists and is not a regular file (see writeFileAtomic); commands call it before any
 * work too, so `--out /dev/null` fails at once rather than after reading live state.
 */
export async function checkOutputTarget(target: string, shown: string): Promise<void> {
  const existing = await stat(target).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT' || err.code === 'ENOTDIR') return undefined;
    throw new GalctlError('write-failed', `cannot write ${shown}: ${err.code ?? 'error'}`, { hint: 'choose a path in a directory you can write to', cause: err });
  });
  if (existing !== undefined && !existing.isFile()) {
    const what = existing.isDirectory() ? 'a directory' : 'not a regular file (a device, pipe or socket)';
    throw new GalctlError('write-refused', `refusing to write ${shown}: it exists and is ${what}`, {
      hint: 'name a regular file to write, or leave out the option to print to stdout',
    });
  }
}
