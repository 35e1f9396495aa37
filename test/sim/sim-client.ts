import { startSimulator, type SimulatorHandle, type SimulatorOptions } from '../../src/sim/start-simulator.js';

export const KEY = 'sim-key';

export interface Reply {
  status: number;
  headers: Headers;
  /** parsed JSON, or the text when the body is not JSON, or undefined when empty */
  body: any;
}

/** A plain HTTP client for the simulator tests: JSON in, JSON out, the API key on every call. */
export class SimClient {
  constructor(readonly url: string, readonly key: string | null = KEY) {}

  async call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
    const h: Record<string, string> = { ...headers };
    if (this.key !== null) h['Galileo-API-Key'] = this.key;
    let payload: string | FormData | undefined;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) {
      h['Content-Type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const res = await fetch(this.url + path, { method, headers: h, ...(payload === undefined ? {} : { body: payload }) });
    const text = await res.text();
    let parsed: unknown = undefined;
    if (text !== '') {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    }
    return { status: res.status, headers: res.headers, body: parsed };
  }

  /** like call(), but fails the test unless the status is 2xx */
  async ok(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<any> {
    const r = await this.call(method, path, body, headers);
    if (r.status < 200 || r.status >= 300) throw new Error(`${method} ${path} → ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  }
}

export function form(fields: Record<string, string>, files: Record<string, { name: string; text: string }> = {}): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  for (const [k, f] of Object.entries(files)) fd.append(k, new Blob([f.text]), f.name);
  return fd;
}

/** Fast jobs and no metrics lag (these tests read metrics right after the jobs end; scoring-knobs tests the lag). */
export async function startTestSim(opts: SimulatorOptions = {}): Promise<{ sim: SimulatorHandle; api: SimClient }> {
  const sim = await startSimulator({ jobStepMs: 10, metricsLagMs: 0, ...opts });
  return { sim, api: new SimClient(sim.url) };
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls the run's jobs until none is unstarted / in_progress [GUIDE]. */
export async function waitForJobs(api: SimClient, projectId: string, runId: string, prefix = ''): Promise<any[]> {
  for (let i = 0; i < 200; i++) {
    const jobs = await api.ok('GET', `${prefix}/projects/${projectId}/runs/${runId}/jobs`);
    if (jobs.every((j: { status: string }) => j.status !== 'unstarted' && j.status !== 'in_progress')) return jobs;
    await sleep(10);
  }
  throw new Error('jobs did not finish');
}

/** The scorers' own entries of an aggregate-metrics answer: not the `<name>_…_tokens` / `_scorer_version_id` sub-entries [GUIDE]. */
export function scorerEntries(metrics: any[]): any[] {
  return metrics.filter((m) => !/_(input_tokens|output_tokens|total_tokens|scorer_version_id)$/.test(m.name));
}

export const CODE_OK = 'def scorer_fn(step_object, **kwargs) -> float:\n    output = step_object.output\n    return min(len(output or "") / 200.0, 1.0)\n';

/** uuid v4 from node:crypto (test-side ids) */
export { randomUUID as uuid } from 'node:crypto';
