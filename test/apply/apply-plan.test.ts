import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/engine/apply/apply-plan.js';
import { makePlan } from '../../src/pipeline/make-plan.js';
import { createGalileoClient, type GalileoClient } from '../../src/galileo/create-client.js';
import { createScorer } from '../../src/kinds/scorer/api.js';
import { createTemplateVersion, queryTemplates } from '../../src/kinds/template/api.js';
import { loadManifest } from '../../src/manifest/load-manifest.js';
import type { Desired } from '../../src/core/desired-types.js';
import { claimInInventory } from '../../src/engine/apply/write-inventory.js';
import { startSimulator, type SimulatorHandle } from '../../src/sim/start-simulator.js';
import { simCounts } from '../cli/sim-counts.js';
import { createWithTraces } from '../helpers/create-with-traces.js';
import { copyExampleWorkspace } from '../helpers/example-workspace.js';


describe('applyPlan: idempotent against what already exists', () => {
  let sim: SimulatorHandle;
  let client: GalileoClient;
  let work: string;

  const load = async (): Promise<Desired> => (await loadManifest('galileo.yaml', { cwd: work, env: {} })).desired!;
  const plan = async (desired: Desired) => makePlan(client, desired, { prune: false, targets: [], manifestPath: 'galileo.yaml', apiUrl: sim.url });
  const run = async (desired: Desired, made: Awaited<ReturnType<typeof plan>>) =>
    applyPlan({ plan: made.plan, desired, live: made.live, client, pollIntervalMs: 10 });
  const actions = (p: { changes: { address: string; action: string }[] }): Record<string, string> =>
    Object.fromEntries(p.changes.filter((c) => c.action !== 'no-op').map((c) => [c.address, c.action]));

  beforeEach(async () => {
    sim = await startSimulator({ port: 0, jobStepMs: 5 });
    client = createGalileoClient({ apiUrl: sim.url, apiKey: 'sim-key', minRetryDelayMs: 1 });
    work = await copyExampleWorkspace('apply-plan');
  });
  afterEach(async () => {
    await client.close();
    await sim.close();
    await rm(work, { recursive: true, force: true });
  });

  it('adopts everything a teammate created after the plan was made: no duplicate object, version or trace', async () => {
    const desired = await load();
    const made = await plan(desired);
    expect(made.plan.summary.create).toBe(11);
    await createWithTraces(client, desired); // the teammate's run lands between our plan and our apply
    const teammate = simCounts(sim.state());

    const result = await run(desired, made);
    expect(result.outcomes.filter((o) => o.status !== 'succeeded')).toEqual([]);
    const summaries = Object.fromEntries(result.outcomes.map((o) => [o.address, o.summary]));
    expect(summaries['scorer.response-quality']).toBe('adopted (up to date)');
    expect(summaries['scorer.response-length']).toBe('adopted (up to date)');
    expect(summaries['dataset.capitals']).toBe('adopted (up to date)');
    expect(summaries['project.galctl-demo.template.concise']).toBe('adopted (up to date)');
    expect(summaries['project.galctl-demo.experiment.replay']).toBe('adopted');
    expect(summaries['project.galctl-demo.experiment.replay.traces']).toBe('ingested 0 traces');
    expect(simCounts(sim.state())).toEqual(teammate);
    expect(actions((await plan(desired)).plan)).toEqual({});
  });

  it('finishes a scorer whose shell was made but not its version (a crash in between): one version', async () => {
    const desired = await load();
    // what a killed apply leaves: its unconfirmed claim, then the shell it created right after
    await claimInInventory(client, undefined, [{ kind: 'scorer', project: '', name: 'response-quality', protected: false, stack: '', id: '' }]);
    await createScorer(client, { name: 'response-quality', scorer_type: 'llm', scoreable_node_types: ['chat', 'llm'], output_type: 'percentage', description: 'Rates how well the answer addresses the question, 0 to 1.', defaults: { model_name: 'GPT-4o mini', num_judges: 1 } });
    const made = await plan(desired);
    expect(actions(made.plan)['scorer.response-quality']).toBe('new-version');
    expect(made.plan.changes.find((c) => c.address === 'scorer.response-quality')!.fields.map((f) => f.path)).toContain('ownership');
    const result = await run(desired, made);
    expect(result.ok).toBe(true);
    expect(result.outcomes.find((o) => o.address === 'scorer.response-quality')!.summary).toBe('new version 1');
    expect(simCounts(sim.state()).scorers).toEqual(['code:response-length v1', 'llm:response-quality v1']);
    expect(actions((await plan(desired)).plan)).toEqual({});
  });

  it('selects a template version that already says the new text (a crash between create and select) instead of adding one', async () => {
    let desired = await load();
    const first = await run(desired, await plan(desired));
    expect(first.ok).toBe(true);
    const file = path.join(work, 'galileo.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace('Answer the following question concisely.', 'Answer in one word.'));
    desired = await load();
    const [t] = await queryTemplates(client, { names: ['concise'] });
    await createTemplateVersion(client, t!.id, {
      template: 'Answer in one word.\n\nQuestion: {{input}}\n\nAnswer:',
      settings: { model_alias: 'GPT-4o mini', temperature: 0, max_tokens: 256 },
    });
    const made = await plan(desired);
    expect(actions(made.plan)['project.galctl-demo.template.concise']).toBe('new-version');
    const result = await run(desired, made);
    expect(result.outcomes.find((o) => o.address === 'project.galctl-demo.template.concise')!.summary).toBe('selected version 2');
    expect(simCounts(sim.state()).templates).toEqual(['concise v2/2 selected 2']);
    expect(actions((await plan(desired)).plan)).toEqual({});
  });
});
