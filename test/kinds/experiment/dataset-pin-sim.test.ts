import { beforeEach, describe, expect, it } from 'vitest';
import { pending, useSimCli } from '../../helpers/sim-cli.js';

const KEY = 'sim-key-pin';

const MANIFEST = `version: 1
stack: pins
datasets:
  capitals:
    file: capitals.csv
projects:
  demo:
    experiments:
      nightly:
        dataset: capitals
        trigger: false
`;
const V1 = 'input,generated_output\nFrance,Paris\n';
const V2 = 'input,generated_output\nFrance,Paris\nPeru,Lima\n';

interface RunRecord {
  name: string;
  dataset: { version_index: number } | null;
}

describe('a dataset version pinned on an experiment, against the simulator (CLI)', () => {
  const h = useSimCli(KEY, MANIFEST, { 'capitals.csv': V1 });
  const { cli, plan, apply } = h;
  const write = (name: string, text: string) => h.write(name, text);
  const runs = (): RunRecord[] => (h.sim.state().runs as unknown as (RunRecord & { task_type?: unknown })[]).filter((r) => r.name.startsWith('nightly'));
  const pinned = (version: number) => MANIFEST.replace('        dataset: capitals\n', `        dataset: { name: capitals, version: ${version} }\n`);

  beforeEach(async () => {
    h.sim.reset();
    await write('galileo.yaml', MANIFEST);
    await write('capitals.csv', V1);
    await apply(); // dataset version 1, a run on it
    await write('capitals.csv', V2);
    await apply(); // dataset version 2, a new run on it
    await write('capitals.csv', V2);
  });

  it('a pin is a new run reading that version, shown in the plan; re-planned, nothing', async () => {
    expect(runs().map((r) => r.dataset?.version_index).sort()).toEqual([1, 2]);
    await write('galileo.yaml', pinned(1));
    const changes = await plan();
    expect(pending(changes)).toEqual(['create project.demo.experiment.nightly']);
    const run = changes.find((c) => c.address === 'project.demo.experiment.nightly')!;
    expect(run.fields).toContainEqual({ path: 'dataset_version', after: 1 });
    const text = await cli(['plan']);
    expect(text.stdout).toMatch(/dataset_version.*1/);
    await apply();
    const created = runs().find((r) => r.name === run.name)!;
    expect(created.dataset?.version_index).toBe(1);
    expect(pending(await plan())).toEqual([]);

    // another pin: another fingerprint, another run
    await write('galileo.yaml', pinned(2));
    const again = (await plan()).find((c) => c.address === 'project.demo.experiment.nightly')!;
    expect(again.action).toBe('create');
    expect(again.name).not.toBe(run.name);
    expect(again.fields).toContainEqual({ path: 'dataset_version', after: 2 });
  });

  it('export writes the pin of a run on an older version, and the export plans empty', async () => {
    await write('galileo.yaml', pinned(1));
    await apply();
    const r = await cli(['export', '-o', 'out', '--force', '--stack', 'pins']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const exported = await h.read('out/galileo.yaml');
    expect(exported).toContain('      nightly:\n        dataset:\n          name: capitals\n          version: 1\n');
    expect(pending(await plan('out/galileo.yaml'))).toEqual([]);
  });

  it('a pin to a version the dataset does not have is a located error at plan', async () => {
    await write('galileo.yaml', pinned(7));
    const r = await cli(['plan']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/galileo\.yaml:10:\d+: project\.demo\.experiment\.nightly: dataset "capitals" has no version 7 \(its versions are 1 to 2\)/);
  });

  it('a dataset the plan creates has version 1 to pin: applied from nothing, then re-planned, nothing', async () => {
    h.sim.reset();
    await write('galileo.yaml', pinned(2));
    const r = await cli(['plan']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/dataset "capitals" has no version 2 \(this plan creates it, with version 1\)/);
    await write('galileo.yaml', pinned(1));
    const run = (await plan()).find((c) => c.address === 'project.demo.experiment.nightly')!;
    expect(run.fields).toContainEqual({ path: 'dataset_version', after: 1 });
    await apply();
    expect(runs().map((x) => x.dataset?.version_index)).toEqual([1]);
    expect(pending(await plan())).toEqual([]);
  });

  it('the short form is unchanged, and an unknown dataset key in the long form is a located error', async () => {
    expect(pending(await plan())).toEqual([]);
    await write('galileo.yaml', MANIFEST.replace('        dataset: capitals\n', '        dataset: { name: capitols, version: 1 }\n'));
    const r = await cli(['plan']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/galileo\.yaml:10:\d+: .*dataset "capitols" is not defined/);
  });
});
