import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlanChange } from '../../src/core/plan-types.js';
import { startSimulator, type SimulatorHandle } from '../../src/sim/start-simulator.js';
import { writeManifestDir } from '../export/org-fixture.js';
import { runCli, type CliResult } from '../helpers/run-cli.js';

const KEY = 'sim-key-annotation-queues';

const manifest = (o: { max?: number; criteria?: string; annotators?: string[] } = {}): string => `version: 1
stack: review
annotation_queues:
  support-review:
    name: Support review
    description: answers the judges disagree on
    annotators: [${(o.annotators ?? ['ann@example.com']).join(', ')}]
    templates:
      Helpfulness:
        criteria: ${o.criteria ?? 'Was the answer helpful?'}
        constraints: {annotation_type: score, min: 1, max: ${o.max ?? 5}}
      Tone:
        constraints: {annotation_type: like_dislike}
`;

interface QueueDump {
  name: string;
  description: string;
  templates: { id: string; name: string; criteria: string | null; constraints: Record<string, unknown> }[];
  users: { email: string; role: string }[];
}

describe('annotation queues: rubrics and annotators; a new scale replaces the rubric', () => {
  let sim: SimulatorHandle;
  let dir = '';
  const cli = (...argv: string[]): Promise<CliResult> => runCli(argv, { env: { GALILEO_API_KEY: KEY, GALILEO_API_URL: sim.url }, cwd: dir });
  const write = (text: string) => writeFile(path.join(dir, 'galileo.yaml'), text);
  const queues = (): QueueDump[] => (sim.state() as unknown as { annotation_queues: QueueDump[] }).annotation_queues;
  const plan = async (): Promise<PlanChange[]> => {
    const r = await cli('plan', '--format', 'json');
    expect(r.stderr).toBe('');
    return (JSON.parse(r.stdout) as { changes: PlanChange[] }).changes;
  };
  const applyOk = async (): Promise<void> => {
    const r = await cli('apply', '--auto-approve');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  };
  const emptyPlan = async (file = 'galileo.yaml'): Promise<void> => {
    const r = await cli('plan', '-f', file, '--detailed-exitcode');
    expect(r.stdout).toContain('No changes');
    expect(r.code).toBe(0);
  };

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, apiKey: KEY });
    dir = await writeManifestDir(manifest(), {});
  });
  afterAll(async () => {
    await sim?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('creates the queue with its rubrics and annotator, then re-plans empty', async () => {
    expect((await plan()).map((c) => [c.address, c.action])).toEqual([['annotation_queue.support-review', 'create']]);
    await applyOk();
    const [q] = queues();
    expect(q?.templates.map((t) => [t.name, t.criteria, t.constraints['annotation_type']])).toEqual([
      ['Helpfulness', 'Was the answer helpful?', 'score'],
      ['Tone', null, 'like_dislike'],
    ]);
    expect(q?.users.filter((u) => u.role === 'annotator').map((u) => u.email)).toEqual(['ann@example.com']);
    await emptyPlan();
  });

  it('a changed criteria is patched in place; a new annotator is shared', async () => {
    const before = queues()[0]!.templates.find((t) => t.name === 'Helpfulness')!.id;
    await write(manifest({ criteria: 'Did it solve the problem?', annotators: ['ann@example.com', 'bob@example.com'] }));
    const [c] = await plan();
    expect([c?.action, c?.fields.map((f) => f.path).sort(), c?.reason]).toEqual(['update', ['annotators', 'templates.Helpfulness.criteria'], undefined]);
    await applyOk();
    const q = queues()[0]!;
    expect(q.templates.find((t) => t.name === 'Helpfulness')!.id).toBe(before);
    expect(
      q.users
        .filter((u) => u.role === 'annotator')
        .map((u) => u.email)
        .sort(),
    ).toEqual(['ann@example.com', 'bob@example.com']);
    await emptyPlan();
  });

  it('a changed scale is shown as a replace of the rubric and applied as delete + create', async () => {
    const before = queues()[0]!.templates.find((t) => t.name === 'Helpfulness')!.id;
    await write(manifest({ criteria: 'Did it solve the problem?', annotators: ['ann@example.com', 'bob@example.com'], max: 10 }));
    const [c] = await plan();
    expect(c?.action).toBe('update');
    expect(c?.fields.map((f) => f.path)).toEqual(['templates.Helpfulness.constraints.max']);
    expect(c?.reason).toMatch(/template "Helpfulness" replaced \(deleted and created again\)/);
    expect((await cli('plan')).stdout).toMatch(/# template "Helpfulness" replaced \(deleted and created again\)/);
    await applyOk();
    const t = queues()[0]!.templates.find((x) => x.name === 'Helpfulness')!;
    expect(t.id).not.toBe(before);
    expect(t.constraints['max']).toBe(10);
    await emptyPlan();
  });

  it('exports and plans the export empty; prune deletes it once dropped', async () => {
    const r = await cli('export', '-o', 'exported', '--stack', 'review', '--kinds', 'annotation_queues');
    expect(r.stderr).toBe('');
    expect(await readFile(path.join(dir, 'exported', 'galileo.yaml'), 'utf8')).toContain('annotation_queues:');
    await emptyPlan('exported/galileo.yaml');
    await write('version: 1\nstack: review\nprune: true\n');
    await applyOk();
    expect(queues()).toEqual([]);
  });
});
