/**
 * Run scorer settings in depth (src/sim/SPEC.md "Scorer settings"): every ScorerConfig / SegmentFilter field the spec
 * has is validated, stored and returned; a pinned scorer version and the per-run model / judges overrides score.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatorHandle } from '../../src/sim/start-simulator.js';
import { startTestSim, uuid, waitForJobs, type SimClient } from './sim-client.js';

let sim: SimulatorHandle;
let api: SimClient;
let p: string;
let judge: { id: string };
let v1: { id: string; version: number };
beforeAll(async () => {
  ({ sim, api } = await startTestSim());
  p = (await api.ok('POST', '/projects', { name: 'settings' })).id;
  judge = await api.ok('POST', '/scorers', { name: 'deep-judge', scorer_type: 'llm', scoreable_node_types: ['trace'], defaults: { model_name: 'model-one', num_judges: 1 } });
  v1 = await api.ok('POST', `/scorers/${judge.id}/version/llm`, { user_prompt: 'p1', model_name: 'model-one', num_judges: 1 });
  await api.ok('POST', `/scorers/${judge.id}/version/llm`, { user_prompt: 'p2', model_name: 'model-two', num_judges: 3 });
});
afterAll(async () => sim.close());

const settingsPath = (run: string): string => `/projects/${p}/runs/${run}/scorer-settings`;
const stream = async (name: string): Promise<string> => (await api.ok('POST', `/projects/${p}/log_streams`, { name })).id;

/** Ingests one complete trace into a log stream and returns its judge metric once scored. */
async function scoredMetric(run: string): Promise<Record<string, unknown>> {
  const id = uuid();
  await api.ok('POST', `/projects/${p}/traces`, { log_stream_id: run, traces: [{ id, input: 'q', output: 'a' }] });
  await waitForJobs(api, p, run);
  return (await api.ok('GET', `/projects/${p}/traces/${id}`)).metric_info['deep-judge'];
}

describe('scorer settings in depth', () => {
  it('stores and returns every ScorerConfig field and the segment filters (defaults filled), on GET and metric_settings too', async () => {
    const run = await stream('full');
    const config = {
      id: judge.id, scorer_type: 'llm', name: 'deep-judge', model_name: 'model-override', num_judges: 5, cot_enabled: true,
      filters: [{ name: 'node_name', operator: 'one_of', value: ['llm', 'retriever'], case_sensitive: false }, { name: 'metadata', operator: 'eq', key: 'env', value: 'prod' }],
      scoreable_node_types: ['trace', 'llm'], output_type: 'percentage', input_type: 'trace_io_only', model_type: 'llm',
      scorer_version: { id: v1.id, version: 1, scorer_id: judge.id }, multimodal_capabilities: ['vision'], roll_up_method: 'average',
    };
    const segments = [{ sample_rate: 0.25, filter: { operator: 'eq', value: 'llm' } }, { sample_rate: 1, llm_scorers: true }, { sample_rate: 0.5, filter: { name: 'metadata', key: 'env', operator: 'eq', value: 'prod' } }];
    const out = await api.ok('POST', settingsPath(run), { run_id: run, scorers: [config], segment_filters: segments });
    const wantSegments = [
      // the filter's defaults are read back too (name, a node-name filter's case_sensitive)
      { sample_rate: 0.25, filter: { name: 'node_name', operator: 'eq', value: 'llm', case_sensitive: true }, llm_scorers: false, multimodal_scorers: false },
      { sample_rate: 1, filter: null, llm_scorers: true, multimodal_scorers: false },
      { sample_rate: 0.5, filter: { name: 'metadata', key: 'env', operator: 'eq', value: 'prod' }, llm_scorers: false, multimodal_scorers: false },
    ];
    expect(out).toEqual({ run_id: run, scorers: [config], segment_filters: wantSegments });
    expect(await api.ok('GET', settingsPath(run))).toEqual(out);
    expect(await api.ok('GET', `/projects/${p}/log_streams/${run}/metric_settings`)).toEqual({ scorers: [config], segment_filters: wantSegments });
    // PATCH without segment_filters keeps them; null clears them
    expect((await api.ok('PATCH', settingsPath(run), { run_id: run, scorers: [config] })).segment_filters).toEqual(wantSegments);
    expect((await api.ok('PATCH', settingsPath(run), { run_id: run, segment_filters: null })).segment_filters).toBeNull();
  });

  it('a pinned scorer_version scores with that version, the per-run model and judges override it', async () => {
    const latest = await stream('latest');
    await api.ok('POST', settingsPath(latest), { run_id: latest, scorers: [{ id: judge.id, scorer_type: 'llm' }] });
    expect(await scoredMetric(latest)).toMatchObject({ status_type: 'success', model_alias: 'model-two', num_judges: 3 });

    const pinned = await stream('pinned');
    await api.ok('POST', settingsPath(pinned), { run_id: pinned, scorers: [{ id: judge.id, scorer_type: 'llm', scorer_version: { id: v1.id, version: 1, scorer_id: judge.id } }] });
    expect(await scoredMetric(pinned)).toMatchObject({ status_type: 'success', model_alias: 'model-one', num_judges: 1 });

    const overridden = await stream('overridden');
    await api.ok('POST', settingsPath(overridden), { run_id: overridden, scorers: [{ id: judge.id, scorer_type: 'llm', model_name: 'per-run-model', num_judges: 7 }] });
    expect(await scoredMetric(overridden)).toMatchObject({ status_type: 'success', model_alias: 'per-run-model', num_judges: 7 });
  });

  it('422 for every bad ScorerConfig / SegmentFilter field at once, nothing stored; 404 for a version the scorer lacks', async () => {
    const run = await stream('invalid');
    const before = await api.ok('POST', settingsPath(run), { run_id: run, scorers: [{ id: judge.id, scorer_type: 'llm' }] });
    const bad = await api.call('POST', settingsPath(run), {
      run_id: run,
      scorers: [{
        id: judge.id, scorer_type: 'llm', num_judges: 11, cot_enabled: 'yes', output_type: 'score', input_type: 'everything', model_type: 'big',
        filters: [{ name: 'colour', operator: 'eq', value: 'x' }, { name: 'metadata', operator: 'contains', value: 'x' }],
        scorer_version: { version: 'one', scorer_id: uuid() }, multimodal_capabilities: ['smell'], roll_up_method: 'median',
      }, { scorer_type: 'robot' }],
      segment_filters: [{ sample_rate: 1.5 }, { filter: { name: 'node_name', operator: 'gt', value: 'x' } }],
    });
    expect(bad.status).toBe(422);
    const locs = bad.body.detail.map((d: { loc: (string | number)[] }) => d.loc.slice(1).join('.'));
    expect(locs.sort()).toEqual([
      'scorers.0.cot_enabled', 'scorers.0.filters.0.name', 'scorers.0.filters.1.metadata.key', 'scorers.0.filters.1.metadata.operator',
      'scorers.0.input_type', 'scorers.0.model_type', 'scorers.0.multimodal_capabilities.0', 'scorers.0.num_judges', 'scorers.0.output_type',
      'scorers.0.roll_up_method', 'scorers.0.scorer_version.id', 'scorers.0.scorer_version.scorer_id', 'scorers.0.scorer_version.version',
      'scorers.1.id', 'scorers.1.scorer_type',
    ].sort());
    const seg = await api.call('POST', settingsPath(run), { run_id: run, segment_filters: [{ sample_rate: 1.5 }, { filter: { name: 'node_name', operator: 'gt', value: 'x' } }, { sample_rate: -0.1 }] });
    expect(seg.status).toBe(422);
    expect(seg.body.detail.map((d: { loc: (string | number)[]; type: string }) => `${d.loc.slice(1).join('.')}:${d.type}`)).toEqual([
      'segment_filters.0.sample_rate:less_than_equal', 'segment_filters.1.sample_rate:missing', 'segment_filters.1.filter.node_name.operator:enum',
      'segment_filters.2.sample_rate:greater_than_equal',
    ]);
    expect((await api.call('POST', settingsPath(run), { run_id: run, scorers: [{ id: judge.id, scorer_type: 'llm', num_judges: 0 }] })).status).toBe(422);
    const otherScorer = await api.call('POST', settingsPath(run), { run_id: run, scorers: [{ id: judge.id, scorer_type: 'llm', scorer_version: { id: v1.id, version: 1, scorer_id: uuid() } }] });
    expect(otherScorer.status).toBe(422);
    const noSuch = await api.call('POST', settingsPath(run), { run_id: run, scorers: [{ id: judge.id, scorer_type: 'llm', scorer_version: { id: v1.id, version: 2, scorer_id: judge.id } }] });
    expect(noSuch.status).toBe(404);
    expect(await api.ok('GET', settingsPath(run))).toEqual(before);
    // an experiment created with a pinned version it does not have is refused too, and not created
    const exp = await api.call('POST', `/projects/${p}/experiments`, { name: 'pinned-wrong', scorers: [{ id: judge.id, scorer_type: 'llm', scorer_version: { id: uuid(), version: 1, scorer_id: judge.id } }] });
    expect(exp.status).toBe(404);
    expect((await api.ok('GET', `/projects/${p}/experiments`)).map((e: { name: string }) => e.name)).not.toContain('pinned-wrong');
  });
});
