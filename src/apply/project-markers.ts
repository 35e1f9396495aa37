import { isNotFound } from '../galileo/api-error.js';
import { getProject, updateProject } from '../galileo/projects.js';
import { childOwnershipLabel, childProtectionLabel, PROTECTED_MARKER, withMarkers, type ChildKind } from '../plan/ownership.js';
import type { StepContext } from './step-context.js';

/** The markers to set and unset for an owned object (`protect:` on → the protection marker too). */
export function markerChange(owned: string, protectMarker: string, protect: boolean): { set: string[]; unset: string[] } {
  return protect ? { set: [owned, protectMarker], unset: [] } : { set: [owned], unset: [protectMarker] };
}

export const ownMarkers = (owned: string, protect: boolean): { set: string[]; unset: string[] } => markerChange(owned, PROTECTED_MARKER, protect);

/** Label edits of one project run one at a time (each is a read-modify-write of the whole label list). */
function serialized<T>(ctx: StepContext, projectId: string, fn: () => Promise<T>): Promise<T> {
  const prev = ctx.projectLocks.get(projectId) ?? Promise.resolve();
  const next = prev.then(fn, fn);
  ctx.projectLocks.set(projectId, next.catch(() => undefined));
  return next;
}

async function editLabels(ctx: StepContext, projectId: string, change: { set: string[]; unset: string[] }): Promise<void> {
  await serialized(ctx, projectId, async () => {
    const project = await getProject(ctx.client, projectId);
    const labels = withMarkers(undefined, project.labels, change);
    const same = labels.length === (project.labels ?? []).length && labels.every((l) => (project.labels ?? []).includes(l));
    if (!same) await updateProject(ctx.client, projectId, { labels });
  });
}

/**
 * Claims a template, log stream or experiment for galctl with a label on its project (`galctl:<kind>:<name>`, plus
 * the protection label when `protect:`). Called BEFORE the object is created: a crash in between leaves a claim
 * for an object that a re-run creates, never an object that looks hand-made.
 */
export async function markChild(ctx: StepContext, projectId: string, kind: ChildKind, name: string, protect: boolean, address: string): Promise<void> {
  const live = ctx.live.resources[address];
  if (live?.owned === true && (live.protected ?? false) === protect) return;
  await editLabels(ctx, projectId, markerChange(childOwnershipLabel(kind, name), childProtectionLabel(kind, name), protect));
}

/** After a delete: the child's labels go too (the project may be gone as well). */
export async function unmarkChild(ctx: StepContext, projectId: string, kind: ChildKind, name: string): Promise<void> {
  try {
    await editLabels(ctx, projectId, { set: [], unset: [childOwnershipLabel(kind, name), childProtectionLabel(kind, name)] });
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
}
