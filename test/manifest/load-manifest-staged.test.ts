import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadManifest, loadManifestStaged } from '../../src/manifest/load-manifest.js';
import type { DesiredDataset, DesiredExperiment } from '../../src/core/desired-types.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const load = { cwd: ROOT, env: {} };

describe('loadManifestStaged', () => {
  it('names every resource at once, and once its contents are checked equals loadManifest (rows, hashes, trace record counts)', async () => {
    const whole = await loadManifest('galileo.yaml.example', load);
    expect(whole.problems).toEqual([]);
    const staged = await loadManifestStaged('galileo.yaml.example', load);
    if (!('contents' in staged)) throw new Error(`not staged: ${JSON.stringify(staged.problems)}`);
    expect(staged.names.resources.map((r) => r.address)).toEqual(whole.desired!.resources.map((r) => r.address));
    const done = await staged.contents;
    expect(done.problems).toEqual([]);
    // stage 2 is a new value: stage 1's, which the live read holds, is never changed
    expect(done.desired).not.toBe(staged.names);
    expect((staged.names.resources.find((r) => r.kind === 'dataset') as DesiredDataset).rows).toEqual([]);
    expect(done.desired).toEqual(whole.desired);
    const dataset = done.desired!.resources.find((r) => r.kind === 'dataset') as DesiredDataset;
    expect(dataset.rows.length).toBeGreaterThan(0);
    const replay = done.desired!.resources.find((r) => r.address === 'project.galctl-demo.experiment.replay') as DesiredExperiment;
    expect(replay.traces?.records).toBe(3);
  });

  it('hashes the trace files\' content into the sources hash (a file swapped after the plan changes it)', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'galctl-staged-'));
    try {
      await writeFile(path.join(dir, 'galileo.yaml'), 'version: 1\nprojects:\n  p:\n    log_streams:\n      prod:\n        traces: t.jsonl\n');
      const sources = async (text: string): Promise<string | undefined> => {
        await writeFile(path.join(dir, 't.jsonl'), text);
        const loaded = await loadManifest('galileo.yaml', { cwd: dir, env: {} });
        expect(loaded.problems).toEqual([]);
        return loaded.desired?.hashes?.sources;
      };
      const before = await sources('{"input":"a","output":"b"}\n');
      expect(before).toBeDefined();
      expect(await sources('{"input":"a","output":"c"}\n')).not.toBe(before);
      expect(await sources('{"input":"a","output":"b"}\n')).toBe(before);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a manifest with a schema problem and a bad dataset file is not staged: loadManifest\'s result, every problem', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'galctl-staged-'));
    try {
      await writeFile(path.join(dir, 'd.csv'), 'input,ground_truth\na,b\n');
      await writeFile(path.join(dir, 'galileo.yaml'), 'version: 1\nscorers:\n  x:\n    type: llm\ndatasets:\n  d:\n    file: d.csv\n');
      const staged = await loadManifestStaged('galileo.yaml', { cwd: dir, env: {} });
      expect('contents' in staged).toBe(false);
      const whole = await loadManifest('galileo.yaml', { cwd: dir, env: {} });
      expect(staged).toEqual(whole);
      expect(whole.problems.map((p) => p.code)).toContain('ground-truth-column');
      expect(whole.problems.some((p) => p.file === 'galileo.yaml')).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
