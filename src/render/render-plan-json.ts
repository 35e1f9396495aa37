import type { Plan, PlanChange } from '../core/plan-types.js';

/** One change with its keys in the documented order; absent optional keys are left out. */
function orderedChange(c: PlanChange): Record<string, unknown> {
  const out: Record<string, unknown> = { address: c.address, kind: c.kind, action: c.action, name: c.name };
  if (c.scorer_type !== undefined) out['scorer_type'] = c.scorer_type;
  if (c.project !== undefined) out['project'] = c.project;
  if (c.id !== undefined) out['id'] = c.id;
  out['fields'] = c.fields.map((f) => {
    const field: Record<string, unknown> = { path: f.path };
    if (f.before !== undefined) field['before'] = f.before;
    if (f.after !== undefined) field['after'] = f.after;
    if (f.diff !== undefined) field['diff'] = f.diff;
    if (f.known_after_apply) field['known_after_apply'] = true;
    return field;
  });
  out['depends_on'] = c.depends_on;
  if (c.reason !== undefined) out['reason'] = c.reason;
  if (c.rows !== undefined) out['rows'] = { added: c.rows.added, removed: c.rows.removed, changed: c.rows.changed, sample: c.rows.sample };
  if (c.scorers !== undefined) out['scorers'] = { added: c.scorers.added, removed: c.scorers.removed };
  if (c.traces !== undefined) out['traces'] = { new: c.traces.new, present: c.traces.present, file: c.traces.file, ...(c.traces.incomplete === undefined ? {} : { incomplete: c.traces.incomplete }) };
  if (c.protect !== undefined) out['protect'] = c.protect;
  if (c.caution !== undefined) out['caution'] = c.caution;
  if (c.run !== undefined) out['run'] = { experiment: c.run.experiment, fingerprint: c.run.fingerprint, reasons: c.run.reasons, estimate: c.run.estimate };
  return out;
}

/**
 * The plan as JSON (schema: docs/plan-json.md), keys in a stable order, no-op changes left out (they are
 * counted in `summary['no-op']`). This is also the plan file `--out` writes and `apply PLAN.json` reads.
 */
export function renderPlanJson(plan: Plan): string {
  const body: Record<string, unknown> = {
    format_version: plan.format_version,
    manifest: plan.manifest,
    ...(plan.manifest_hash === undefined ? {} : { manifest_hash: plan.manifest_hash }),
    desired_hash: plan.desired_hash,
    api_url: plan.api_url,
    created_at: plan.created_at,
    ...(plan.targets === undefined ? {} : { targets: plan.targets }),
    summary: {
      create: plan.summary.create,
      update: plan.summary.update,
      'new-version': plan.summary['new-version'],
      replace: plan.summary.replace,
      delete: plan.summary.delete,
      ingest: plan.summary.ingest,
      'no-op': plan.summary['no-op'],
    },
    changes: plan.changes.filter((c) => c.action !== 'no-op').map(orderedChange),
    unmanaged: plan.unmanaged.map((u) => ({ kind: u.kind, name: u.name, id: u.id, ...(u.project === undefined ? {} : { project: u.project }), owned: u.owned, ...(u.protected === true ? { protected: true } : {}), ...(u.reason === undefined ? {} : { reason: u.reason }), ...(u.owner_stack === undefined ? {} : { owner_stack: u.owner_stack }), ...(u.orphan === true ? { orphan: true } : {}), ...(u.caution === undefined ? {} : { caution: u.caution }) })),
    ...(plan.preview_leftovers === undefined ? {} : { preview_leftovers: plan.preview_leftovers }),
    ...(plan.warnings === undefined ? {} : { warnings: plan.warnings }),
    fingerprints: Object.fromEntries(Object.entries(plan.fingerprints).sort(([a], [b]) => (a < b ? -1 : 1))),
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}
