/**
 * Trace files ingesting at once in this process, at most: each reads ahead a few chunks (in a worker thread for a
 * large file), so memory and threads are bounded by this, not by how many runs an apply has. choice: 4.
 */
export const MAX_FILES_INGESTING = 4;

let active = 0;
const waiting: (() => void)[] = [];

/**
 * Runs `ingest` once fewer than MAX_FILES_INGESTING files are ingesting (first come, first served). `idle` runs the
 * wait for a slot (an apply step waits without holding its own step slot).
 */
export async function withIngestSlot<T>(ingest: () => Promise<T>, idle: (wait: () => Promise<void>) => Promise<void> = (wait) => wait()): Promise<T> {
  if (active < MAX_FILES_INGESTING) active += 1;
  else await idle(() => new Promise<void>((resolve) => waiting.push(resolve)));
  try {
    return await ingest();
  } finally {
    // the slot goes straight to the next file waiting, if any
    const next = waiting.shift();
    if (next === undefined) active -= 1;
    else next();
  }
}
