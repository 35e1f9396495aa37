import { currentVersion } from './dataset-view.js';
import { newJob, scheduleScoring } from './jobs.js';
import { fakeAnswer } from './fake-llm.js';
import { renderMustache } from './scoring.js';
import type { Sim } from './sim-context.js';
import { fullSettings } from './template-view.js';
import type { DatasetVersionRec, Obj, RunRec, TemplateVersionRec, TraceRec } from './types.js';

function cell(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

export const MISSING_PROMPT_SETTINGS =
  'prompt_settings missing: an experiment with a prompt template needs its run settings (model_alias, temperature, …); without them the run never starts';

/**
 * A triggered experiment: one trace per dataset row. Flow A renders the template with the row (Mustache) and
 * answers with a deterministic fake LLM; flow B (no template) uses the row's `generated_output` [GUIDE].
 */
export function generateExperiment(sim: Sim, run: RunRec): void {
  if (run.dataset === null) return;
  const d = sim.store.datasets.get(run.dataset.dataset_id);
  if (d === undefined) return;
  const version: DatasetVersionRec = d.versions.find((v) => v.version_index === run.dataset?.version_index) ?? currentVersion(d);
  let tv: TemplateVersionRec | undefined;
  if (run.prompt_template_version_id !== null) {
    const t = sim.store.templates.get(sim.store.templateVersionOwner.get(run.prompt_template_version_id) ?? '');
    tv = t?.versions.find((v) => v.id === run.prompt_template_version_id);
  }
  const settings = fullSettings({ ...(tv?.settings ?? {}), ...(run.prompt_settings ?? {}) });
  const model = String(settings['model_alias']);
  const job = newJob(sim, run, 'prompt_run', {
    dataset_id: d.id, dataset_version_index: version.version_index,
    prompt_template_version_id: run.prompt_template_version_id, prompt_settings: settings, task_type: run.task_type,
  });
  if (tv !== undefined && run.prompt_settings === null) {
    // [PY] experiments.py: a prompt-template run without prompt_settings silently never starts; [JS] always sends
    // them. choice: the simulator makes it visible, as a prompt_run job that ends in error and generates nothing
    job.outcome = 'error';
    job.error_message = MISSING_PROMPT_SETTINGS;
    return;
  }
  const now = sim.store.nowIso();
  const nowMs = Date.now();
  const ids: string[] = [];
  for (const row of version.rows) {
    const values = row.values;
    const input = cell(values['input']) ?? '';
    let prompt: string;
    let messages: Obj[];
    let output: string;
    if (tv !== undefined) {
      messages = typeof tv.template === 'string'
        ? [{ role: 'user', content: renderMustache(tv.template, values) }]
        : tv.template.map((m) => ({ ...m, content: renderMustache(String(m['content'] ?? ''), values) }));
      prompt = messages.map((m) => String(m['content'])).join('\n');
      output = fakeAnswer(prompt, model, { question: input, expected: cell(values['output']) });
    } else {
      prompt = input;
      messages = [{ role: 'user', content: input }];
      output = cell(values['generated_output']) ?? fakeAnswer(prompt, model, { question: input, expected: cell(values['output']) });
    }
    const id = sim.store.uuid();
    const meta = values['metadata'];
    const datasetMetadata: Record<string, string> = {};
    if (meta !== null && typeof meta === 'object' && !Array.isArray(meta)) {
      for (const [k, v] of Object.entries(meta)) datasetMetadata[k] = cell(v) ?? '';
    }
    const base = { session_id: id, project_id: run.project_id, run_id: run.id, created_at: now, updated_at: now };
    const span: Obj = {
      type: 'llm', id: sim.store.uuid(), trace_id: id, parent_id: id, ...base, name: 'llm', input: messages,
      output: { role: 'assistant', content: output }, model, user_metadata: {}, tags: [], status_code: 200,
      metrics: { duration_ns: 1_000_000 + Math.floor(prompt.length * 1000) }, has_children: false, is_complete: true, metric_info: {}, spans: [],
    };
    const rec: TraceRec = {
      record: {
        type: 'trace', id, trace_id: id, ...base, input: prompt, output, name: 'prompt_run', user_metadata: {}, tags: [],
        status_code: 200, metrics: { duration_ns: span['metrics'] ? (span['metrics'] as Obj)['duration_ns'] : null },
        external_id: null, dataset_input: input, dataset_output: cell(values['output']), dataset_metadata: datasetMetadata,
        has_children: true, is_complete: true, feedback_rating_info: {},
      },
      spans: [span], created_ms: nowMs, metric_info: {}, metrics: {},
    };
    run.traces.set(id, rec);
    sim.store.indexTrace(run, id);
    ids.push(id);
  }
  scheduleScoring(sim, run, ids, run.scorers, false);
}
