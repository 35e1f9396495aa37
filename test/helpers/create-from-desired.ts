import { readFile } from 'node:fs/promises';
import type { GalileoClient } from '../../src/galileo/create-client.js';
import { createDataset, nameDatasetVersion } from '../../src/kinds/dataset/api.js';
import { addExperimentTag, createExperiment } from '../../src/kinds/experiment/api.js';
import { runTags } from '../../src/runs/run-tags.js';
import { summarizeInputs } from '../../src/runs/summarize-inputs.js';
import { desiredRun } from '../../src/runs/desired-run.js';
import { indexDesired } from '../../src/core/desired-index.js';
import { createLogStream } from '../../src/kinds/log-stream/api.js';
import { pollValidation } from '../../src/galileo/poll-validation.js';
import { createProject, updateProject } from '../../src/kinds/project/api.js';
import { upsertScorerSettings } from '../../src/galileo/runs.js';
import { createCodeScorerVersion, createLlmScorerVersion, createScorer, listScorers, validateCode } from '../../src/kinds/scorer/api.js';
import { createTemplate } from '../../src/kinds/template/api.js';
import type { ScorerConfig } from '../../src/galileo/types.js';
import type { Desired, DesiredExperiment, DesiredLogStream, ScorerRef } from '../../src/core/desired-types.js';
import { claimInInventory } from '../../src/engine/apply/write-inventory.js';
import { findInventory } from '../../src/engine/read/read-inventory.js';
import { datasetVersionName, entryOf, type Claim } from '../../src/engine/ownership.js';

/**
 * Creates every resource of a desired state directly through the client, the way Galileo's guide does it (not
 * through apply): the round-trip tests then check that the reader + planner see them as unchanged. With
 * `markers` (default) it writes galctl's ownership and protection records as apply would (docs/ownership.md):
 * dataset version names, and at the end a confirmed inventory row (with its id) of every object for the
 * manifest's stack; with `markers: false` the objects look made by hand in the UI.
 */
export async function createFromDesired(client: GalileoClient, desired: Desired, opts: { markers?: boolean } = {}): Promise<void> {
  const marked = opts.markers ?? true;
  const projectName = new Map(desired.resources.flatMap((r) => (r.kind === 'project' ? [[r.key, r.name] as const] : [])));
  const claims: Claim[] = [];
  const claim = (r: Desired['resources'][number], id: string): void => {
    claims.push({ ...entryOf(r.kind, r.name, 'project' in r ? projectName.get(r.project) : undefined, desired.stack ?? ''), protected: r.protect, id });
  };
  const projectIds = new Map<string, string>();
  const scorerIds = new Map<string, { id: string; type: 'llm' | 'code' }>();
  const datasets = new Map<string, { id: string; version: number }>();
  const templates = new Map<string, string>(); // `${project}/${key}` → selected version id

  for (const r of desired.resources) {
    if (r.kind === 'project') {
      const p = await createProject(client, { name: r.name });
      await updateProject(client, p.id, { description: r.description ?? null, labels: [...(r.labels ?? [])] });
      projectIds.set(r.key, p.id);
      claim(r, p.id);
    } else if (r.kind === 'scorer') {
      const shell = {
        name: r.name,
        description: r.description ?? '',
        ...(r.tags === undefined ? {} : { tags: [...r.tags] }),
        scoreable_node_types: r.nodeTypes,
      };
      if (r.scorerType === 'llm') {
        const s = await createScorer(client, {
          ...shell,
          scorer_type: 'llm',
          output_type: r.outputType,
          ...(r.inputType === undefined ? {} : { input_type: r.inputType }),
          defaults: {
            output_type: r.outputType,
            ...(r.model === undefined ? {} : { model_name: r.model }),
            ...(r.judges === undefined ? {} : { num_judges: r.judges }),
            ...(r.chainOfThought === undefined ? {} : { cot_enabled: r.chainOfThought }),
          },
        });
        await createLlmScorerVersion(client, s.id, {
          user_prompt: r.prompt,
          ...(r.model === undefined ? {} : { model_name: r.model }),
          ...(r.judges === undefined ? {} : { num_judges: r.judges }),
          ...(r.chainOfThought === undefined ? {} : { cot_enabled: r.chainOfThought }),
        });
        scorerIds.set(r.key, { id: s.id, type: 'llm' });
        claim(r, s.id);
      } else {
        const task = await validateCode(client, { code: r.code, nodeTypes: r.nodeTypes });
        const outcome = await pollValidation(client, task, { intervalMs: 20, scorer: r.name });
        const s = await createScorer(client, { ...shell, scorer_type: 'code' });
        await createCodeScorerVersion(client, s.id, { code: r.code, validationResult: outcome.result });
        scorerIds.set(r.key, { id: s.id, type: 'code' });
        claim(r, s.id);
      }
    } else if (r.kind === 'dataset') {
      const content = r.file !== undefined ? await readFile(r.file) : JSON.stringify(r.rows);
      const d = await createDataset(client, { name: r.name, format: r.file !== undefined ? r.format : 'json', content });
      if (marked) await nameDatasetVersion(client, d.id, d.current_version_index, datasetVersionName(r.contentHash, { protect: r.protect }));
      datasets.set(r.key, { id: d.id, version: d.current_version_index });
      claim(r, d.id);
    } else if (r.kind === 'template') {
      const t = await createTemplate(client, projectIds.get(r.project) as string, {
        name: r.name,
        template: r.template,
        ...(r.settings === undefined ? {} : { settings: r.settings }),
      });
      templates.set(`${r.project}/${r.key}`, t.selected_version_id as string);
      claim(r, t.id);
    }
  }

  const presetNames = desired.resources.flatMap((r) => (r.kind === 'experiment' || r.kind === 'log_stream' ? r.scorers.flatMap((s) => (s.type === 'preset' ? [s.name] : [])) : []));
  const presets = new Map((presetNames.length === 0 ? [] : await listScorers(client, { names: presetNames, types: ['preset'] })).map((p) => [p.name, p.id]));
  const configOf = (ref: ScorerRef): ScorerConfig => {
    if (ref.type === 'preset') return { id: presets.get(ref.name) as string, scorer_type: 'preset', name: ref.name };
    const s = scorerIds.get(ref.key) as { id: string; type: 'llm' | 'code' };
    const name = desired.resources.find((x) => x.kind === 'scorer' && x.key === ref.key)?.name ?? ref.key;
    return { id: s.id, scorer_type: s.type, name };
  };

  for (const r of desired.resources) {
    if (r.kind !== 'experiment' && r.kind !== 'log_stream') continue;
    const projectId = projectIds.get(r.project) as string;
    const run = r as DesiredExperiment | DesiredLogStream;
    const scorers = run.scorers.map(configOf);
    let runId: string;
    if (run.kind === 'log_stream') runId = (await createLogStream(client, projectId, run.name)).id;
    else {
      const ds = run.dataset === undefined ? undefined : datasets.get(run.dataset);
      const tv = run.template === undefined ? undefined : templates.get(`${run.project}/${run.template}`);
      runId = (
        await createExperiment(client, projectId, {
          // named as galctl names a run (by the fingerprint of its inputs, issue 17); by hand, as the manifest names it
          name: marked ? desiredRun(run, indexDesired(desired), desired.file).name : run.name,
          ...(ds === undefined ? {} : { dataset: { dataset_id: ds.id, version_index: ds.version } }),
          ...(tv === undefined ? {} : { prompt_template_version_id: tv }),
          ...(run.promptSettings === undefined ? {} : { prompt_settings: run.promptSettings }),
          scorers,
          trigger: false,
        })
      ).id;
    }
    await upsertScorerSettings(client, projectId, runId, scorers);
    if (marked && run.kind === 'experiment') {
      // galctl's run tags, as apply writes them
      const current = desiredRun(run, indexDesired(desired), desired.file);
      for (const tag of runTags({ manifestKey: run.address, fingerprint: current.fingerprint, summary: summarizeInputs(current.inputs) })) await addExperimentTag(client, projectId, runId, tag);
    }
    claim(run.kind === 'experiment' && marked ? { ...run, name: desiredRun(run, indexDesired(desired), desired.file).name } : r, runId);
  }
  if (marked) await claimInInventory(client, await findInventory(client), claims);
}
