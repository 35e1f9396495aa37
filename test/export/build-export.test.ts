import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { KeyScope, slugKey } from '../../src/engine/export/assign-keys.js';
import { buildExport } from '../../src/engine/export/build-export.js';
import { datasetFile } from '../../src/engine/export/dataset-file.js';
import { EXPORT_KINDS, type OrgSnapshot } from '../../src/engine/export/types.js';

const ALL = new Set(EXPORT_KINDS);
const OPTS = { kinds: ALL, schemaPath: '../schemas/galileo.schema.json', source: 'http://127.0.0.1:4000' };

const llm = (id: string, name: string, extra: Record<string, unknown> = {}) => ({
  id, name, scorer_type: 'llm', tags: ['galctl:managed', 'team'], scoreable_node_types: ['llm'], output_type: 'boolean',
  latest_version: { id: `${id}-v1`, version: 1, model_name: 'GPT-4o mini', num_judges: 1, cot_enabled: false, generated_scorer: { user_prompt: 'Rate {output}' } },
  ...extra,
});

function org(): OrgSnapshot {
  return {
    scorers: [llm('s1', 'Response Quality'), llm('s2', 'response quality'), { id: 'p1', name: 'correctness', scorer_type: 'preset', tags: [] }] as never,
    code: {},
    datasets: [
      { dataset: { id: 'd1', name: 'Capitals', current_version_index: 1, column_names: ['input', 'output'] }, content: { columns: ['input', 'output'], etag: null, rows: [{ row_id: 'r1', values_dict: { input: 'France', output: 'Paris' } }] } },
    ] as never,
    projects: [
      {
        project: { id: 'pr1', name: 'Demo', labels: ['galctl:managed', 'galctl:template:t', 'ours'], description: null },
        templates: [{ id: 't1', name: 't', selected_version: { id: 'tv1', version: 1, template: 'Q: {{input}}', settings: { temperature: 0.5, known_models: [] } } }],
        logStreams: [],
        experiments: [
          { run: { id: 'e1', name: 'Eval 1', dataset: { dataset_id: 'd1' }, prompt: { prompt_template_id: 't1' } }, scorers: [{ id: 's1', scorer_type: 'llm' }, { id: 'p1', scorer_type: 'preset' }] },
          { run: { id: 'e2', name: 'orphan', dataset: { dataset_id: 'gone', name: 'old-data' } }, scorers: [{ id: 'nope', scorer_type: 'llm', name: 'deleted' }] },
        ],
      },
    ] as never,
  };
}

describe('buildExport', () => {
  it('writes keys from names (collisions suffixed), adopt: true, trigger: false, presets referenced, no galctl markers', () => {
    const out = buildExport(org(), OPTS);
    expect(out.manifest.startsWith('# yaml-language-server: $schema=../schemas/galileo.schema.json\n')).toBe(true);
    expect(out.manifest).not.toContain('galctl:');
    const m = parse(out.manifest) as Record<string, Record<string, Record<string, unknown>>>;
    expect(Object.keys(m['scorers']!)).toEqual(['response-quality', 'response-quality-2']);
    expect(m['scorers']!['response-quality']).toMatchObject({ type: 'llm', name: 'Response Quality', tags: ['team'], node_types: ['llm'], prompt: 'Rate {output}', adopt: true });
    expect(m['datasets']).toEqual({ capitals: { name: 'Capitals', file: 'datasets/capitals.csv', adopt: true } });
    const demo = m['projects']!['demo'] as Record<string, Record<string, Record<string, unknown>>>;
    expect(demo['labels']).toEqual(['ours']);
    expect(demo['templates']!['t']).toEqual({ template: 'Q: {{input}}', settings: { temperature: 0.5 }, adopt: true });
    expect(demo['experiments']!['eval-1']).toEqual({ name: 'Eval 1', dataset: 'capitals', template: 't', scorers: ['preset:correctness', 'response-quality'], trigger: false, adopt: true });
    expect(out.files.get('datasets/capitals.csv')).toBe('input,output\nFrance,Paris\n');
    expect(out.warnings).toEqual([
      'experiment "orphan" in project "Demo" uses dataset old-data, which no longer exists: exported without it',
      'experiment "orphan" in project "Demo" uses llm scorer "deleted", which could not be exported: left out',
    ]);
  });

  it('--kinds scorers writes no projects; presets are never copied', () => {
    const out = buildExport(org(), { ...OPTS, kinds: new Set(['scorers'] as const) });
    const m = parse(out.manifest) as Record<string, unknown>;
    expect(Object.keys(m)).toEqual(['version', 'scorers']);
    expect(Object.keys(m['scorers'] as object)).not.toContain('correctness');
  });
});

describe('datasetFile and keys', () => {
  it('CSV for one-line strings, JSONL otherwise', () => {
    expect(datasetFile(['input'], [{ input: '' }, { input: 'a,b' }])).toEqual({ format: 'csv', text: 'input\n""\n"a,b"\n' });
    expect(datasetFile(['input', 'n'], [{ input: 'x', n: 3 }]).format).toBe('jsonl');
    expect(datasetFile(['input'], [{ input: 'two\nlines' }])).toEqual({ format: 'jsonl', text: '{"input":"two\\nlines"}\n' });
  });

  it('slugs names into valid keys', () => {
    expect(slugKey('Response Quality!', 'scorer')).toBe('response-quality');
    expect(slugKey('  --Été 2024 ', 'x')).toBe('ete-2024');
    expect(slugKey('???', 'dataset')).toBe('dataset');
    const scope = new KeyScope('k');
    expect([scope.key('A'), scope.key('a'), scope.key('a ')]).toEqual(['a', 'a-2', 'a-3']);
  });
});
