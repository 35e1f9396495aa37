import { onTestFinished } from 'vitest';
import { createGalileoClient } from '../../src/galileo/create-client.js';
import { startSimulator } from '../../src/sim/start-simulator.js';
import { postVia } from '../../src/traces/post-via.js';
import { traceIdScope } from '../../src/traces/trace-id.js';
import type { PostJson, TraceDestination, TraceRunKind } from '../../src/traces/types.js';

export interface SimRun {
  url: string;
  post: PostJson;
  /** every body sent to POST /projects/{id}/traces, in order */
  ingestBodies: { is_complete: boolean; traces: unknown[] }[];
  projectId: string;
  destination: TraceDestination;
  idScope: string;
  /** traces/count over the whole run */
  countRun(): Promise<number>;
  /** requests the simulator answered on one route template, e.g. `POST /projects/:project_id/traces` */
  requests(route: string): Promise<number>;
}

/** A simulator on port 0 with one project and one run of the given kind, all closed when the test ends. */
export async function startSimRun(kind: TraceRunKind = 'experiment'): Promise<SimRun> {
  const sim = await startSimulator({ port: 0 });
  const client = createGalileoClient({ apiUrl: sim.url, apiKey: 'sim-key', minRetryDelayMs: 1 });
  onTestFinished(async () => {
    await client.close();
    await sim.close();
  });
  const base = postVia(client);
  const ingestBodies: SimRun['ingestBodies'] = [];
  const post: PostJson = async (path, body, opts) => {
    if (/^\/projects\/[^/]+\/traces$/.test(path)) {
      // a batch may come encoded (JsonText): read it back as the server does
      const b = JSON.parse(JSON.stringify(body)) as { is_complete: boolean; traces: unknown[] };
      ingestBodies.push({ is_complete: b.is_complete, traces: b.traces });
    }
    return base(path, body, opts);
  };
  const project = (await base('/projects', { name: 'demo', type: 'gen_ai' })) as { id: string };
  const runPath = kind === 'experiment' ? 'experiments' : 'log_streams';
  const run = (await base(`/projects/${project.id}/${runPath}`, { name: 'replay', task_type: 16 })) as { id: string };
  const destination: TraceDestination = kind === 'experiment' ? { experiment_id: run.id } : { log_stream_id: run.id };
  return {
    url: sim.url,
    post,
    ingestBodies,
    projectId: project.id,
    destination,
    idScope: traceIdScope('demo', kind, 'replay'),
    async countRun() {
      const res = (await base(`/projects/${project.id}/traces/count`, { ...destination, filters: [] })) as { total_count: number };
      return res.total_count;
    },
    async requests(route) {
      const res = await fetch(`${sim.url}/__sim/stats`);
      const stats = (await res.json()) as { by_route: Record<string, number> };
      return stats.by_route[route] ?? 0;
    },
  };
}
