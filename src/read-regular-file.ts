import { constants, type Stats } from 'node:fs';
import { open, stat } from 'node:fs/promises';

/** Why a file was not read: not a regular file (a FIFO, socket or device), a directory, or larger than allowed. */
export type IrregularFileCode = 'ENOTREG' | 'EISDIR' | 'EFBIG';

function refuse(code: IrregularFileCode, file: string): NodeJS.ErrnoException {
  const err: NodeJS.ErrnoException = new Error(`${code}: ${file}`);
  err.code = code;
  return err;
}

/**
 * The file's stat when it is a regular file of at most `maxBytes`; else ENOTREG, EISDIR or EFBIG (and ENOENT,
 * EACCES... from the file system). For a file that is streamed later rather than read here (a trace file).
 */
export async function statRegularFile(file: string, maxBytes: number): Promise<Stats> {
  const before = await stat(file);
  if (before.isDirectory()) throw refuse('EISDIR', file);
  if (!before.isFile()) throw refuse('ENOTREG', file);
  if (before.size > maxBytes) throw refuse('EFBIG', file);
  return before;
}

/**
 * The bytes of a regular file of at most `maxBytes`. Anything else is refused without reading it: a FIFO with no
 * writer would block forever, /dev/urandom would stream until memory runs out. The path is checked with stat before
 * it is opened (opening a FIFO blocks), opened non-blocking, and checked again on the open handle (the path may have
 * been swapped in between); at most `maxBytes + 1` bytes are ever read. Errors are ErrnoExceptions: ENOENT,
 * EACCES... from the file system, ENOTREG, EISDIR or EFBIG from here.
 */
export async function readRegularFile(file: string, maxBytes: number): Promise<Buffer> {
  await statRegularFile(file, maxBytes);
  const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw refuse(info.isDirectory() ? 'EISDIR' : 'ENOTREG', file);
    const chunks: Buffer[] = [];
    let total = 0;
    // the first read asks for the size stat gave plus one byte (a file that grew meanwhile reads on); sizing every
    // read at 1 MB allocated and copied about 2 MB per small file: a thousand dataset files cost a second of CPU
    let want = Math.min(info.size + 1, maxBytes + 1);
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.max(1, Math.min(want, maxBytes + 1 - total)));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      // a short read was the end: the read that confirms it needs no large buffer
      want = bytesRead === chunk.length ? 1 << 16 : 1024;
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
      if (total > maxBytes) throw refuse('EFBIG', file);
    }
    return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
  } finally {
    await handle.close();
  }
}
