import { afterEach, describe, expect, it } from 'vitest';
import type { SimulatorHandle } from '../../src/sim/start-simulator.js';
import { type SimClient, sleep, startTestSim, waitForJobs } from './sim-client.js';

let sim: SimulatorHandle | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

/** A project, an LLM scorer and a triggered experiment over two rows with pre-generated outputs. */
async function scoredExperiment(api: SimClient, scorerName: string): Promise<{ pid: string; eid: string }> {
  const p = await api.ok('POST', '/projects', { name: `p-${scorerName}`, type: 'gen_ai' });
  const s = await api.ok('POST', '/scorers', { name: scorerName, scorer_type: 'llm', output_type: 'percentage', scoreable_node_types: ['llm'], defaults: { model_name: 'GPT-4o mini', num_judges: 1 } });
  await api.ok('POST', `/scorers/${s.id}/version/llm`, { user_prompt: 'Rate {output}' });
  const fd = new FormData();
  fd.append('name', `d-${scorerName}`);
  fd.append('file', new Blob([JSON.stringify([{ input: 'a', generated_output: 'b' }, { input: 'c', generated_output: 'd' }])]), 'd.json');
  const d = await api.ok('POST', '/datasets?format=json', fd);
  const e = await api.ok('POST', `/projects/${p.id}/experiments`, {
    name: 'e', task_type: 16, dataset: { dataset_id: d.id, version_index: 1 }, scorers: [{ id: s.id, scorer_type: 'llm' }], trigger: true,
  });
  return { pid: p.id, eid: e.id };
}

describe('simulator scoring knobs', () => {
  it('scorer-failures: the named scorer\'s jobs end in error with the message; traces stay pending; metric absent', async () => {
    const t = await startTestSim();
    sim = t.sim;
    expect(await t.api.ok('POST', '/__sim/scorer-failures', { judge: 'model outage (simulated)' })).toEqual({ judge: 'model outage (simulated)' });
    expect(await t.api.ok('GET', '/__sim/scorer-failures')).toEqual({ judge: 'model outage (simulated)' });
    expect((await t.api.call('POST', '/__sim/scorer-failures', { judge: 42 })).status).toBe(422);
    const { pid, eid } = await scoredExperiment(t.api, 'judge');
    const jobs = await waitForJobs(t.api, pid, eid);
    const scoring = jobs.filter((j: { job_name: string }) => j.job_name === 'log_stream_scorer');
    expect(scoring.map((j: { status: string; error_message: string }) => [j.status, j.error_message])).toEqual([['error', 'model outage (simulated)']]);
    const recs = (await t.api.ok('POST', `/projects/${pid}/traces/search`, { experiment_id: eid })).records;
    expect(recs.map((r: { metric_info: Record<string, { status_type: string }> }) => r.metric_info['judge']?.status_type)).toEqual(['pending', 'pending']);
    expect((await t.api.ok('POST', `/projects/${pid}/experiments/${eid}/metrics`, {})).metrics).toEqual([]);
    // null clears the knob
    expect(await t.api.ok('POST', '/__sim/scorer-failures', { judge: null })).toEqual({});
  });

  it('metricsLagMs: scores stay pending and out of the aggregate until the lag after completed has passed', async () => {
    const t = await startTestSim({ jobStepMs: 10, metricsLagMs: 1000 });
    sim = t.sim;
    const { pid, eid } = await scoredExperiment(t.api, 'slowmetric');
    const jobs = await waitForJobs(t.api, pid, eid);
    expect(jobs.every((j: { status: string }) => j.status === 'completed')).toBe(true);
    expect((await t.api.ok('POST', `/projects/${pid}/experiments/${eid}/metrics`, {})).metrics).toEqual([]);
    let names: string[] = [];
    for (let i = 0; i < 300 && names.length === 0; i++) {
      await sleep(20);
      names = (await t.api.ok('POST', `/projects/${pid}/experiments/${eid}/metrics`, {})).metrics.map((m: { name: string }) => m.name);
    }
    expect(names).toContain('slowmetric');
  });
});
