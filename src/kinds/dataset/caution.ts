import type { UnmanagedResource } from '../../core/plan-types.js';
import type { Experiment } from '../../galileo/types.js';
import type { CautionContext } from '../live-read.js';

/** An orphan dataset's users: the listed experiments that run on it. */
export function datasetCaution(_client: unknown, u: UnmanagedResource, { listed }: CautionContext): Promise<string | undefined> {
  const users = listed
    .filter((l) => l.kind === 'experiment' && (l.object as Experiment).dataset?.dataset_id === u.id)
    .map((l) => `experiment "${l.object.name}" in project "${l.project}"`);
  return Promise.resolve(users.length > 0 ? `used by ${users.join(', ')}` : undefined);
}
