/**
 * The baselines' "state file": the ids of every declared object, as a Terraform provider keeps them in its state
 * file. The bench takes them untimed, before the baseline rows, with list calls (the simulator's store dump of a
 * large org is too large for one string); the trace ids of each traced run are derived from its trace file as
 * galctl derives them. The baselines get all of this for free; galctl finds everything by name.
 */
import { join } from 'node:path';
import { createGalileoClient } from '../src/galileo/create-client.js';
import { queryDatasets } from '../src/kinds/dataset/api.js';
import { searchExperiments } from '../src/kinds/experiment/api.js';
import { searchLogStreams } from '../src/kinds/log-stream/api.js';
import { listProjects } from '../src/kinds/project/api.js';
import { listScorers } from '../src/kinds/scorer/api.js';
import { listProjectTemplates } from '../src/kinds/template/api.js';
import { INVENTORY_DATASET_NAME } from '../src/core/inventory-dataset.js';
import { DEFAULT_SIM_API_KEY } from '../src/sim/start-simulator.js';
import { readTraceIds } from '../src/traces/read-trace-file.js';
import { traceIdScope } from '../src/traces/trace-id.js';
import { tracedRuns, type OrgSizes } from './generate-org.js';

export type BaselineKind = 'project' | 'scorer' | 'dataset' | 'template' | 'experiment' | 'log_stream';

export interface BaselineResource {
  kind: BaselineKind;
  id: string;
  /** experiments and log streams */
  projectId?: string;
  /** code scorers (their source is a read of its own) */
  code?: boolean;
  /** runs with traces: their trace ids (counted 1,000 at a time, as galctl does) */
  traceIds?: string[];
}

export interface BaselineState {
  resources: BaselineResource[];
}

/** The declared objects of the generated org in `dir` (named in `projectNames`), read from the simulator at `url`. */
export async function baselineState(url: string, dir: string, sizes: OrgSizes, projectNames: ReadonlySet<string>): Promise<BaselineState> {
  const client = createGalileoClient({ apiUrl: url, apiKey: DEFAULT_SIM_API_KEY });
  try {
    const projects = (await listProjects(client)).filter((p) => projectNames.has(p.name));
    const traced = new Map(tracedRuns(sizes).map((t) => [`${t.project}/${t.logStream}`, t.file]));
    const resources: BaselineResource[] = [
      ...projects.map((p): BaselineResource => ({ kind: 'project', id: p.id })),
      ...(await listScorers(client)).filter((s) => s.scorer_type !== 'preset').map((s): BaselineResource => ({ kind: 'scorer', id: s.id, ...(s.scorer_type === 'code' ? { code: true } : {}) })),
      ...(await queryDatasets(client)).filter((x) => x.name !== INVENTORY_DATASET_NAME).map((x): BaselineResource => ({ kind: 'dataset', id: x.id })),
    ];
    for (const p of projects) {
      for (const t of await listProjectTemplates(client, p.id)) resources.push({ kind: 'template', id: t.id });
      for (const e of await searchExperiments(client, p.id)) resources.push({ kind: 'experiment', id: e.id, projectId: p.id });
      for (const l of await searchLogStreams(client, p.id)) {
        const file = traced.get(`${p.name}/${l.name}`);
        const traceIds = file === undefined ? undefined : await readTraceIds(join(dir, file), { idScope: traceIdScope(p.name, 'log_stream', l.name) });
        resources.push({ kind: 'log_stream', id: l.id, projectId: p.id, ...(traceIds === undefined ? {} : { traceIds }) });
      }
    }
    return { resources };
  } finally {
    await client.close();
  }
}
