import { GalctlError } from '../core/errors.js';
import { escapeControl } from '../render/escape-control.js';
import { stableStringify } from '../core/content-hash.js';
import type { Plan, PlanChange } from '../core/plan-types.js';

/**
 * A saved plan may be applied only while it still describes the world: same API, same manifest (desired hash), and
 * every live object it read unchanged (fingerprints), none gone, none appeared, every delete still there. Throws
 * naming what moved. `fresh` is a plan made now, with the saved plan's targets and prune.
 */
export function checkSavedPlan(saved: Plan, fresh: Plan): void {
  const hint = 'make a new plan (galctl plan --out PLAN.json), review it, and apply that';
  if (saved.api_url !== fresh.api_url) {
    throw new GalctlError('plan-stale', `the plan was made against ${saved.api_url}, not ${fresh.api_url}`, { hint: 'point GALILEO_API_URL / --api-url at the API the plan was made against, or make a new plan' });
  }
  if (saved.desired_hash !== fresh.desired_hash) {
    throw new GalctlError('plan-stale', `the manifest changed since the plan was made (${saved.manifest})`, { hint });
  }
  const moved = new Set<string>();
  for (const [address, fp] of Object.entries(saved.fingerprints)) if (fresh.fingerprints[address] !== fp) moved.add(address);
  for (const address of Object.keys(fresh.fingerprints)) if (saved.fingerprints[address] === undefined) moved.add(address);
  const freshDeletes = new Map(fresh.changes.filter((c) => c.action === 'delete').map((c) => [c.address, c.id]));
  for (const c of saved.changes) if (c.action === 'delete' && freshDeletes.get(c.address) !== c.id) moved.add(c.address);
  if (moved.size > 0) {
    throw new GalctlError('plan-stale', `Galileo changed since the plan was made: ${[...moved].sort().join(', ')}`, { hint });
  }
  checkSavedChanges(saved, fresh);
}

/**
 * What of a change a plan made now must repeat: everything but the live id (apply takes it from the fresh plan) and
 * the trace counts (records ingested meanwhile only shrink the work; apply sends the missing ones).
 */
function changeKey(c: PlanChange): string {
  const fields = c.fields.map((f) => ({ ...f, known_after_apply: f.known_after_apply === true ? true : undefined }));
  const { id: _id, traces, ...rest } = c;
  return stableStringify({ ...rest, fields, traces: traces === undefined ? undefined : { file: traces.file } });
}

/**
 * Every change of a saved plan must be one a plan made now contains, the same in every respect (changeKey): the plan
 * file is not trusted to say what to do (an injected `replace` of an unchanged experiment was carried out with
 * --allow-replace). Throws naming each change that is not.
 */
export function checkSavedChanges(saved: Plan, fresh: Plan): void {
  const freshByAddress = new Map(fresh.changes.filter((c) => c.action !== 'no-op').map((c) => [c.address, changeKey(c)]));
  const foreign = saved.changes.filter((c) => c.action !== 'no-op' && freshByAddress.get(c.address) !== changeKey(c));
  if (foreign.length === 0) return;
  const lines = foreign.map((c) => `  ${escapeControl(String(c.action))} ${escapeControl(String(c.address))}`).join('\n');
  throw new GalctlError('plan-foreign-change', `the plan holds ${foreign.length === 1 ? 'a change' : 'changes'} that a plan made now does not; nothing was changed:\n${lines}`, {
    hint: 'a plan file is applied only as galctl wrote it: make a new plan (galctl plan --out PLAN.json), review it, and apply that',
  });
}

/** A saved plan's JSON, checked for the fields apply relies on. */
export function parseSavedPlan(text: string, shown: string): Plan {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new GalctlError('plan-invalid', `${shown} is not JSON`, { hint: 'pass a file written by galctl plan --out, or the manifest with -f' });
  }
  const p = data as Partial<Plan> | null;
  if (p === null || typeof p !== 'object' || p.format_version === undefined) {
    throw new GalctlError('plan-invalid', `${shown} is not a galctl plan (no format_version)`, { hint: 'pass a file written by galctl plan --out' });
  }
  if (p.format_version !== '1') throw new GalctlError('plan-invalid', `${shown} has plan format_version "${String(p.format_version)}"; this galctl reads "1"`);
  if (typeof p.manifest !== 'string' || typeof p.desired_hash !== 'string' || !Array.isArray(p.changes) || typeof p.fingerprints !== 'object') {
    throw new GalctlError('plan-invalid', `${shown} is missing fields of a galctl plan (manifest, desired_hash, changes, fingerprints)`, { hint: 'make a new plan' });
  }
  return p as Plan;
}
