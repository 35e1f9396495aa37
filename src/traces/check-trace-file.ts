import { createHash } from 'node:crypto';
import { stableStringify } from '../core/content-hash.js';
import { GalctlError } from '../core/errors.js';
import type { Problem } from '../core/problem.js';
import { readTraceRecords } from './read-trace-records.js';

/** At most this many problems are listed per file; the rest are summed up in one last problem. */
export const MAX_TRACE_FILE_PROBLEMS = 50;

/**
 * Every bad line of a trace file as a located problem (capped at MAX_TRACE_FILE_PROBLEMS, then one "and N more"),
 * streaming: memory stays flat for 100,000-line files. An unreadable file is one problem at line 1.
 */
export async function checkTraceFile(file: string, displayFile: string): Promise<Problem[]> {
  return (await checkTraceFileCounted(file, displayFile)).problems;
}

/**
 * checkTraceFile, how many good records the file has (readTraceIds' length) and the sha256 of those records (each as
 * canonical JSON, so line endings and key order do not count: an experiment run's input), from the same one pass.
 */
export async function checkTraceFileCounted(file: string, displayFile: string): Promise<{ problems: Problem[]; records: number; contentHash: string }> {
  const problems: Problem[] = [];
  const hash = createHash('sha256');
  let more = 0;
  let lastLine = 1;
  let records = 0;
  try {
    for await (const entry of readTraceRecords(file, { displayFile })) {
      if (!('problem' in entry)) {
        records += 1;
        hash.update(`${stableStringify(entry.record)}\n`);
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
