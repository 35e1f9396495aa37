import { scorerSettingsAddress } from '../../core/address.js';
import type { LiveResource, ScorerKey } from '../../core/plan-types.js';
import { normalizeScorerSettings } from '../../engine/normalize-live.js';
import { liveResource } from '../../engine/read/live-resource.js';
import { isNotFound } from '../../galileo/api-error.js';
import type { GalileoClient } from '../../galileo/create-client.js';
import { getScorerSettings } from '../../galileo/runs.js';
import { getScorer } from '../scorer/api.js';
import type { FoundRun, RunReadContext } from '../live-read.js';

/** One GET per run found (no list serves them); ids the lists did not name are looked up once each. */
export async function readScorerSettings(client: GalileoClient, runs: readonly FoundRun[], ctx: RunReadContext): Promise<LiveResource[]> {
  // the reads need only the runs: they go out while the org's scorer pages are still coming in
  const settings = await Promise.all(runs.map((r) => getScorerSettings(client, r.projectId, r.runId)));
  const known = await ctx.scorers;
  const keyOfId = new Map<string, ScorerKey>(known.map((s) => [s.id, `${s.scorer_type}:${s.name}`]));
  const unknown = new Set(settings.flatMap((s) => normalizeScorerSettings(s.scorers, keyOfId).unknownIds));
  const looked = await Promise.all([...unknown].map((id) => getScorer(client, id).catch((err: unknown) => {
    if (isNotFound(err)) return undefined;
    throw err;
  })));
  for (const s of looked) if (s !== undefined) keyOfId.set(s.id, `${s.scorer_type}:${s.name}`);
  return runs.map((run, i) => {
    const { state, unknownIds } = normalizeScorerSettings(settings[i]?.scorers ?? [], keyOfId, settings[i]?.segment_filters);
    // a scorer id that no longer resolves (deleted scorer) still shows in the diff as removed
    const shown = { ...state, scorers: [...state.scorers, ...unknownIds.map((id) => `unknown:${id}`)].sort() };
    return liveResource(scorerSettingsAddress(run.address), 'scorer_settings', run.runId, {
      state: shown,
      refs: { projectId: run.projectId, runId: run.runId },
    });
  });
}
