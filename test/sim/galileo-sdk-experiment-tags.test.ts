/**
 * The official `galileo` SDK's experiment tags against the simulator: its ExperimentTags entity (upsert = list, then
 * PUT an existing key or POST a new one; delete) and runExperiment's `experimentTags`. Read back through the SDK and
 * checked in the simulator's state and request log.
 */
import { createDataset, ExperimentTags, getProject, runExperiment } from 'galileo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRequests, startSdkSim, type SdkSim } from './galileo-sdk-env.js';

let env: SdkSim;
let projectId: string;

beforeAll(async () => {
  env = await startSdkSim('sdk-experiment-tags');
  await createDataset({ name: 'sdk-tags-ds', content: [{ input: 'a', output: 'b' }], projectName: env.project });
  projectId = (await getProject({ name: env.project })).id;
});
afterAll(async () => env?.close());

interface Tag { id: string; key: string; value: string; tagType: string; runId: string }

describe('galileo SDK: experiment tags against the simulator', () => {
  it('runExperiment with experimentTags tags the experiment; the ExperimentTags entity upserts, lists and deletes', async () => {
    const out = await runExperiment({
      name: 'sdk-tagged-run', datasetName: 'sdk-tags-ds', projectName: env.project,
      experimentTags: { 'galctl.key': 'exp-a', 'galctl.fingerprint': 'sha256:01' },
      function: async (input: Record<string, unknown>) => `echo ${String(input['input'])}`,
    });
    const experimentId = out.experiment.id as string;
    const tags = new ExperimentTags();
    const listed = (await tags.getExperimentTags({ projectId, experimentId })) as unknown as Tag[];
    expect(listed.map((t) => [t.key, t.value, t.tagType, t.runId])).toEqual([
      ['galctl.key', 'exp-a', 'generic', experimentId], ['galctl.fingerprint', 'sha256:01', 'generic', experimentId],
    ]);

    // an existing key: the SDK PUTs it (same id, new value); a new key: it POSTs
    const updated = (await tags.upsertExperimentTag({ projectId, experimentId, key: 'galctl.key', value: 'exp-b' })) as unknown as Tag;
    expect(updated).toMatchObject({ id: listed[0]?.id, key: 'galctl.key', value: 'exp-b' });
    const added = (await tags.upsertExperimentTag({ projectId, experimentId, key: 'ci.sha', value: 'abc123' })) as unknown as Tag;
    expect(added.key).toBe('ci.sha');
    const tagRoutes = apiRequests(env.sim).filter((r) => r.path.includes(`/experiments/${experimentId}/tags`) && r.method !== 'GET');
    expect(tagRoutes.map((r) => r.method)).toEqual(['POST', 'POST', 'PUT', 'POST']);
    expect(tagRoutes.every((r) => r.status === 200)).toBe(true);

    await tags.deleteExperimentTag({ projectId, experimentId, tagId: listed[1]?.id as string });
    const left = (await tags.getExperimentTags({ projectId, experimentId })) as unknown as Tag[];
    expect(left.map((t) => `${t.key}=${t.value}`)).toEqual(['galctl.key=exp-b', 'ci.sha=abc123']);
    const run = env.sim.state().runs.find((r) => r.id === experimentId);
    expect(run?.tags?.map((t) => t.key)).toEqual(['galctl.key', 'ci.sha']);
  });

  it('reached only the simulator, and leaves nothing running', async () => {
    await env.close();
    expect(env.refused).toEqual([]);
    expect(await env.lingering()).toEqual([]);
  });
});
