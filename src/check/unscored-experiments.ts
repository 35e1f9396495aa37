import { TERMINAL_JOB_STATUS } from '../galileo/runs.js';
import type { CheckInput } from './types.js';

/**
 * The checked experiments whose scoring has not finished (PURE), each as `<address> (jobs 2/4 done)`. Their
 * numbers would be partial, so check reports them instead of judging them.
 */
export function unscoredExperiments(inputs: readonly CheckInput[]): string[] {
  const out: string[] = [];
  for (const input of inputs) {
    if (input.live === undefined || input.thresholds.length === 0) continue;
    const { jobs } = input.live;
    const done = jobs.filter((j) => TERMINAL_JOB_STATUS.has(j.status)).length;
    if (done < jobs.length) out.push(`${input.address} (jobs ${done}/${jobs.length} done)`);
  }
  return out;
}
