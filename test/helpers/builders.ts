/** Small builders of desired resources and live state for pure planner and renderer tests. */
import { desiredRun } from '../../src/runs/desired-run.js';
import { indexDesired } from '../../src/core/desired-index.js';
import { addressOf, scorerSettingsAddress } from '../../src/core/address.js';
import { buildPlan } from '../../src/engine/build-plan.js';
import { canonicalTemplate } from '../../src/kinds/template/canonical-template.js';
import { hashDatasetContent } from '../../src/core/content-hash.js';
import { fingerprintOf } from '../../src/core/fingerprint.js';
import { normalizeCode } from '../../src/kinds/scorer/normalize-code.js';
import type {
  Desired,
  DesiredCodeScorer,
  DesiredDataset,
  DesiredExperiment,
  DesiredLlmScorer,
  DesiredLogStream,
  DesiredProject,
  DesiredResource,
  DesiredTemplate,
  ScorerRef,
} from '../../src/core/desired-types.js';
import type { LiveResource, LiveState, Plan, ResourceState, StepKind } from '../../src/core/plan-types.js';

export const MANIFEST = '/repo/galileo.yaml';
const loc = { file: MANIFEST, line: 1, col: 1 };
const base = { loc, protect: false, adopt: false };

export function desiredProject(o: Partial<DesiredProject> & { key: string }): DesiredProject {
  return { ...base, kind: 'project', name: o.key, address: addressOf('project', o.key), ...o };
}

export function desiredScorer(o: Partial<DesiredLlmScorer> & { key: string }): DesiredLlmScorer {
  return {
    ...base,
    kind: 'scorer',
    scorerType: 'llm',
    name: o.key,
    address: addressOf('scorer', o.key),
    nodeTypes: ['llm', 'chat'],
    outputType: 'percentage',
    prompt: 'Rate the answer.\nInput: {input}\nOutput: {output}\n',
    model: 'GPT-4o mini',
    ...o,
  };
}

export function desiredCodeScorer(o: Partial<DesiredCodeScorer> & { key: string }): DesiredCodeScorer {
  return {
    ...base,
    kind: 'scorer',
    scorerType: 'code',
    name: o.key,
    address: addressOf('scorer', o.key),
    nodeTypes: ['trace'],
    file: `/repo/scorers/${o.key}.py`,
    code: 'def scorer_fn(step_object, **kwargs) -> float:\n    return 1.0\n',
    ...o,
  };
}

export function desiredDataset(o: Partial<DesiredDataset> & { key: string }): DesiredDataset {
  const columns = o.columns ?? ['input', 'output'];
  const rows = o.rows ?? [
    { input: 'capital of France?', output: 'Paris' },
    { input: 'capital of Japan?', output: 'Tokyo' },
  ];
  return {
    ...base,
    kind: 'dataset',
    name: o.key,
    address: addressOf('dataset', o.key),
    format: 'csv',
    ...o,
    columns,
    rows,
    contentHash: o.contentHash ?? hashDatasetContent(columns, rows),
  };
}

export function desiredTemplate(o: Partial<DesiredTemplate> & { key: string; project: string }): DesiredTemplate {
  return {
    ...base,
    kind: 'template',
    name: o.key,
    address: addressOf('template', o.key, o.project),
    template: 'Answer concisely.\n\nQuestion: {{input}}\n\nAnswer:',
    settings: { model_alias: 'GPT-4o mini', temperature: 0 },
    ...o,
  };
}

export function desiredLogStream(o: Partial<DesiredLogStream> & { key: string; project: string }): DesiredLogStream {
  return { ...base, kind: 'log_stream', name: o.key, address: addressOf('log_stream', o.key, o.project), scorers: [], ...o };
}

export function desiredExperiment(o: Partial<DesiredExperiment> & { key: string; project: string }): DesiredExperiment {
  return {
    ...base,
    kind: 'experiment',
    name: o.key,
    address: addressOf('experiment', o.key, o.project),
    scorers: [],
    trigger: true,
    thresholds: {},
    ...o,
  };
}

export const preset = (name: string): ScorerRef => ({ type: 'preset', name });
export const custom = (key: string): ScorerRef => ({ type: 'custom', key });

export function desiredOf(...resources: DesiredResource[]): Desired {
  return { file: MANIFEST, resources };
}

/** The example-like manifest: a project with a template, a flow-A experiment and a log stream with traces. */
export function sampleDesired(): Desired {
  return desiredOf(
    desiredProject({ key: 'demo', description: 'demo project' }),
    desiredScorer({ key: 'response-quality' }),
    desiredCodeScorer({ key: 'response-length' }),
    desiredDataset({ key: 'capitals' }),
    desiredTemplate({ key: 'concise', project: 'demo' }),
    desiredExperiment({
      key: 'prompt-eval',
      project: 'demo',
      dataset: 'capitals',
      template: 'concise',
      scorers: [custom('response-quality'), preset('correctness')],
    }),
    desiredLogStream({
      key: 'production',
      project: 'demo',
      scorers: [custom('response-length'), preset('context_adherence'), custom('response-quality')],
      traces: { file: '/repo/traces/prod.jsonl', loc },
    }),
  );
}

let ids = 0;
export function liveResource<S extends ResourceState>(address: string, kind: StepKind, state: S, refs?: Record<string, string | number | null>): LiveResource<S> {
  ids += 1;
  const id = `00000000-0000-4000-8000-${String(ids).padStart(12, '0')}`;
  return { address, kind, id, state, fingerprint: fingerprintOf(id, state, refs), ...(refs ? { refs } : {}) };
}

export const PRESETS: Record<string, string> = {
  correctness: 'p-correctness',
  context_adherence: 'p-context-adherence',
  completeness: 'p-completeness',
};

/**
 * What the reader would find after a faithful apply of `desired`, with the server's defaults and quirks: extra
 * template settings, unset scorer fields filled in, arrays in another order, the template as a JSON string.
 */
export function liveMatching(desired: Desired): LiveState {
  const resources: Record<string, LiveResource> = {};
  const scorerKey = new Map(desired.resources.flatMap((r) => (r.kind === 'scorer' ? [[r.key, `${r.scorerType}:${r.name}`] as const] : [])));
  const names = new Map(desired.resources.map((r) => [`${r.kind}/${'project' in r ? `${r.project}/` : ''}${r.key}`, r.name]));
  const add = (address: string, kind: StepKind, state: ResourceState): void => void (resources[address] = liveResource(address, kind, state));
  for (const r of desired.resources) {
    switch (r.kind) {
      case 'project':
        add(r.address, 'project', { name: r.name, description: r.description ?? null, labels: [...(r.labels ?? [])].reverse() });
        break;
      case 'scorer':
        add(r.address, 'scorer', {
          name: r.name,
          scorerType: r.scorerType,
          description: r.description ?? '',
          tags: [...(r.tags ?? [])].reverse(),
          nodeTypes: [...r.nodeTypes].reverse(),
          outputType: r.scorerType === 'llm' ? r.outputType : 'boolean',
          inputType: r.scorerType === 'llm' ? (r.inputType ?? 'basic') : null,
          version: 1,
          ...(r.scorerType === 'llm'
            ? { prompt: r.prompt, model: r.model ?? 'gpt-4.1-mini', judges: r.judges ?? 3, chainOfThought: r.chainOfThought ?? false }
            : { code: normalizeCode(`${r.code.replace(/\r?\n/g, '\r\n')}\n\n`) }),
        });
        break;
      case 'dataset':
        add(r.address, 'dataset', { name: r.name, columns: [...r.columns], numRows: r.rows.length, versionIndex: 1, contentHash: r.contentHash });
        break;
      case 'template':
        add(r.address, 'template', {
          name: r.name,
          template: canonicalTemplate(typeof r.template === 'string' ? r.template : JSON.stringify(r.template)),
          settings: { max_tokens: 4096, top_p: 1, ...(r.settings ?? {}) },
          selectedVersion: 1,
        });
        break;
      case 'log_stream':
      case 'experiment': {
        const state =
          r.kind === 'log_stream'
            ? { name: r.name }
            : {
                // an experiment is found by its current run's name (issue 17)
                name: desiredRun(r, indexDesired(desired), desired.file).name,
                dataset: r.dataset === undefined ? null : (names.get(`dataset/${r.dataset}`) ?? r.dataset),
                datasetVersionIndex: r.dataset === undefined ? null : 1,
                template: r.template === undefined ? null : (names.get(`template/${r.project}/${r.template}`) ?? r.template),
                templateVersion: r.template === undefined ? null : 1,
              };
        add(r.address, r.kind, state);
        const scorers = r.scorers.map((s) => (s.type === 'preset' ? `preset:${s.name}` : scorerKey.get(s.key)!));
        add(scorerSettingsAddress(r.address), 'scorer_settings', { scorers: scorers.sort().reverse() });
        break;
      }
      // production kinds (issue 23): their unit tests build live state of their own
      case 'stage':
      case 'integration':
      case 'global_template':
      case 'annotation_queue':
        break;
    }
  }
  return { resources, presets: { ...PRESETS }, unmanaged: [] };
}

export function emptyLive(): LiveState {
  return { resources: {}, presets: { ...PRESETS }, unmanaged: [] };
}

export const PLAN_INPUT = { manifestPath: 'galileo.yaml', apiUrl: 'http://127.0.0.1:4000', now: '2026-01-01T00:00:00.000Z' };

/** buildPlan with the fixed test inputs (manifest path, API URL, clock); `extra` adds trace counts, targets, prune. */
export const planOf = (desired: Desired, live: LiveState, extra: Partial<Parameters<typeof buildPlan>[0]> = {}): Plan =>
  buildPlan({ desired, live, ...PLAN_INPUT, ...extra });
