import { randomBytes } from 'node:crypto';
import { chmod, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { GalctlError } from '../errors.js';

/**
 * Writes `text` to `target` all at once: a temp file in the same directory, then rename. A crash or a kill
 * mid-write leaves the old file (or none), never a truncated one; readers never see half a plan. A failure is
 * a GalctlError naming the file (`shown`), not a raw Node error.
 */
export async function writeFileAtomic(target: string, text: string, opts: { mode: number; shown: string }): Promise<void> {
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
