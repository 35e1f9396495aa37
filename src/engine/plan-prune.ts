import { addressOf } from '../core/address.js';
import type { Desired } from '../core/desired-types.js';
import type { PlanChange, StepKind, UnmanagedResource } from '../core/plan-types.js';
import { kindOf } from '../kinds/registry.js';

/**
 * Deletes run in reverse (each kind's `deleteRank`): runs and templates before their project, every run before the
 * org scorers and datasets. Undefined: `--prune` never deletes that kind.
 */
export const deleteRank = (kind: StepKind): number | undefined => kindOf(kind).deleteRank;

const deletable = (u: UnmanagedResource): boolean => u.owned && u.protected !== true && deleteRank(u.kind) !== undefined;

export const ORPHAN_REASON = 'no longer declared; `--prune` deletes it';

/** The stack's objects the manifest no longer declares and this plan does not delete (no prune). */
export const orphansOf = (plan: { unmanaged: readonly UnmanagedResource[] }): UnmanagedResource[] => plan.unmanaged.filter((u) => u.orphan === true);

/**
 * The stack's orphans, and what `--prune` deletes and leaves. Orphans: objects the manifest does not name that the
 * stack's inventory confirms as its own and does not protect. With prune they are deletes; without, they stay in
 * `unmanaged` marked `orphan` (every plan shows them, and they count as changes). A project is deleted only when
 * everything in it is deleted too (deleting a project deletes its contents, so one hand-made or protected
 * experiment inside keeps it). Without prune, `unmanaged` keeps only what the stack owns; with prune, everything
 * found, with the reason (protected, owned by another stack…).
 */
export function planPrune(found: readonly UnmanagedResource[], desired: Desired, prune: boolean): { deletes: PlanChange[]; unmanaged: UnmanagedResource[] } {
  const projectKey = new Map(desired.resources.flatMap((r) => (r.kind === 'project' ? [[r.name, r.key] as const] : [])));
  const blocked = new Set(found.filter((u) => u.project !== undefined && !deletable(u)).map((u) => u.project as string));
  const deletes: PlanChange[] = [];
  const unmanaged: UnmanagedResource[] = [];
  for (const u of found) {
    const keepProject = u.kind === 'project' && blocked.has(u.name);
    if (!deletable(u) || keepProject) {
      let reason = u.reason;
      if (u.owned && u.protected === true) reason = 'protected';
      else if (u.owned && keepProject) reason = 'it holds resources galctl did not create or that are protected';
      if (prune || u.owned) unmanaged.push({ ...u, ...(reason === undefined ? {} : { reason }) });
      continue;
    }
    if (!prune) {
      unmanaged.push({ ...u, orphan: true, reason: ORPHAN_REASON });
      continue;
    }
    const project = u.project === undefined ? undefined : (projectKey.get(u.project) ?? u.project);
    const address = addressOf(u.kind, u.name, kindOf(u.kind).scope === 'org' ? undefined : (project ?? ''));
    deletes.push({
      address,
      kind: u.kind,
      action: 'delete',
      name: u.name,
      ...(u.project === undefined ? {} : { project: u.project }),
      id: u.id,
      fields: [],
      depends_on: [],
      reason: 'not in the manifest; created by galctl (--prune)',
      ...(u.caution === undefined ? {} : { caution: u.caution }),
    });
  }
  for (const d of deletes) {
    if (d.kind === 'project') {
      d.depends_on = deletes.filter((c) => c.kind !== 'project' && c.address.startsWith(`${d.address}.`)).map((c) => c.address).sort();
    }
  }
  deletes.sort((a, b) => (deleteRank(a.kind) ?? 0) - (deleteRank(b.kind) ?? 0) || (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  return { deletes, unmanaged };
}
