import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';
import { GalctlError } from '../core/errors.js';
import type { Problem } from '../core/problem.js';
import { readTraceRecords } from './read-trace-records.js';
import { rememberCleanTraceFile, traceFileVersion } from './checked-trace-files.js';
import { localCache, type LocalCache } from './local-cache.js';

/** At most this many problems are listed per file; the rest are summed up in one last problem. */
export const MAX_TRACE_FILE_PROBLEMS = 50;

/**
 * Every bad line of a trace file as a located problem (capped at MAX_TRACE_FILE_PROBLEMS, then one "and N more"),
 * streaming: memory stays flat for 100,000-line files. An unreadable file is one problem at line 1.
 */
export async function checkTraceFile(file: string, displayFile: string): Promise<Problem[]> {
  return (await checkTraceFileCounted(file, displayFile)).problems;
}

/** Cache entries (local-cache.ts) of trace files checked clean: their number of records and records' hash, by content. */
const CLEAN_CACHE = 'trace-check';

/**
 * checkTraceFile, how many good records the file has (readTraceIds' length) and the sha256 of those records (each as
 * canonical JSON, so line endings and key order do not count: an experiment run's input), from the same one pass.
 * A file the cache knows clean (same content, same galctl) is not read record by record; a clean result is cached.
 */
export async function checkTraceFileCounted(file: string, displayFile: string, cache: LocalCache = localCache(undefined)): Promise<{ problems: Problem[]; records: number; contentHash: string }> {
  const version = traceFileVersion(file);
  const key = await cache.keyOfFile(file, CLEAN_CACHE);
  const known = key === undefined ? undefined : await cache.get<{ records: number; contentHash: string }>(CLEAN_CACHE, key);
  if (known !== undefined && typeof known.records === 'number' && typeof known.contentHash === 'string') {
    rememberCleanTraceFile(file, version);
    return { problems: [], records: known.records, contentHash: known.contentHash };
  }
  const checked = await checkTraceFileFully(file, displayFile, version);
  if (checked.problems.length === 0 && key !== undefined) await cache.put(CLEAN_CACHE, key, { records: checked.records, contentHash: checked.contentHash });
  return checked;
}

async function checkTraceFileFully(file: string, displayFile: string, version: string | undefined): Promise<{ problems: Problem[]; records: number; contentHash: string }> {
  const problems: Problem[] = [];
  const hash = createHash('sha256');
  let more = 0;
  let lastLine = 1;
  let records = 0;
  try {
    for await (const entry of readTraceRecords(file, { displayFile, purpose: 'check' })) {
      if (!('problem' in entry)) {
        records += 1;
        hash.update(`${canonicalJson(entry.record)}\n`);
        continue;
      }
      lastLine = entry.line;
      if (problems.length < MAX_TRACE_FILE_PROBLEMS) problems.push(entry.problem);
      else more += 1;
    }
  } catch (err) {
    if (!(err instanceof GalctlError)) throw err;
    const p: Problem = { file: displayFile, line: 1, col: 1, code: err.code, message: err.message };
    if (err.hint !== undefined) p.hint = err.hint;
    return { problems: [p], records: 0, contentHash: hash.digest('hex') };
  }
  if (problems.length === 0) rememberCleanTraceFile(file, version);
  if (more > 0) {
    problems.push({
      file: displayFile,
      line: lastLine,
      col: 1,
      code: 'trace-record',
      message: `and ${more} more bad ${more === 1 ? 'line' : 'lines'} in this file`,
      hint: 'fix the lines above and validate again',
    });
  }
  return { problems, records, contentHash: hash.digest('hex') };
}
