import { GalctlError } from '../../core/errors.js';
import type { ScorerConfig } from '../../galileo/types.js';
import type { DesiredExperiment, DesiredLogStream } from '../../core/desired-types.js';
import { addressOf } from '../../core/address.js';
import { need } from '../../engine/apply/id-registry.js';
import type { StepContext } from '../../engine/apply/step-context.js';

/** A run's scorers as Galileo's `ScorerConfig` list: ids from the registry (custom) or the live presets. */
export function scorerConfigs(run: DesiredExperiment | DesiredLogStream, ctx: StepContext): ScorerConfig[] {
  return run.scorers.map((ref) => {
    if (ref.type === 'preset') {
      const id = ctx.live.presets[ref.name];
      if (id === undefined) throw new GalctlError('unknown-preset', `preset scorer "${ref.name}" used by ${run.address} does not exist in Galileo`);
      return { id, scorer_type: 'preset', name: ref.name };
    }
    const s = need(ctx.ids.scorers, addressOf('scorer', ref.key), 'scorer');
    return { id: s.id, scorer_type: s.type, name: s.name };
  });
}
