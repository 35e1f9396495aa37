/**
 * The baselines' "state file": the ids of every declared object, taken from the simulator's store dump (untimed),
 * as a Terraform provider takes them from its state file. The baselines get their ids for free; galctl finds them
 * by name.
 */
import type { SimProcess } from './sim-process.js';

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

interface Dump {
  projects?: { id: string; name: string }[];
  scorers?: { id: string; scorer_type: string }[];
  datasets?: { id: string; name: string }[];
  templates?: { id: string }[];
  runs?: { id: string; kind: 'experiment' | 'log_stream'; project_id: string; traces: { id: string }[] }[];
}

/** galctl's own dataset (its inventory), not a declared resource */
const INVENTORY = 'galctl-inventory';

export async function baselineState(sim: SimProcess): Promise<BaselineState> {
  const d = (await sim.state(['projects', 'scorers', 'datasets', 'templates', 'runs'])) as Dump;
  const resources: BaselineResource[] = [
    ...(d.projects ?? []).map((p): BaselineResource => ({ kind: 'project', id: p.id })),
    ...(d.scorers ?? []).filter((s) => s.scorer_type !== 'preset').map((s): BaselineResource => ({ kind: 'scorer', id: s.id, ...(s.scorer_type === 'code' ? { code: true } : {}) })),
    ...(d.datasets ?? []).filter((x) => x.name !== INVENTORY).map((x): BaselineResource => ({ kind: 'dataset', id: x.id })),
    ...(d.templates ?? []).map((t): BaselineResource => ({ kind: 'template', id: t.id })),
    ...(d.runs ?? []).map((r): BaselineResource => ({
      kind: r.kind, id: r.id, projectId: r.project_id, ...(r.traces.length > 0 ? { traceIds: r.traces.map((t) => t.id) } : {}),
    })),
  ];
  return { resources };
}
