import { beforeEach, describe, expect, it } from 'vitest';
import { pending, useSimCli } from '../../helpers/sim-cli.js';

const KEY = 'sim-key-stage';

const MANIFEST = `version: 1
stack: guards
projects:
  demo:
    stages:
      guard:
        description: Blocks toxic answers
        rulesets:
          - description: toxic
            rules:
              - { metric: toxicity, operator: gt, target_value: 0.5 }
            action: { type: OVERRIDE, choices: ["Sorry, I cannot answer that."] }
`;

interface StageRecord {
  name: string;
  paused: boolean;
  type: string;
  description: string | null;
  rulesets: { rules: { metric: string; target_value: unknown }[] }[][];
}

describe('Protect stages against the simulator (CLI)', () => {
  const h = useSimCli(KEY, MANIFEST);
  const { cli, plan, apply } = h;
  const stages = (): StageRecord[] => h.sim.state().stages as unknown as StageRecord[];
  const manifest = (text: string) => h.write('galileo.yaml', text);

  beforeEach(async () => {
    h.sim.reset();
    await manifest(MANIFEST);
  });

  it('creates a stage with its rulesets, then plans nothing', async () => {
    expect(pending(await plan())).toEqual(['create project.demo', 'create project.demo.stage.guard']);
    await apply();
    expect(stages()).toHaveLength(1);
    expect(stages()[0]).toMatchObject({ name: 'guard', paused: false, type: 'local', description: 'Blocks toxic answers' });
    expect(stages()[0]!.rulesets).toHaveLength(1);
    expect(stages()[0]!.rulesets[0]![0]!.rules[0]).toEqual({ metric: 'toxicity', operator: 'gt', target_value: 0.5 });
    expect(pending(await plan())).toEqual([]);
  });

  it('a changed ruleset is a new version, said so in the plan; pausing is no new version', async () => {
    await apply();
    await manifest(MANIFEST.replace('target_value: 0.5', 'target_value: 0.8'));
    const changes = await plan();
    const change = changes.find((c) => c.address === 'project.demo.stage.guard')!;
    expect(change.action).toBe('update');
    expect(change.fields.map((f) => f.path)).toEqual(['rulesets']);
    expect(change.reason).toMatch(/does not read a stage's rulesets back.*inventory.*new version/);
    const text = await cli(['plan']);
    expect(text.stdout).toMatch(/does not read a stage's rulesets back/);
    await apply();
    expect(stages()[0]!.rulesets).toHaveLength(2);
    expect(stages()[0]!.rulesets[1]![0]!.rules[0]!.target_value).toBe(0.8);
    expect(pending(await plan())).toEqual([]);

    await manifest(MANIFEST.replace('target_value: 0.5', 'target_value: 0.8').replace('        description: Blocks', '        paused: true\n        description: Blocks'));
    const paused = (await plan()).find((c) => c.address === 'project.demo.stage.guard')!;
    expect(paused.fields.map((f) => [f.path, f.before, f.after])).toEqual([['paused', false, true]]);
    await apply();
    expect(stages()[0]).toMatchObject({ paused: true });
    expect(stages()[0]!.rulesets).toHaveLength(2);
    expect(pending(await plan())).toEqual([]);
  });

  it('a change made behind galctl\'s back (a new version through the API) shows in the plan, and apply puts the rulesets back', async () => {
    await apply();
    const s = (h.sim.state().stages as { id: string; project_id: string }[])[0]!;
    const res = await fetch(`${h.sim.url}/projects/${s.project_id}/stages/${s.id}`, {
      method: 'POST',
      headers: { 'Galileo-API-Key': KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ prioritized_rulesets: [{ rules: [{ metric: 'pii', operator: 'eq', target_value: 'ssn' }] }] }),
    });
    expect(res.status).toBe(200);
    const change = (await plan()).find((c) => c.address === 'project.demo.stage.guard')!;
    expect(change.action).toBe('update');
    expect(change.fields).toEqual([expect.objectContaining({ path: 'rulesets', before: 'changed outside galctl (version 2; galctl applied version 1)' })]);
    await apply();
    expect(stages()[0]!.rulesets).toHaveLength(3);
    expect(stages()[0]!.rulesets[2]![0]!.rules[0]!.metric).toBe('toxicity');
    expect(pending(await plan())).toEqual([]);
  });

  it('a stage made by hand: adopt applies the manifest\'s rulesets as a new version (they cannot be read)', async () => {
    await apply();
    h.sim.reset();
    const project = await (await fetch(`${h.sim.url}/projects`, { method: 'POST', headers: { 'Galileo-API-Key': KEY, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'demo', type: 'gen_ai' }) })).json() as { id: string };
    await fetch(`${h.sim.url}/projects/${project.id}/stages`, {
      method: 'POST',
      headers: { 'Galileo-API-Key': KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'guard', project_id: project.id, description: 'Blocks toxic answers' }),
    });
    await manifest(MANIFEST.replace('  demo:\n', '  demo:\n    adopt: true\n').replace('        description: Blocks', '        adopt: true\n        description: Blocks'));
    const change = (await plan()).find((c) => c.address === 'project.demo.stage.guard')!;
    expect(change.action).toBe('update');
    expect(change.fields).toEqual([expect.objectContaining({ path: 'rulesets', before: 'not recorded by galctl' })]);
    await apply();
    expect(stages()[0]!.rulesets).toHaveLength(2);
    expect(pending(await plan())).toEqual([]);
  });

  it('export writes the stages the inventory names, without rulesets, and the export plans empty', async () => {
    await manifest(MANIFEST.replace('        description: Blocks', '        paused: true\n        type: central\n        description: Blocks'));
    await apply();
    const r = await cli(['export', '-o', 'out', '--force', '--stack', 'guards']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('stage "guard" in project "demo": Galileo does not read rulesets back');
    const exported = await h.read('out/galileo.yaml');
    expect(exported).toContain('    stages:\n      guard:\n        description: Blocks toxic answers\n        type: central\n        paused: true\n        adopt: true\n');
    const p = await cli(['plan', '-f', 'out/galileo.yaml', '--detailed-exitcode']);
    expect(p.stderr).toBe('');
    expect(p.stdout).toContain('No changes. Galileo matches the manifest.');
    expect(p.code).toBe(0);
  });

  it('a changed type is an error at plan: Galileo cannot change it', async () => {
    await apply();
    await manifest(MANIFEST.replace('        description: Blocks', '        type: central\n        description: Blocks'));
    const r = await cli(['plan']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/cannot change a stage's type/);
  });
});
