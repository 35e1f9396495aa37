import type { UnmanagedResource } from '../../core/plan-types.js';
import type { GalileoClient } from '../../galileo/create-client.js';
import { getExperiment } from '../../kinds/experiment/api.js';
import { getLogStream } from '../../kinds/log-stream/api.js';
import type { Experiment, ProjectDB } from '../../galileo/types.js';

/** An experiment the reader listed, with its project's name: who uses which dataset. */
export interface ListedExperiment {
  project: string;
  experiment: Experiment;
}

/**
 * What deleting the stack's undeclared objects would lose, written on them as `caution`: a run's traces (one GET
 * with counts per such run: only the stack's own orphans are asked about) and the listed experiments that use a
 * dataset. The plan shows it on the delete (markdown: a [!CAUTION] block).
 */
export async function addCautions(client: GalileoClient, unmanaged: UnmanagedResource[], projects: readonly ProjectDB[], experiments: readonly ListedExperiment[]): Promise<void> {
  const projectId = new Map(projects.map((p) => [p.name, p.id]));
  await Promise.all(
    unmanaged.map(async (u) => {
      if (!u.owned || u.protected === true) return;
      if (u.kind === 'dataset') {
        const users = experiments.filter((e) => e.experiment.dataset?.dataset_id === u.id).map((e) => `experiment "${e.experiment.name}" in project "${e.project}"`);
        if (users.length > 0) u.caution = `used by ${users.join(', ')}`;
        return;
      }
      const pid = u.project === undefined ? undefined : projectId.get(u.project);
      if ((u.kind !== 'experiment' && u.kind !== 'log_stream') || pid === undefined) return;
      const run = u.kind === 'experiment' ? await getExperiment(client, pid, u.id, { counts: true }) : await getLogStream(client, pid, u.id, { counts: true });
      const n = run.num_traces ?? 0;
      if (n > 0) u.caution = `holds ${n} trace${n === 1 ? '' : 's'}, deleted with it`;
    }),
  );
}
