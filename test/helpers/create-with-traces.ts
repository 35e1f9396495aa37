import type { GalileoClient } from '../../src/galileo/create-client.js';
import { readLiveState } from '../../src/engine/read/read-live-state.js';
import type { Desired } from '../../src/core/desired-types.js';
import { addressOf } from '../../src/core/address.js';
import { ingestTraces } from '../../src/traces/ingest-traces.js';
import { postVia } from '../../src/traces/post-via.js';
import { traceIdScope } from '../../src/traces/trace-id.js';
import { createFromDesired } from './create-from-desired.js';

/** Every resource of a desired state created directly through the client (not apply), trace files ingested too. */
export async function createWithTraces(client: GalileoClient, desired: Desired): Promise<void> {
  await createFromDesired(client, desired);
  const runs = desired.resources.filter((r) => (r.kind === 'experiment' || r.kind === 'log_stream') && r.traces !== undefined);
  if (runs.length === 0) return;
  const live = await readLiveState(client, desired);
  for (const r of runs) {
    if ((r.kind !== 'experiment' && r.kind !== 'log_stream') || r.traces === undefined) continue;
    const runId = live.resources[r.address]!.id;
    const projectName = desired.resources.find((p) => p.kind === 'project' && p.key === r.project)!.name;
    await ingestTraces({
      post: postVia(client),
      projectId: live.resources[addressOf('project', r.project)]!.id,
      destination: r.kind === 'experiment' ? { experiment_id: runId } : { log_stream_id: runId },
      file: r.traces.file,
      // scoped by the run's remote name: an experiment's is its run's, `<name> · <fingerprint>` (issue 17)
      idScope: traceIdScope(projectName, r.kind, String((live.resources[r.address]!.state as { name: string }).name)),
    });
  }
}
