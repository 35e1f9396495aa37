import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadManifest } from '../../src/manifest/load-manifest.js';

async function workspace(experiment: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'galctl-runner-manifest-'));
  await mkdir(path.join(dir, 'app'));
  await writeFile(path.join(dir, 'app', 'answer.py'), 'print("hi")\n');
  await writeFile(path.join(dir, 'rows.csv'), 'input,output\nq1,a1\n');
  await writeFile(
    path.join(dir, 'galileo.yaml'),
    `version: 1\ndatasets:\n  qs:\n    file: rows.csv\nprojects:\n  p:\n    templates:\n      t:\n        template: "{{input}}"\n    experiments:\n      e:\n${experiment}`,
  );
  return dir;
}

describe('runner: in the manifest', () => {
  it('resolves to the experiment with its defaults, the manifest directory and the hashed input files; no trigger', async () => {
    const dir = await workspace('        dataset: qs\n        runner:\n          command: [python3, app/answer.py]\n          inputs: ["app/*.py", "nothing/*.txt"]\n');
    const loaded = await loadManifest(path.join(dir, 'galileo.yaml'), { cwd: dir, env: {} });
    expect(loaded.problems).toEqual([]);
    const e = loaded.desired?.resources.find((r) => r.kind === 'experiment');
    expect(e?.kind === 'experiment' ? [e.trigger, e.runner?.dir, e.runner?.settings.concurrency, e.runner?.settings.timeoutMs, e.runner?.inputs?.files.map((f) => f.path), e.runner?.inputs?.unmatched] : undefined).toEqual([
      false,
      dir,
      4,
      30_000,
      ['app/answer.py'],
      ['nothing/*.txt'],
    ]);
  });

  it('refuses a runner beside a template, trigger: true, or both command and url (checkRunner in the experiment checks)', async () => {
    const dir = await workspace('        dataset: qs\n        template: t\n        trigger: true\n        runner:\n          command: [python3, app/answer.py]\n          url: http://127.0.0.1:9/x\n');
    const loaded = await loadManifest(path.join(dir, 'galileo.yaml'), { cwd: dir, env: {} });
    expect(loaded.problems.map((p) => p.code).sort()).toEqual(['runner-form', 'template-with-runner', 'trigger-with-runner']);
  });
});
