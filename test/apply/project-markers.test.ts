import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { makePlan } from '../../src/cli/make-plan.js';
import { createGalileoClient, type GalileoClient } from '../../src/galileo/create-client.js';
import { listProjects } from '../../src/galileo/projects.js';
import { loadManifest } from '../../src/manifest/load-manifest.js';
import type { Desired } from '../../src/manifest/types.js';
import { childOwnershipLabel, childProtectionLabel } from '../../src/plan/ownership.js';
import { startSimulator, type SimulatorHandle } from '../../src/sim/start-simulator.js';

const STREAMS = 12;
const TEMPLATES = 8;

function manifest(): string {
  const out = ['version: 1', 'projects:', '  crowded:', '    log_streams:'];
  for (let i = 0; i < STREAMS; i++) out.push(`      stream-${i}:`, '        scorers: [preset:output_toxicity]', ...(i === 0 ? ['        protect: true'] : []));
  out.push('    templates:');
  for (let i = 0; i < TEMPLATES; i++) out.push(`      template-${i}:`, `        template: "Answer {{input}} ({${''}{input}} #${i})"`);
  return `${out.join('\n')}\n`;
}

describe('project markers: children claimed at once', () => {
  let sim: SimulatorHandle;
  let client: GalileoClient;
  let work: string;

  beforeEach(async () => {
    sim = await startSimulator({ port: 0, latencyMs: 5 });
    client = createGalileoClient({ apiUrl: sim.url, apiKey: 'sim-key', minRetryDelayMs: 1, concurrency: 16 });
    work = await mkdtemp(path.join(tmpdir(), 'galctl-markers-'));
    await writeFile(path.join(work, 'galileo.yaml'), manifest());
  });
  afterEach(async () => {
    await client.close();
    await sim.close();
    await rm(work, { recursive: true, force: true });
  });

  it('every child ends up labelled, in a few grouped label writes rather than one per child', async () => {
    const loaded = await loadManifest('galileo.yaml', { cwd: work, env: {} });
    expect(loaded.problems).toEqual([]);
    const desired = loaded.desired as Desired;
    const plan = async () => makePlan(client, desired, { prune: false, targets: [], manifestPath: 'galileo.yaml', apiUrl: sim.url });
    const made = await plan();
    const result = await applyPlan({ plan: made.plan, desired, live: made.live, client, concurrency: 16, pollIntervalMs: 10 });
    expect(result.outcomes.filter((o) => o.status !== 'succeeded')).toEqual([]);

    const [project] = await listProjects(client, { names: ['crowded'] });
    const labels = project?.labels ?? [];
    for (let i = 0; i < STREAMS; i++) expect(labels).toContain(childOwnershipLabel('log_stream', `stream-${i}`));
    for (let i = 0; i < TEMPLATES; i++) expect(labels).toContain(childOwnershipLabel('template', `template-${i}`));
    expect(labels).toContain(childProtectionLabel('log_stream', 'stream-0'));
    expect(labels).not.toContain(childProtectionLabel('log_stream', 'stream-1'));
    // 20 claims: one write for the first, the other 19 grouped behind it (plus the project step's own update)
    expect(sim.stats().by_route['PUT /projects/:project_id']).toBeLessThanOrEqual(4);

    const again = await plan();
    expect(again.plan.changes.filter((c) => c.action !== 'no-op')).toEqual([]);
  });
});
