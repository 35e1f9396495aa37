import { describe, expect, it } from 'vitest';
import type { Scorer, Template } from '../../src/galileo/types.js';
import { diffState } from '../../src/core/diff-state.js';
import {
  contentHashOfVersionName,
  normalizeDataset,
  normalizeExperiment,
  normalizeProject,
  normalizeScorer,
  normalizeScorerSettings,
  normalizeTemplate,
  normalizeTemplateSettings,
} from '../../src/engine/normalize-live.js';

// Samples shaped like the spec's ScorerResponse / BasePromptTemplateResponse / DatasetDB / ExperimentResponse
// (galileo-api.md §5), including the server habits normalization must undo.

const llmScorer: Scorer = {
  id: 'sc-1',
  name: 'response-quality',
  scorer_type: 'llm',
  tags: ['quality', 'galctl:managed', 'accuracy'],
  description: null,
  defaults: { model_name: 'GPT-4o mini', num_judges: 1, output_type: null },
  scoreable_node_types: ['llm', 'chat'],
  output_type: 'percentage',
  input_type: null,
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-02T00:00:00Z',
  latest_version: {
    id: 'v-2',
    version: 2,
    scorer_id: 'sc-1',
    model_name: 'GPT-4o mini',
    num_judges: 1,
    cot_enabled: false,
    output_type: 'boolean', // placeholder on every LLM version
    scoreable_node_types: ['chat', 'llm'],
    generated_scorer: { id: 'g', name: 'response-quality', user_prompt: 'Rate {output}' },
  },
};

describe('normalizeScorer', () => {
  it('takes the shell output type, not the version placeholder; sorts sets; hides galctl tag', () => {
    const { state, refs, owned } = normalizeScorer(llmScorer);
    expect(state).toEqual({
      name: 'response-quality',
      scorerType: 'llm',
      description: '',
      tags: ['accuracy', 'quality'],
      nodeTypes: ['chat', 'llm'],
      outputType: 'percentage',
      inputType: null,
      version: 2,
      prompt: 'Rate {output}',
      model: 'GPT-4o mini',
      judges: 1,
      chainOfThought: false,
    });
    expect(refs).toEqual({ latestVersionId: 'v-2', latestVersion: 2, defaultVersionId: null });
    expect(owned).toBeUndefined(); // the legacy tag is hidden and no longer ownership (galctl's inventory is)
  });

  it('reads model, judges and chain of thought from the shell defaults when the version leaves them out (optional in the spec)', () => {
    const v = { ...llmScorer.latest_version!, model_name: undefined, num_judges: null, cot_enabled: undefined };
    const s: Scorer = { ...llmScorer, defaults: { model_name: 'gpt-4.1-mini', num_judges: 3, cot_enabled: true }, latest_version: v };
    expect(normalizeScorer(s).state).toMatchObject({ model: 'gpt-4.1-mini', judges: 3, chainOfThought: true });
  });

  it('falls back to defaults.output_type, and a shell without a version has version null', () => {
    const s: Scorer = { ...llmScorer, output_type: null, defaults: { output_type: 'categorical' }, latest_version: null, tags: [] };
    const { state, owned } = normalizeScorer(s);
    expect(state.outputType).toBe('categorical');
    expect(state.version).toBeNull();
    expect(state.prompt).toBeUndefined();
    expect(owned).toBeUndefined();
  });

  it('code scorers: source with CRLF and trailing blank lines normalized, no LLM fields', () => {
    const code: Scorer = { id: 'c', name: 'len', scorer_type: 'code', tags: [], scoreable_node_types: ['trace'], latest_version: { id: 'cv', version: 1 } };
    const { state } = normalizeScorer(code, 'def scorer_fn(step_object, **kwargs) -> float:\r\n    return 1.0\r\n\r\n  ');
    expect(state.code).toBe('def scorer_fn(step_object, **kwargs) -> float:\n    return 1.0');
    expect(state).not.toHaveProperty('model');
    expect(state.scorerType).toBe('code');
  });
});

describe('normalizeTemplate', () => {
  const base: Template = {
    id: 't1',
    name: 'concise',
    selected_version_id: 'tv1',
    max_version: 1,
    selected_version: { id: 'tv1', version: 1, template: '', settings: {} },
  };

  it.each([
    ['a string as-is', 'Answer: {{input}}', 'Answer: {{input}}'],
    ['a message list, extra keys dropped', [{ role: 'system', content: 'Be brief', name: 'x' }, { role: 'user', content: '{{input}}' }], '[{"role":"system","content":"Be brief"},{"role":"user","content":"{{input}}"}]'],
    ['a JSON string of a message list', '[{"content":"{{input}}","role":"user"}]', '[{"role":"user","content":"{{input}}"}]'],
  ])('%s', (_what, template, canonical) => {
    const t = { ...base, selected_version: { id: 'tv1', version: 1, template: template as string, settings: {} } };
    expect(normalizeTemplate(t, 'p1').state.template).toBe(canonical);
  });

  it('keeps user-settable settings only, numbers as numbers', () => {
    expect(
      normalizeTemplateSettings({ model_alias: 'GPT-4o mini', temperature: '0', max_tokens: 256, known_models: [{}], top_p: null, echo: false }),
    ).toEqual({ model_alias: 'GPT-4o mini', temperature: 0, max_tokens: 256, echo: false });
  });

  it('records the selected version and its id', () => {
    const n = normalizeTemplate(base, 'p1');
    expect(n.state.selectedVersion).toBe(1);
    expect(n.refs).toEqual({ projectId: 'p1', selectedVersionId: 'tv1', maxVersion: 1 });
  });
});

describe('normalizeDataset', () => {
  const ds = { id: 'd1', name: 'capitals', current_version_index: 2, num_rows: 2, column_names: ['input', 'output'] };

  it('reads the content hash from the current version name', () => {
    const n = normalizeDataset(ds, { version_index: 2, name: 'galctl:sha256:abc' });
    expect(n.state).toEqual({ name: 'capitals', columns: ['input', 'output'], numRows: 2, versionIndex: 2, contentHash: 'abc' });
    expect(n.owned).toBeUndefined(); // ownership comes from galctl's inventory, not the version name
  });

  it('ignores a hash on a version that is not current (rolled back)', () => {
    expect(normalizeDataset(ds, { version_index: 3, name: 'galctl:sha256:abc' }).state.contentHash).toBeNull();
    expect(contentHashOfVersionName('my name')).toBeNull();
    expect(contentHashOfVersionName('galctl:protected:sha256:abc')).toBe('abc');
  });

  it('rows from values_dict, or zipped from values', () => {
    const n = normalizeDataset(ds, undefined, {
      columns: ['input', 'output'],
      etag: 'e1',
      rows: [
        { row_id: 'r1', values_dict: { input: 'France', output: 'Paris' } },
        { row_id: 'r2', values: ['Japan', 'Tokyo'] },
      ],
    });
    expect(n.state.rows).toEqual([
      { rowId: 'r1', values: { input: 'France', output: 'Paris' } },
      { rowId: 'r2', values: { input: 'Japan', output: 'Tokyo' } },
    ]);
    expect(n.refs['datasetEtag']).toBe('e1');
  });
});

describe('normalizeProject', () => {
  it('hides legacy galctl labels and sorts labels; ownership is not read from them', () => {
    const n = normalizeProject({ id: 'p', name: 'demo', labels: ['b', 'galctl:managed', 'a'], description: null });
    expect(n.state).toEqual({ name: 'demo', description: null, labels: ['a', 'b'] });
    expect(n.owned).toBeUndefined();
  });
});

describe('normalizeExperiment', () => {
  it('names inputs by what the reader listed, else the response, else the id', () => {
    const names = { datasets: new Map([['d1', 'capitals']]), templates: new Map<string, string>() };
    const n = normalizeExperiment(
      { id: 'e', name: 'nightly', dataset: { dataset_id: 'd1', version_index: 3, name: 'old-name' }, prompt: { prompt_template_id: 't9', version_index: 2 } },
      'p',
      names,
    );
    expect(n.state).toEqual({ name: 'nightly', dataset: 'capitals', datasetVersionIndex: 3, template: 'id:t9', templateVersion: 2 });
    const bare = normalizeExperiment({ id: 'e2', name: 'replay', dataset: null, prompt: null }, 'p', names);
    expect(bare.state).toEqual({ name: 'replay', dataset: null, datasetVersionIndex: null, template: null, templateVersion: null });
  });

  it('leaves dataset and template out when the response does not carry them (unknown), and the diff skips them', () => {
    const silent = normalizeExperiment({ id: 'e3', name: 'nightly' }, 'p', { datasets: new Map(), templates: new Map() });
    expect(silent.state).toEqual({ name: 'nightly', datasetVersionIndex: null, templateVersion: null });
    const desired = { name: 'nightly', dataset: 'capitals', datasetVersionIndex: null, template: 'concise', templateVersion: null };
    const options = { ignore: ['datasetVersionIndex', 'templateVersion'], unknownWhenAbsent: ['dataset', 'template'] };
    expect(diffState(desired, silent.state, options)).toEqual([]);
    expect(diffState(desired, { ...silent.state, dataset: null }, options).map((f) => f.path)).toEqual(['dataset']);
    expect(diffState(desired, undefined, options).map((f) => f.path)).toEqual(['dataset', 'name', 'template']);
  });
});

describe('normalizeScorerSettings', () => {
  it('maps ids to sorted <type>:<name> keys and reports ids it cannot name', () => {
    const keyOfId = new Map([['s1', 'llm:response-quality'], ['p1', 'preset:correctness']]);
    const { state, unknownIds } = normalizeScorerSettings(
      [
        { id: 'p1', scorer_type: 'preset' },
        { id: 's1', scorer_type: 'llm', name: 'stale-name' },
        { id: 's2', scorer_type: 'code', name: 'len' },
        { id: 's3', scorer_type: 'llm' },
      ],
      keyOfId,
    );
    expect(state.scorers).toEqual(['code:len', 'llm:response-quality', 'preset:correctness']);
    expect(unknownIds).toEqual(['s3']);
  });
});
