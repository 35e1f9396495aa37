import type { Problem } from '../core/problem.js';
import { readTraceRecords } from './read-trace-records.js';

export interface BadRecords {
  /** the first `limit` bad records */
  problems: Problem[];
  /** all of them */
  count: number;
}

/** Every bad record of a trace file (at most `limit` kept, all counted). */
export async function collectBadRecords(file: string, displayFile: string | undefined, signal: AbortSignal | undefined, limit: number): Promise<BadRecords> {
  const problems: Problem[] = [];
  let count = 0;
  for await (const entry of readTraceRecords(file, { displayFile, signal, purpose: 'validate' })) {
    if (!('problem' in entry)) continue;
    count += 1;
    if (problems.length < limit) problems.push(entry.problem);
  }
  return { problems, count };
}
