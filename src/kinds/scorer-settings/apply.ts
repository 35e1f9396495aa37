import { upsertScorerSettings } from '../../galileo/runs.js';
import { stableStringify } from '../../core/content-hash.js';
import type { PlanChange } from '../../core/plan-types.js';
import { need } from '../../engine/apply/id-registry.js';
import type { StepResult } from '../../engine/apply/run-in-order.js';
import { desiredStepOf, type StepContext } from '../../engine/apply/step-context.js';
import { scorerConfigs } from './scorer-configs.js';

/**
 * `<run>.scorers`: sets the run's scorer list with the run's overrides of each (upsert: the whole list, so it is
 * safe to repeat) and, when the manifest manages it, its sampling (`segment_filters`; left out, Galileo keeps the
 * run's). Runs before the run's traces are sent: Galileo silently skips custom scorers registered after the traces
 * arrive.
 */
export async function applyScorerSettings(change: PlanChange, ctx: StepContext): Promise<StepResult> {
  const step = desiredStepOf(change, ctx, 'scorer_settings');
  const run = step.resource;
  const { id, projectId, createdScorers } = need(ctx.ids.runs, run.address, run.kind === 'experiment' ? 'experiment' : 'log stream');
  const configs = await scorerConfigs(run, ctx);
  const sampling = step.state.sampling;
  const summary = `registered ${configs.length} scorer${configs.length === 1 ? '' : 's'}${sampling === undefined || sampling.length === 0 ? '' : `, ${sampling.length} segment filter${sampling.length === 1 ? '' : 's'}`}`;
  // The run was created in this apply with trigger: true and exactly this list in its create body, which Galileo
  // registers (it ignores body scorers without trigger, so every other run sends them here, before its first trace).
  // Self-healing if a Galileo did not register them: the next plan reads the run's scorer settings, sees the
  // difference and plans this step again, which then sends them. Sampling is not part of a create body.
  const noSampling = sampling === undefined || sampling.length === 0;
  if (noSampling && createdScorers !== undefined && stableStringify(createdScorers) === stableStringify(configs)) return { summary: `${summary} (with the create)` };
  await upsertScorerSettings(ctx.client, projectId, id, configs, sampling);
  return { summary };
}
