import type { InventoryRow, Plan, PlanChange, UnmanagedResource } from '../core/plan-types.js';
import type { GalileoClient } from '../galileo/create-client.js';
import { applyPlan } from '../engine/apply/apply-plan.js';
import type { ApplyEvent, ApplyResult } from '../engine/apply/types.js';
import { previewStack } from '../engine/ownership.js';
import { findInventory } from '../engine/read/read-inventory.js';
import { listProjects } from '../kinds/project/api.js';

/** One object a preview's destroy deleted, or left. */
export interface DestroyedObject {
  kind: string;
  name: string;
  /** project name, for project-level kinds */
  project?: string;
  id: string;
}

export interface DestroyResult {
  /** the preview's objects, as its inventory rows recorded them */
  objects: DestroyedObject[];
  /** the deletes (undefined when the preview had nothing left) */
  applied?: ApplyResult;
}

/** A preview's object carries its id in its name (preview-desired.ts): never delete a row's object without it. */
const namedForPreview = (row: InventoryRow, id: string): boolean => row.name.includes(`[preview ${id}`);

/**
 * `galctl preview --destroy --id ID`: deletes exactly what the preview created, as the inventory proves it: the
 * confirmed rows of the stack `<stack>/preview/<id>` (whose names carry the preview id), in dependency order (runs
 * first), then drops their rows. Nothing else is read as the preview's. The template versions a preview added to
 * main's templates stay: Galileo has no call that deletes a template version (they were never selected).
 */
export async function destroyPreview(client: GalileoClient, opts: { stack: string; id: string; signal?: AbortSignal; onEvent?: (e: ApplyEvent) => void }): Promise<DestroyResult> {
  const stack = previewStack(opts.stack, opts.id);
  const inventory = await findInventory(client);
  const rows = (inventory?.rows ?? []).filter((r) => r.stack === stack && r.id !== '' && namedForPreview(r, opts.id));
  const objects = rows.map((r) => ({ kind: r.kind, name: r.name, ...(r.project === '' ? {} : { project: r.project }), id: r.id }));
  if (rows.length === 0) return { objects };
  const projectNames = [...new Set(rows.map((r) => r.project).filter((p) => p !== ''))];
  const projects = projectNames.length === 0 ? [] : await listProjects(client, { names: projectNames });
  // the projects the deletes name their objects by (IdRegistry.projectsByName is seeded from these)
  const unmanaged: UnmanagedResource[] = projects.map((p) => ({ kind: 'project', name: p.name, id: p.id, owned: false }));
  const changes: PlanChange[] = rows.map((r) => ({
    address: `preview.${opts.id}.${r.kind}.${r.id}`,
    kind: r.kind,
    action: 'delete',
    name: r.name,
    ...(r.project === '' ? {} : { project: r.project }),
    id: r.id,
    fields: [],
    depends_on: [],
  }));
  const plan: Plan = {
    format_version: '1',
    manifest: '',
    desired_hash: '',
    api_url: '',
    created_at: new Date().toISOString(),
    changes,
    summary: { create: 0, update: 0, 'new-version': 0, replace: 0, delete: changes.length, ingest: 0, 'no-op': 0 },
    fingerprints: {},
    unmanaged: [],
  };
  const applied = await applyPlan({
    plan,
    desired: { file: '', resources: [], stack },
    live: { resources: {}, presets: {}, unmanaged, ...(inventory === undefined ? {} : { inventory }) },
    client,
    onError: 'continue',
    ...(opts.signal === undefined ? {} : { signal: opts.signal }),
    ...(opts.onEvent === undefined ? {} : { onEvent: opts.onEvent }),
  });
  return { objects, applied };
}
