import type {
  Desired,
  DesiredDataset,
  DesiredExperiment,
  DesiredLogStream,
  DesiredProject,
  DesiredScorer,
  DesiredTemplate,
} from './desired-types.js';
import type { KindMap } from './kind-map.js';

/** The desired resources by manifest key, for resolving references. */
export interface DesiredIndex {
  projects: Map<string, DesiredProject>;
  scorers: Map<string, DesiredScorer>;
  datasets: Map<string, DesiredDataset>;
  /** `<project key>/<template key>` */
  templates: Map<string, DesiredTemplate>;
  /** `global_templates:` by key */
  globalTemplates: Map<string, KindMap['global_template']['resource']>;
  runs: (DesiredExperiment | DesiredLogStream)[];
}

export function indexDesired(desired: Readonly<Desired>): DesiredIndex {
  // a desired state is never changed once built (each stage makes a new one): one index per state, shared by every
  // reader, so what is derived from an index (desiredRun) is derived once
  const known = indexes.get(desired.resources);
  if (known !== undefined) return known;
  const index: DesiredIndex = { projects: new Map(), scorers: new Map(), datasets: new Map(), templates: new Map(), globalTemplates: new Map(), runs: [] };
  for (const r of desired.resources) {
    if (r.kind === 'project') index.projects.set(r.key, r);
    else if (r.kind === 'scorer') index.scorers.set(r.key, r);
    else if (r.kind === 'dataset') index.datasets.set(r.key, r);
    else if (r.kind === 'template') index.templates.set(`${r.project}/${r.key}`, r);
    else if (r.kind === 'global_template') index.globalTemplates.set(r.key, r);
    else if (r.kind === 'experiment' || r.kind === 'log_stream') index.runs.push(r);
  }
  indexes.set(desired.resources, index);
  return index;
}

const indexes = new WeakMap<readonly unknown[], DesiredIndex>();
