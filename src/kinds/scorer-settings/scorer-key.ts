import { addressOf } from '../../core/address.js';
import type { ScorerOverride, ScorerRef } from '../../core/desired-types.js';
import { GalctlError } from '../../core/errors.js';
import type { DesiredRun } from '../../core/kind-map.js';
import type { ScorerKey, ScorerSettingsState } from '../../core/plan-types.js';
import { normalizeSegmentFilters } from '../../engine/normalize-live.js';
import type { DesiredContext } from '../kind-descriptor.js';

function runAddress(run: DesiredRun): string {
  return run.address || addressOf(run.kind, run.key, run.project);
}

/** `<scorer_type>:<remote name>` of a scorer reference; a preset must exist in `presets` when given. */
export function scorerKeyOf(ref: ScorerRef, run: DesiredRun, ctx: DesiredContext): ScorerKey {
  if (ref.type === 'preset') {
    if (ctx.presets !== undefined && ctx.presets[ref.name] === undefined) {
      throw new GalctlError('unknown-preset', `preset scorer "${ref.name}" used by ${runAddress(run)} does not exist in Galileo`, {
        hint: `check the name at ${run.loc.file}:${run.loc.line}:${run.loc.col}; presets look like preset:correctness, preset:context_adherence`,
      });
    }
    return `preset:${ref.name}`;
  }
  const scorer = ctx.index.scorers.get(ref.key);
  if (scorer === undefined) {
    throw new GalctlError('dangling-ref', `${runAddress(run)} uses scorer "${ref.key}", which the manifest does not declare`, {
      hint: 'declare it under scorers: or use a preset as preset:<name>',
    });
  }
  return `${scorer.scorerType}:${scorer.name}`;
}

/** A scorer reference as the manifest writes it: `preset:<name>` or the scorer's key. */
export function scorerRefText(ref: ScorerRef): string {
  return ref.type === 'preset' ? `preset:${ref.name}` : ref.key;
}

/**
 * The run's overrides keyed by scorer (`<scorer_type>:<name>`, as the read-back names them) and its sampling
 * normalized as the read-back is; each absent when the manifest leaves it unmanaged.
 */
export function runScorerSettingsState(run: DesiredRun, ctx: DesiredContext): Pick<ScorerSettingsState, 'overrides' | 'sampling'> {
  const out: Pick<ScorerSettingsState, 'overrides' | 'sampling'> = {};
  if (run.scorerOverrides !== undefined) {
    const overrides: Record<ScorerKey, ScorerOverride> = {};
    for (const ref of run.scorers) {
      const o = run.scorerOverrides[scorerRefText(ref)];
      if (o !== undefined && Object.keys(o).length > 0) overrides[scorerKeyOf(ref, run, ctx)] = o;
    }
    out.overrides = overrides;
  }
  if (run.sampling !== undefined) out.sampling = normalizeSegmentFilters(run.sampling);
  return out;
}
