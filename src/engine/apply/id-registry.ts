import { GalctlError } from '../../core/errors.js';
import type { Desired } from '../../core/desired-types.js';
import type { Kind } from '../../core/desired-types.js';
import type { KindMap } from '../../core/kind-map.js';
import type { LiveResource, LiveState } from '../../core/plan-types.js';
import { kindOf } from '../../kinds/registry.js';
import type { ScorerConfig } from '../../galileo/types.js';

export interface ScorerIds {
  id: string;
  type: 'llm' | 'code';
  /** remote name */
  name: string;
}

/**
 * The Galileo ids apply works with, by address: seeded from the live state, filled in as steps create or adopt
 * objects, so a later step (an experiment) finds what an earlier one (its dataset, its template) made.
 */
export interface IdRegistry {
  /** project address → id */
  projects: Map<string, string>;
  /** project remote name → id (deletes name their project by remote name) */
  projectsByName: Map<string, string>;
  scorers: Map<string, ScorerIds>;
  /** dataset address → id and current version index */
  datasets: Map<string, { id: string; versionIndex: number }>;
  /** template address → id and the selected version's id */
  templates: Map<string, { id: string; selectedVersionId: string }>;
  /**
   * run address (experiment or log stream) → run id and its project's id; `fresh` when this apply created the run
   * (not adopted): it holds none of the file's traces, so ingest asks nothing before sending; `createdScorers`: the
   * scorer list this apply's triggered create sent in its body (so `<run>.scorers` need not send the same list
   * again; Galileo registers body scorers only with trigger: true)
   */
  runs: Map<string, { id: string; projectId: string; fresh?: boolean; createdScorers?: ScorerConfig[] }>;
}

/** One resource's ids, by its kind's descriptor (`seedIds`). */
function seedOne<K extends Kind>(ids: IdRegistry, r: KindMap[K]['resource'] & { kind: K }, found: LiveResource, live: LiveState): void {
  kindOf<K>(r.kind).seedIds?.(ids, r, found, live);
}

export function seedIdRegistry(desired: Desired, live: LiveState): IdRegistry {
  const ids: IdRegistry = { projects: new Map(), projectsByName: new Map(), scorers: new Map(), datasets: new Map(), templates: new Map(), runs: new Map() };
  // undeclared projects: --prune deletes their children by project name, then maybe them
  for (const u of live.unmanaged) if (u.kind === 'project') ids.projectsByName.set(u.name, u.id);
  for (const r of desired.resources) {
    const found = live.resources[r.address];
    if (found === undefined) continue;
    seedOne(ids, r, found, live);
  }
  return ids;
}

export function setProject(ids: IdRegistry, address: string, name: string, id: string): void {
  ids.projects.set(address, id);
  ids.projectsByName.set(name, id);
}

/** The value an earlier step should have registered; its absence is a bug or a skipped dependency. */
export function need<T>(map: ReadonlyMap<string, T>, address: string, what: string): T {
  const v = map.get(address);
  if (v === undefined) {
    throw new GalctlError('apply-missing-id', `the ${what} ${address} does not exist in Galileo yet`, {
      hint: 'apply it first (a --target may have left it out), then run again',
    });
  }
  return v;
}
