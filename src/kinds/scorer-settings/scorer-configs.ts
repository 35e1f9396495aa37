import { GalctlError } from '../../core/errors.js';
import type { ScorerConfig } from '../../galileo/types.js';
import type { DesiredExperiment, DesiredLogStream, ScorerOverride } from '../../core/desired-types.js';
import { addressOf } from '../../core/address.js';
import { need } from '../../engine/apply/id-registry.js';
import type { StepContext } from '../../engine/apply/step-context.js';
import { isNotFound } from '../../galileo/api-error.js';
import { getScorerVersion } from '../scorer/api.js';
import { scorerRefText } from './scorer-key.js';

/**
 * A run's scorers as Galileo's `ScorerConfig` list: ids from the registry (custom) or the live presets, with the
 * run's overrides of each (`scorer_overrides`): a pinned version is looked up for its id (`BaseScorerVersionDB`
 * needs id, version and scorer_id).
 */
export async function scorerConfigs(run: DesiredExperiment | DesiredLogStream, ctx: StepContext): Promise<ScorerConfig[]> {
  return Promise.all(
    run.scorers.map(async (ref) => {
      let config: ScorerConfig;
      if (ref.type === 'preset') {
        const id = ctx.live.presets[ref.name];
        if (id === undefined) throw new GalctlError('unknown-preset', `preset scorer "${ref.name}" used by ${run.address} does not exist in Galileo`);
        config = { id, scorer_type: 'preset', name: ref.name };
      } else {
        const s = need(ctx.ids.scorers, addressOf('scorer', ref.key), 'scorer');
        config = { id: s.id, scorer_type: s.type, name: s.name };
      }
      const o = run.scorerOverrides?.[scorerRefText(ref)];
      return o === undefined ? config : { ...config, ...(await overrideFields(o, config.id, ctx, run.address)) };
    }),
  );
}

async function overrideFields(o: ScorerOverride, scorerId: string, ctx: StepContext, where: string): Promise<Partial<ScorerConfig>> {
  const out: Partial<ScorerConfig> = {};
  if (o.model !== undefined) out['model_name'] = o.model;
  if (o.judges !== undefined) out['num_judges'] = o.judges;
  if (o.chainOfThought !== undefined) out['cot_enabled'] = o.chainOfThought;
  if (o.version !== undefined) {
    const v = await getScorerVersion(ctx.client, scorerId, o.version).catch((err: unknown) => {
      if (!isNotFound(err)) throw err;
      throw new GalctlError('scorer-version', `${where} pins version ${o.version} of scorer ${scorerId}, which has no such version`, {
        hint: 'pin a version the scorer has (its versions: GET /scorers/{id}/versions), or remove version:',
        cause: err,
      });
    });
    out['scorer_version'] = { id: v.id, version: v.version, scorer_id: scorerId };
  }
  return out;
}
