import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../src/sim/start-simulator.js';
import { copyExampleWorkspace } from '../helpers/example-workspace.js';
import { runCli } from '../helpers/run-cli.js';
import { simCounts } from './sim-counts.js';

// A saved plan is a file anyone with write access to the CI workspace may have edited: apply carries out only
// what a plan made now contains, from the manifest and files the plan was made from.

const TRACES = 'examples/quickstart/traces/replay.jsonl';

describe('apply PLAN.json trusts nothing the plan file says', () => {
  let sim: SimulatorHandle;
  let work: string;
  const env = (): Record<string, string> => ({ GALILEO_API_KEY: 'sim-key', GALILEO_API_URL: sim.url });
  const cli = (...argv: string[]) => runCli(argv, { env: env(), cwd: work });
  const savedPlan = async (): Promise<Record<string, unknown>> => {
    expect((await cli('plan', '--out', 'plan.json')).code).toBe(0);
    return JSON.parse(await readFile(path.join(work, 'plan.json'), 'utf8')) as Record<string, unknown>;
  };

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, jobStepMs: 20 });
    work = await copyExampleWorkspace('saved-plan');
  });

  afterAll(async () => {
    await sim?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('refuses a trace file swapped after the plan was made (its content is hashed, not only its path)', async () => {
    await savedPlan();
    const file = path.join(work, TRACES);
    const original = await readFile(file, 'utf8');
    await writeFile(file, original.replace(/"output": "[^"]*"/, '"output": "an answer nobody reviewed"'));
    const before = simCounts(sim.state());
    const r = await cli('apply', 'plan.json', '--auto-approve');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error: the manifest changed since the plan was made/);
    expect(simCounts(sim.state())).toEqual(before);
    await writeFile(file, original);
  });

  it('applies a saved plan made from the same files', async () => {
    await savedPlan();
    const r = await cli('apply', 'plan.json', '--auto-approve');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect((await cli('plan', '--detailed-exitcode')).code).toBe(0);
  });

  it('refuses a crafted manifest path before reading the file, and never prints its content', async () => {
    await writeFile(path.join(work, 'secret.txt'), 'root:x:0:0:TOPSECRET:/root:/bin/bash\n');
    const plan = await savedPlan();
    for (const manifest of ['secret.txt', path.join(work, 'secret.txt'), '/etc/hostname']) {
      await writeFile(path.join(work, 'crafted.json'), JSON.stringify({ ...plan, manifest }));
      const r = await cli('apply', 'crafted.json', '--auto-approve');
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`error: the manifest changed since the plan was made (${JSON.stringify(manifest)}: its sha256 differs)`);
      expect(r.stderr).not.toMatch(/TOPSECRET|root:x/);
      expect(r.stderr.split('\n').filter((l) => l.startsWith('error') || l.includes(':1:'))).toHaveLength(1);
    }
  });

  it('refuses a plan without the hash of its manifest', async () => {
    const { manifest_hash: _h, ...plan } = await savedPlan();
    await writeFile(path.join(work, 'crafted.json'), JSON.stringify(plan));
    const r = await cli('apply', 'crafted.json', '--auto-approve');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error: the plan does not carry the hash of its manifest "galileo.yaml"');
  });

  it('refuses an injected replace of an unchanged experiment, even with --allow-replace', async () => {
    const plan = await savedPlan();
    const address = 'project.galctl-demo.experiment.replay';
    const injected = {
      ...plan,
      summary: { ...(plan['summary'] as object), replace: 1 },
      changes: [{ address, kind: 'experiment', action: 'replace', name: 'replay', project: 'galctl-demo', fields: [], depends_on: [], reason: 'looks routine' }],
    };
    await writeFile(path.join(work, 'crafted.json'), JSON.stringify(injected));
    const before = simCounts(sim.state());
    const r = await cli('apply', 'crafted.json', '--auto-approve', '--allow-replace');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`error: the plan holds a change that a plan made now does not; nothing was changed:\n  replace ${address}\n`);
    expect(simCounts(sim.state())).toEqual(before);
  });

  it('refuses a saved change altered in any field (the fields of a new version emptied)', async () => {
    const manifest = await readFile(path.join(work, 'galileo.yaml'), 'utf8');
    expect(manifest).toContain('Rate how well');
    await writeFile(path.join(work, 'galileo.yaml'), manifest.replace('Rate how well', 'Rate strictly how well'));
    const plan = await savedPlan();
    const changes = plan['changes'] as { address: string; action: string; fields: unknown[] }[];
    expect(changes.map((c) => `${c.action} ${c.address}`)[0]).toBe('new-version scorer.response-quality'); // then new runs of the experiments using it
    changes[0]!.fields = [];
    await writeFile(path.join(work, 'crafted.json'), JSON.stringify(plan));
    const r = await cli('apply', 'crafted.json', '--auto-approve');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('\n  new-version scorer.response-quality\n');
  });
});
