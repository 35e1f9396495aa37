import { createHash } from 'node:crypto';
import { nextTurn } from '../core/map-in-slices.js';
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { appendFile, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { traceFileVersion } from './checked-trace-files.js';

/**
 * galctl's cache of local work (`.galctl/cache/` beside the manifest): what it derived from a file's content — the
 * trace ids of a trace file, what the check of a trace file found — keyed by that content, so the work is not done
 * again while the file is unchanged. It holds no secret (ids and counts, never a value from the environment), is
 * safe to delete at any time, and is never trusted across galctl versions (the version is part of every key, and
 * checked again on read). Reads and writes that fail are misses: the cache never fails a command.
 */
export interface LocalCache {
  get<T>(kind: string, key: string): Promise<T | undefined>;
  put(kind: string, key: string, value: unknown): Promise<void>;
  /** the key of a file's content and what the work depends on besides (an id scope): undefined when unreadable */
  keyOfFile(file: string, ...parts: string[]): Promise<string | undefined>;
  /**
   * sha256 (hex) of a file's bytes (fileDigest), remembered here by the file's identity and times (statKey): an
   * unchanged file is not read again; undefined when unreadable
   */
  digestOf(file: string): Promise<string | undefined>;
}

/** Cache entries: a file's sha256 by its identity and times (statKey). */
const FILE_DIGESTS = 'file-digests';

/**
 * A file's change within this long before it was hashed could share its times with a later write (a clock tick):
 * such a file's digest is not remembered by its times (git's "racily clean" files).
 */
const RACY_MS = 2000n;

/**
 * What git's index trusts to tell an unchanged file without reading it: path, device, inode, size, and the
 * modification and status-change times to the nanosecond (any write changes the status-change time, which no tool
 * can set back). Undefined when the file cannot be stat'ed, or changed too recently (RACY_MS).
 */
function statKey(file: string): string | undefined {
  try {
    const st = statSync(file, { bigint: true });
    const changed = st.mtimeMs > st.ctimeMs ? st.mtimeMs : st.ctimeMs;
    if (BigInt(Date.now()) - changed < RACY_MS) return undefined;
    return [file, st.dev, st.ino, st.size, st.mtimeNs, st.ctimeNs].join(':');
  } catch {
    return undefined;
  }
}

/** The cache's folder for a manifest in `manifestDir`; add `.galctl/` to .gitignore. */
export function cacheDirFor(manifestDir: string): string {
  return join(manifestDir, '.galctl', 'cache');
}

let version: string | undefined;
function galctlVersion(): string {
  version ??= String((JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown }).version);
  return version;
}

/** content digests this process computed, by path, size and modification time: a file is hashed once per command */
const digests = new Map<string, { version: string; digest: Promise<string | undefined> }>();

async function hashFile(file: string): Promise<string | undefined> {
  const h = createHash('sha256');
  try {
    for await (const chunk of createReadStream(file)) h.update(chunk as Buffer);
  } catch {
    return undefined;
  }
  return h.digest('hex');
}

/** sha256 (hex) of a file's bytes, computed once per command while the file is unchanged; undefined when unreadable */
export function fileDigest(file: string): Promise<string | undefined> {
  const version = traceFileVersion(file);
  if (version === undefined) return Promise.resolve(undefined);
  const known = digests.get(file);
  if (known !== undefined && known.version === version) return known.digest;
  const digest = hashFile(file).then((d) => (traceFileVersion(file) === version ? d : undefined)); // changed while read: no key
  digests.set(file, { version, digest });
  return digest;
}

const NO_CACHE: LocalCache = {
  get: async () => undefined,
  put: async () => undefined,
  keyOfFile: async () => undefined,
  digestOf: fileDigest,
};

/** An entry as stored: the galctl version that wrote it, and its value. */
interface StoredEntry {
  galctl?: unknown;
  value?: unknown;
}

/**
 * Entries whose JSON line is at most this many characters are lines of their kind's index (INDEX_FILE), larger
 * ones files of their own. choice: a no-op plan of a large org reads about 1,150 small entries; one file each cost
 * ~240 ms of its start-up (open, stat, read, close each, measured; issue 22), one index per kind a few reads.
 */
const INDEX_ENTRY_CHARS = 4096;
/** the index of a kind's small entries: one JSON line `{ key, galctl, value }` each, appended; the last line of a key wins */
export const INDEX_FILE = 'entries.jsonl';
/** an index with more lines than this many times its keys (plus some) is rewritten with one line per key */
const COMPACT_RATIO = 2;

/** The lines of an index, parsed: the last entry of each key; a damaged line (a write cut short) is skipped. */
export function parseCacheIndex(text: string): { entries: Map<string, StoredEntry>; lines: number } {
  const entries = new Map<string, StoredEntry>();
  let lines = 0;
  for (const line of text.split('\n')) {
    if (line === '') continue;
    lines += 1;
    try {
      const e = JSON.parse(line) as { key?: unknown } & StoredEntry;
      if (typeof e.key === 'string') entries.set(e.key, { galctl: e.galctl, value: e.value });
    } catch {
      // skipped
    }
  }
  return { entries, lines };
}

/** The index lines of `entries` (the current version's only). */
function indexText(entries: Map<string, StoredEntry>): string {
  let out = '';
  for (const [key, e] of entries) if (e.galctl === galctlVersion()) out += `${JSON.stringify({ key, galctl: e.galctl, value: e.value })}\n`;
  return out;
}

/** The cache in `dir` (cacheDirFor); undefined: no cache (every get misses, nothing is written). */
export function localCache(dir: string | undefined): LocalCache {
  if (dir === undefined) return NO_CACHE;
  const pathOf = (kind: string, key: string): string => join(dir, kind, `${key}.json`);
  /** the folders made by this cache: one mkdir each, not one per entry written (hundreds per apply) */
  const made = new Set<string>();
  /**
   * each kind's index, read once by this cache (then kept up to date with what it writes); another LocalCache of the
   * same folder reads it again, so it sees what was written before its first read (after that, a miss)
   */
  const indexes = new Map<string, Promise<Map<string, StoredEntry>>>();
  const indexOf = (kind: string): Promise<Map<string, StoredEntry>> => {
    const file = join(dir, kind, INDEX_FILE);
    let index = indexes.get(file);
    if (index === undefined) {
      index = readFile(file, 'utf8').then(
        async (text) => {
          const { entries, lines } = parseCacheIndex(text);
          if (lines > COMPACT_RATIO * entries.size + 64) await replaceFile(file, indexText(entries)).catch(() => undefined);
          return entries;
        },
        () => new Map<string, StoredEntry>(),
      );
      indexes.set(file, index);
    }
    return index;
  };
  /** lines to append to each kind's index, written together once this turn's puts are in */
  const pending = new Map<string, { lines: string; written: Promise<void> }>();
  const ensureFolder = async (folder: string): Promise<void> => {
    if (made.has(folder)) return;
    await mkdir(folder, { recursive: true });
    made.add(folder);
  };
  const appendToIndex = (kind: string, line: string): Promise<void> => {
    const queued = pending.get(kind);
    if (queued !== undefined) {
      queued.lines += line;
      return queued.written;
    }
    const batch = { lines: line, written: Promise.resolve() };
    batch.written = nextTurn().then(async () => {
      pending.delete(kind);
      const folder = join(dir, kind);
      try {
        await ensureFolder(folder);
        await appendFile(join(folder, INDEX_FILE), batch.lines); // O_APPEND: lines of several processes do not mix
      } catch {
        made.delete(folder); // a cache that cannot be written is only slower
      }
    });
    pending.set(kind, batch);
    return batch.written;
  };
  /** writes `text` to `file` whole or not at all: a reader never sees half of it */
  const replaceFile = async (file: string, text: string): Promise<void> => {
    const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    try {
      await writeFile(tmp, text);
      await rename(tmp, file);
    } catch {
      await rm(tmp, { force: true }).catch(() => undefined);
      throw new Error('cache write failed');
    }
  };
  const get = async <T>(kind: string, key: string): Promise<T | undefined> => {
    const indexed = (await indexOf(kind)).get(key);
    let entry: StoredEntry | undefined = indexed;
    if (entry === undefined) {
      try {
        entry = JSON.parse(await readFile(pathOf(kind, key), 'utf8')) as StoredEntry;
      } catch {
        return undefined;
      }
    }
    return entry.galctl === galctlVersion() ? (entry.value as T) : undefined;
  };
  const digestOf = async (file: string): Promise<string | undefined> => {
    const id = statKey(file);
    const key = id === undefined ? undefined : createHash('sha256').update(['galctl-file-digest:v1', galctlVersion(), id].join('\n')).digest('hex');
    const known = key === undefined ? undefined : await get<{ digest?: unknown }>(FILE_DIGESTS, key);
    if (typeof known?.digest === 'string') return known.digest;
    const digest = await fileDigest(file);
    // remembered only when the file was the same before and after it was read
    if (key !== undefined && digest !== undefined && statKey(file) === id) await cache.put(FILE_DIGESTS, key, { digest });
    return digest;
  };
  const cache: LocalCache = {
    get,
    digestOf,
    async put(kind, key, value) {
      const line = `${JSON.stringify({ key, galctl: galctlVersion(), value })}\n`;
      if (line.length <= INDEX_ENTRY_CHARS) {
        (await indexOf(kind)).set(key, { galctl: galctlVersion(), value });
        await appendToIndex(kind, line);
        return;
      }
      const folder = join(dir, kind);
      try {
        await ensureFolder(folder);
        await replaceFile(pathOf(kind, key), JSON.stringify({ galctl: galctlVersion(), value }));
      } catch {
        // a cache that cannot be written is only slower (and its folder, maybe deleted meanwhile, is made again next time)
        made.delete(folder);
      }
    },
    async keyOfFile(file, ...parts) {
      const content = await digestOf(file);
      if (content === undefined) return undefined;
      return createHash('sha256').update(['galctl-cache:v1', galctlVersion(), ...parts, content].join('\n')).digest('hex');
    },
  };
  return cache;
}
