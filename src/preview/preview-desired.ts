import { addressOf } from '../core/address.js';
import type { Desired, DesiredExperiment, DesiredResource } from '../core/desired-types.js';
import type { Plan } from '../core/plan-types.js';
import { previewStack } from '../engine/ownership.js';

/** A preview id: `pr-7` (lowercase letters, digits and dashes, 1 to 40, not starting with a dash). */
export const PREVIEW_ID = /^[a-z0-9][a-z0-9-]{0,39}$/;

/** The name of a preview's copy of a changed scorer, dataset, template or project: `<name> [preview pr-7]`. */
export const previewCopyName = (name: string, id: string): string => `${name} [preview ${id}]`;

/** The name of a preview's experiment (its runs are `<this> · <fingerprint>`): `<name> [preview pr-7 1a2b3c4]`. */
export const previewExperimentName = (name: string, id: string, commit: string): string => `${name} [preview ${id} ${commit.slice(0, 7)}]`;

/** What a preview evaluates, and how. */
export interface PreviewDesired {
  /** the preview's own desired state: its stack is previewStack(stack, id) */
  desired: Desired;
  /** addresses of the experiments whose inputs changed (the preview's experiments, same addresses as the manifest's) */
  experiments: string[];
  /** addresses the preview creates or changes: its copies, its experiments (their runs' sub-steps too) */
  owned: string[];
  /** templates main already has whose text or settings changed: the preview adds a version, never selects it */
  versioned: string[];
}

/**
 * The desired state of a pull request's preview, from the manifest's and the plan against live state (PURE). The
 * experiments to evaluate are those the plan gives a new run (their inputs' fingerprint has no run: directly, or
 * through a changed template, dataset or scorer). For each, with what it uses:
 * - a changed or new scorer or dataset, a new template or project: a copy named `<name> [preview <id>]`, so main's
 *   objects (and the live log streams that score with main's scorers) stay as they are;
 * - a template main has whose text or settings changed: the same template (`versioned`): the preview adds a version
 *   and leaves the selection alone;
 * - what did not change: main's own object, as is (a project's own fields are left unmanaged);
 * - the experiment itself: `<name> [preview <id> <commit>]`, so a new commit makes new runs and the same one adopts
 *   them; no keep_runs, no adopt.
 * Log streams are never part of a preview.
 */
export function previewDesired(full: Desired, plan: Plan, opts: { id: string; commit: string }): PreviewDesired {
  const actions = new Map(plan.changes.map((c) => [c.address, c.action]));
  const changed = (address: string): boolean => (actions.get(address) ?? 'no-op') !== 'no-op';
  const experiments = full.resources.filter((r): r is DesiredExperiment => r.kind === 'experiment' && actions.get(r.address) === 'create');
  const used = new Set<string>();
  for (const e of experiments) {
    used.add(addressOf('project', e.project));
    for (const s of e.scorers) if (s.type === 'custom') used.add(addressOf('scorer', s.key));
    if (e.dataset !== undefined) used.add(addressOf('dataset', e.dataset));
    if (e.template !== undefined) used.add(addressOf('template', e.template, e.project));
    if (e.globalTemplate !== undefined) used.add(addressOf('global_template', e.globalTemplate));
  }
  const owned: string[] = [];
  const versioned: string[] = [];
  const copy = <R extends DesiredResource>(r: R): R => {
    owned.push(r.address);
    return { ...r, name: previewCopyName(r.name, opts.id), adopt: false, protect: false };
  };
  const resources: DesiredResource[] = [];
  for (const r of full.resources) {
    if (r.kind === 'experiment') {
      if (!experiments.includes(r)) continue;
      owned.push(r.address);
      const { keepRuns: _keep, run: _run, ...rest } = r;
      resources.push({ ...rest, name: previewExperimentName(r.name, opts.id, opts.commit), adopt: false, protect: false });
      continue;
    }
    if (!used.has(r.address)) continue;
    const action = actions.get(r.address);
    if (r.kind === 'project') {
      const { description: _d, labels: _l, ...rest } = r;
      resources.push(action === 'create' ? copy(r) : rest);
    } else if (r.kind === 'template' && action === 'new-version') {
      versioned.push(r.address);
      resources.push(r);
    } else if (r.kind === 'scorer' && action === 'update') {
      // only its shell (description, tags) changed: not an input of a run
      const { description: _d, tags: _t, ...rest } = r;
      resources.push(rest);
    } else resources.push(changed(r.address) ? copy(r) : r);
  }
  const { hashes: _h, moved: _m, prune: _p, ...base } = full;
  return {
    desired: { ...base, resources, stack: previewStack(full.stack ?? '', opts.id) },
    experiments: experiments.map((e) => e.address),
    owned,
    versioned,
  };
}
