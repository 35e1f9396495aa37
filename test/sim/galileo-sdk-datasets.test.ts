/**
 * The official high-level `galileo` SDK (npm, pinned devDependency) drives the simulator: projects and datasets.
 * Each call succeeding means the simulator answered in a shape the SDK accepts; the assertions check the outcome.
 * Only loopback is reachable (galileo-sdk-env.ts), and nothing outlives the file.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { addRowsToDataset, createDataset, createProject, getDatasetContent, getProjects, listDatasetProjects } from 'galileo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSdkSim, type SdkSim } from './galileo-sdk-env.js';

let env: SdkSim;
beforeAll(async () => {
  env = await startSdkSim('sdk-datasets');
});
afterAll(async () => env?.close());

const values = (rows: { valuesDict?: Record<string, unknown> }[]): Record<string, unknown>[] => rows.map((r) => r.valuesDict ?? {});

describe('galileo SDK: projects and datasets against the simulator', () => {
  it('the loopback guard refuses any other host (a TEST-NET address: unroutable even if the guard failed)', async () => {
    await expect(fetch('http://192.0.2.1/healthcheck', { signal: AbortSignal.timeout(2000) })).rejects.toThrow();
    expect(env.refused).toEqual(['192.0.2.1']);
  });

  it('createProject creates a gen_ai project the SDK can list', async () => {
    const created = await createProject('sdk-created');
    expect(created.name).toBe('sdk-created');
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
    const names = (await getProjects()).map((p) => p.name);
    expect(names).toContain('sdk-created');
    expect(names).toContain(env.project);
  });

  it('createDataset from rows, then addRowsToDataset and getDatasetContent', async () => {
    const ds = await createDataset({
      name: 'sdk-rows', projectName: env.project,
      content: [{ input: 'What is 2+2?', output: '4' }, { input: 'Capital of France?', output: 'Paris' }],
    });
    expect(ds.name).toBe('sdk-rows');
    expect(ds.numRows).toBe(2);
    expect([...(ds.columnNames ?? [])].sort()).toEqual(['input', 'output']);
    await addRowsToDataset({ datasetName: 'sdk-rows', rows: [{ input: 'Largest planet?', output: 'Jupiter' }] });
    const rows = await getDatasetContent({ datasetId: ds.id });
    expect(values(rows)).toEqual([
      { input: 'What is 2+2?', output: '4' },
      { input: 'Capital of France?', output: 'Paris' },
      { input: 'Largest planet?', output: 'Jupiter' },
    ]);
    expect(rows.map((r) => r.index)).toEqual([0, 1, 2]);
  });

  it('createDataset from a CSV file', async () => {
    const file = path.join(env.tmp, 'capitals.csv');
    await writeFile(file, 'input,output\n"Capital of Japan?",Tokyo\n"Capital of Peru, in one word?",Lima\n');
    const ds = await createDataset({ name: 'sdk-csv', content: file, projectName: env.project });
    expect(ds.numRows).toBe(2);
    expect(values(await getDatasetContent({ datasetName: 'sdk-csv' }))).toEqual([
      { input: 'Capital of Japan?', output: 'Tokyo' },
      { input: 'Capital of Peru, in one word?', output: 'Lima' },
    ]);
  });

  it('createDataset from a JSONL file (positional form), with nested values', async () => {
    const file = path.join(env.tmp, 'qa.jsonl');
    await writeFile(file, '{"input":"q1","output":"a1","metadata":{"topic":"math"}}\n{"input":"q2","output":"a2","metadata":{"topic":"geo"}}\n');
    const ds = await createDataset(file, 'sdk-jsonl');
    expect(ds.name).toBe('sdk-jsonl');
    expect(ds.numRows).toBe(2);
    const rows = values(await getDatasetContent({ datasetName: 'sdk-jsonl' }));
    expect(rows.map((r) => [r['input'], r['output']])).toEqual([['q1', 'a1'], ['q2', 'a2']]);
  });

  it('listDatasetProjects names the project a dataset was created for, and none otherwise', async () => {
    const listed = await listDatasetProjects({ datasetName: 'sdk-rows' });
    expect(listed.map((p) => p.name)).toEqual([env.project]);
    expect(await listDatasetProjects({ datasetName: 'sdk-jsonl' })).toEqual([]);
  });

  it('reached only the simulator, and leaves no timer or socket behind', async () => {
    await env.close();
    expect(env.refused).toEqual(['192.0.2.1']);
    expect(await env.lingering()).toEqual([]);
  });
});
