/**
 * The per-resource baseline: a no-op "plan" that refreshes every declared resource with one GET by id, the way
 * Terraform providers refresh from their state file. The ids come from a state galctl read before (standing in for
 * Terraform's state file, so the baseline gets its ids for free). It fetches less than galctl's plan does (no
 * scorer settings, no dataset versions, no code), so it is a generous baseline.
 */
import type { GalileoClient } from '../src/galileo/create-client.js';
import { getDataset } from '../src/kinds/dataset/api.js';
import { getExperiment } from '../src/kinds/experiment/api.js';
import { getLogStream } from '../src/kinds/log-stream/api.js';
import { getProject } from '../src/kinds/project/api.js';
import { getScorer } from '../src/kinds/scorer/api.js';
import { getTemplate } from '../src/kinds/template/api.js';
import type { Desired } from '../src/core/desired-types.js';
import { addressOf } from '../src/core/address.js';
import type { LiveState } from '../src/core/plan-types.js';

/** One GET per declared resource, all at once under the client's concurrency limit. Returns how many were read. */
export async function baselinePlan(client: GalileoClient, desired: Desired, state: LiveState): Promise<number> {
  const idOf = (address: string): string => {
    const r = state.resources[address];
    if (r === undefined) throw new Error(`baseline: ${address} is not in the state`);
    return r.id;
  };
  const reads = desired.resources.map((r): Promise<unknown> => {
    const id = idOf(r.address);
    switch (r.kind) {
      case 'project':
        return getProject(client, id);
      case 'scorer':
        return getScorer(client, id);
      case 'dataset':
        return getDataset(client, id);
      case 'template':
        return getTemplate(client, id);
      case 'experiment':
        return getExperiment(client, idOf(addressOf('project', r.project)), id);
      case 'log_stream':
        return getLogStream(client, idOf(addressOf('project', r.project)), id);
    }
  });
  await Promise.all(reads);
  return reads.length;
}
