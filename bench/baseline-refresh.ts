/**
 * The Terraform-style baselines, as a process of their own (its peak RSS is the baseline's): refresh every object
 * of a state file (baseline-state.ts) by id, all at once under the client's concurrency limit.
 *
 * - `--mode gets`: one GET per declared resource, nothing else (less information than galctl's plan).
 * - `--mode refresh`: the same information as galctl's plan: one GET per resource, plus per run its scorer
 *   settings, per dataset its newest version (its name carries the content hash), per code scorer its source, and
 *   per traced run one id count per 1,000 trace ids.
 *
 *   node bench/out/bench/baseline-refresh.js --api-url URL --state FILE --mode gets|refresh [--concurrency N]
 *
 * Prints `{"requests": N, "retries": R}` (the client's own count).
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { createGalileoClient, type GalileoClient } from '../src/galileo/create-client.js';
import { getDataset, getLatestDatasetVersion } from '../src/kinds/dataset/api.js';
import { getExperiment } from '../src/kinds/experiment/api.js';
import { getLogStream } from '../src/kinds/log-stream/api.js';
import { getProject } from '../src/kinds/project/api.js';
import { getScorerSettings } from '../src/galileo/runs.js';
import { getScorer, getScorerCode } from '../src/kinds/scorer/api.js';
import { getTemplate } from '../src/kinds/template/api.js';
import { DEFAULT_SIM_API_KEY } from '../src/sim/start-simulator.js';
import { TRACE_ID_CHUNK } from '../src/traces/count-present-traces.js';
import { countTraceIds } from '../src/traces/find-present-trace-ids.js';
import { postVia } from '../src/traces/post-via.js';
import type { BaselineResource, BaselineState } from './baseline-state.js';

const { values } = parseArgs({
  options: {
    'api-url': { type: 'string' },
    state: { type: 'string' },
    mode: { type: 'string', default: 'refresh' },
    concurrency: { type: 'string', default: '16' },
  },
});
if (values['api-url'] === undefined || values.state === undefined) throw new Error('--api-url and --state are required');
if (values.mode !== 'gets' && values.mode !== 'refresh') throw new Error(`--mode ${values.mode}: gets or refresh`);

const state = JSON.parse(await readFile(values.state, 'utf8')) as BaselineState;
const client = createGalileoClient({ apiUrl: values['api-url'], apiKey: DEFAULT_SIM_API_KEY, concurrency: Number(values.concurrency) });
try {
  await Promise.all(state.resources.flatMap((r) => reads(client, r, values.mode === 'refresh')));
  const requests = Object.values(client.stats().requests).reduce((a, b) => a + b, 0);
  process.stdout.write(`${JSON.stringify({ requests, retries: client.stats().retries })}\n`);
} finally {
  await client.close();
}

/** The reads of one resource: its GET, and with `full` what galctl's plan also learns about it. */
function reads(c: GalileoClient, r: BaselineResource, full: boolean): Promise<unknown>[] {
  const projectId = r.projectId ?? '';
  switch (r.kind) {
    case 'project':
      return [getProject(c, r.id)];
    case 'scorer':
      return [getScorer(c, r.id), ...(full && r.code === true ? [getScorerCode(c, r.id)] : [])];
    case 'dataset':
      return [getDataset(c, r.id), ...(full ? [getLatestDatasetVersion(c, r.id)] : [])];
    case 'template':
      return [getTemplate(c, r.id)];
    case 'experiment':
      return [getExperiment(c, projectId, r.id), ...(full ? runReads(c, r, { experiment_id: r.id }) : [])];
    case 'log_stream':
      return [getLogStream(c, projectId, r.id), ...(full ? runReads(c, r, { log_stream_id: r.id }) : [])];
  }
}

function runReads(c: GalileoClient, r: BaselineResource, destination: { experiment_id: string } | { log_stream_id: string }): Promise<unknown>[] {
  const projectId = r.projectId ?? '';
  const ids = r.traceIds ?? [];
  const counts: Promise<unknown>[] = [];
  for (let i = 0; i < ids.length; i += TRACE_ID_CHUNK) counts.push(countTraceIds(postVia(c), projectId, destination, ids.slice(i, i + TRACE_ID_CHUNK)));
  return [getScorerSettings(c, projectId, r.id), ...counts];
}
