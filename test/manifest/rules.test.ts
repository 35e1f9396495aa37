import { describe, expect, it } from 'vitest';
import { loadManifest } from '../../src/manifest/load-manifest.js';
import { fixtureDir, GOOD_PY, yaml } from './fixture-dir.js';

interface Case {
  name: string;
  files: Record<string, string>;
  env?: Record<string, string>;
  /** [line, col, text the message contains, text the hint contains?] in report order */
  problems: [number, number, string, string?][];
}

// A small valid head most cases extend: one llm scorer, one code scorer, one dataset.
const HEAD = [
  'version: 1',
  'scorers:',
  '  quality:',
  '    type: llm',
  '    node_types: [llm, chat]',
  '    prompt: "Rate {output} for {input}"',
  '  length:',
  '    type: code',
  '    node_types: [trace]',
  '    file: length.py',
  'datasets:',
  '  qa:',
  '    file: qa.csv',
]; // 13 lines
const FILES = { 'length.py': GOOD_PY, 'qa.csv': 'input,output\nq1,a1\n' };
const withHead = (...lines: string[]): Record<string, string> => ({ ...FILES, 'galileo.yaml': yaml(...HEAD, ...lines) });

const cases: Case[] = [
  {
    name: 'dangling scorer, dataset and template references',
    files: withHead(
      'projects:', // 14
      '  p:',
      '    experiments:',
      '      e:',
      '        dataset: qaa', // 18
      '        template: nope', // 19
      '        scorers: [quality, qualty]', // 20
    ),
    problems: [
      [18, 18, 'dataset "qaa" is not defined', 'did you mean "qa"?'],
      [19, 19, 'template "nope" is not defined in project "p"'],
      [20, 28, 'scorer "qualty" is not defined', 'did you mean "quality"?'],
    ],
  },
  {
    name: 'a preset name without the preset: prefix',
    files: withHead('projects:', '  p:', '    log_streams:', '      prod:', '        scorers: [correctness]'),
    problems: [[18, 19, 'scorer "correctness" is not defined', 'write preset:correctness']],
  },
  {
    name: 'an unknown preset, with close matches',
    files: withHead('projects:', '  p:', '    log_streams:', '      prod:', '        scorers: [preset:context_adherance]'),
    problems: [[18, 19, 'unknown preset scorer "context_adherance"', 'preset:context_adherence']],
  },
  {
    name: 'two keys mapping to the same remote name',
    files: withHead('  qa2:', '    name: qa', '    file: qa.csv'),
    problems: [[15, 11, 'dataset "qa2" has the remote name "qa", like dataset "qa"']],
  },
  {
    name: 'two scorers of one type whose names differ only in case (Galileo compares scorer names ignoring case)',
    files: { ...FILES, 'galileo.yaml': yaml(...HEAD.slice(0, 10), '  Quality:', '    type: llm', '    node_types: [llm]', '    prompt: "Judge {output}"') },
    problems: [[11, 3, 'llm scorer "Quality" has the remote name "Quality", which Galileo takes for "quality" of llm scorer "quality" (llm scorer names are compared ignoring case)', 'give one of them a different name']],
  },
  {
    name: 'template names are unique across projects (Galileo templates are org-wide)',
    files: withHead(
      'projects:', // 14
      '  a:',
      '    templates:',
      '      t: { template: "Q: {{input}}" }',
      '  b:',
      '    templates:', // 19
      '      t: { template: "Q: {{input}}" }',
    ),
    problems: [[20, 7, 'template "t" of project "b" has the remote name "t", like template "t" of project "a"']],
  },
  {
    name: 'an llm and a code scorer may share a name (unique per type)',
    files: { ...FILES, 'galileo.yaml': yaml(...HEAD.slice(0, 10), '  other:', '    name: quality', '    type: code', '    node_types: [trace]', '    file: length.py') },
    problems: [],
  },
  {
    name: 'duplicate YAML keys',
    files: { ...FILES, 'galileo.yaml': yaml('version: 1', 'datasets:', '  qa:', '    file: qa.csv', '  qa:', '    file: qa.csv') },
    problems: [[5, 3, 'duplicate key', 'remove or rename']],
  },
  {
    name: 'a missing file and a directory given as a file',
    files: { ...withHead('  other:', '    file: missing.csv', '  dir:', '    file: adir.csv'), 'adir.csv/x': 'x' },
    problems: [
      [15, 11, 'file "missing.csv" not found'],
      [17, 11, '"adir.csv" is a directory'],
    ],
  },
  {
    name: 'an unset variable without a default; defaults and set variables are fine',
    files: withHead('projects:', '  p:', '    name: ${PROJECT_NAME}', '    description: ${DESC:-none}', '    labels: ["${TEAM}"]'),
    env: { TEAM: 'sample' },
    problems: [[16, 11, 'environment variable PROJECT_NAME is not set', '${PROJECT_NAME:-value}']],
  },
  {
    name: 'a dataset named like galctl\'s inventory',
    files: withHead('  galctl-inventory:', '    file: qa.csv'),
    problems: [[14, 3, 'dataset "galctl-inventory" has the remote name "galctl-inventory", which galctl keeps for its inventory', 'another name']],
  },
  {
    name: 'a project label other than "sample" (Galileo\'s only project label)',
    files: withHead('projects:', '  p:', '    labels: [sample, team-a]', '  q:', '    labels:', '      - Sample'),
    problems: [
      [16, 22, 'invalid project label "team-a" in project "p": Galileo only accepts "sample"', 'closed list'],
      [19, 9, 'invalid labels[0] of project "q": "Sample"', 'did you mean "sample"?'],
    ],
  },
  {
    name: 'an experiment with a template but no dataset, traces with a dataset, settings without a template',
    files: {
      ...withHead(
        'projects:',
        '  p:',
        '    templates:',
        '      t: { template: "Q: {{input}}" }',
        '    experiments:',
        '      a:',
        '        template: t', // 20
        '      b:',
        '        dataset: qa',
        '        template: t',
        '        traces: t.jsonl', // 24
        '      c:',
        '        prompt_settings: { temperature: 0 }', // 26
      ),
      't.jsonl': '{"input": "a", "output": "b"}\n',
    },
    problems: [
      [20, 9, 'experiment "a" has a template but no dataset', 'add dataset:'],
      [24, 9, 'experiment "b" has both a dataset and traces'],
      [26, 9, 'experiment "c" has prompt_settings but no template'],
    ],
  },
  {
    name: 'a custom scorer without node_types',
    files: { ...FILES, 'galileo.yaml': yaml('version: 1', 'scorers:', '  q:', '    type: llm', '    prompt: "{input}"') },
    problems: [[3, 3, 'scorer "q" has no node_types: custom scorers without scoreable_node_types are silently skipped on raw traces', 'node_types: [llm, chat]']],
  },
  {
    name: 'single braces in a template (text, messages and file)',
    files: {
      ...withHead(
        'projects:',
        '  p:',
        '    templates:',
        '      a: { template: "Question: {input}" }', // 17
        '      b:',
        '        messages:',
        '          - { role: user, content: "Hi {input}" }', // 20
        '      c: { template_file: c.mustache }',
      ),
      'c.mustache': 'Line one\nAnswer {{input}} and { question }\n',
    },
    problems: [
      [2, 22, 'template "c" uses { question }: templates are Mustache'],
      [17, 33, 'template "a" uses {input}: templates are Mustache and need double braces', 'write {{input}}'],
      [20, 40, 'message 1 of template "b" uses {input}'],
    ],
  },
  {
    name: 'double braces in a scorer prompt (inline and file)',
    files: {
      ...FILES,
      'galileo.yaml': yaml('version: 1', 'scorers:', '  q:', '    type: llm', '    node_types: [llm]', '    prompt: "Rate {{output}}"', '  r:', '    type: llm', '    node_types: [llm]', '    prompt_file: r.txt'),
      'r.txt': 'Input: {input}\nOutput: {{ output }}\n',
    },
    problems: [
      [6, 19, 'the prompt of scorer "q" uses {{output}}: scorer prompts use single braces', 'write {output}'],
      [2, 9, 'the prompt of scorer "r" uses {{ output }}'],
    ],
  },
  {
    name: 'code scorers without scorer_fn, **kwargs or a proper return annotation',
    files: {
      'galileo.yaml': yaml(
        'version: 1',
        'scorers:',
        ...['a', 'b', 'c', 'd'].flatMap((k) => [`  ${k}:`, '    type: code', '    node_types: [trace]', `    file: ${k}.py`]),
      ),
      'a.py': 'def score(step_object, **kwargs) -> float:\n    return 1.0\n',
      'b.py': 'import re\n\ndef scorer_fn(step_object) -> float:\n    return 1.0\n',
      'c.py': 'def scorer_fn(step_object, **kwargs):\n    return 1.0\n',
      'd.py': '\ndef scorer_fn(\n    step_object,\n    **kwargs,\n) -> dict:\n    return {}\n',
    },
    problems: [
      [1, 1, 'code scorer does not define scorer_fn (scorer "a")', 'def scorer_fn(step_object, **kwargs) -> float:'],
      [3, 1, 'scorer_fn does not take **kwargs (scorer "b")'],
      [1, 1, 'scorer_fn has no return type annotation (scorer "c")', '-> float'],
      [2, 1, 'scorer_fn returns "dict", not float, bool, int or str (scorer "d")'],
    ],
  },
  {
    name: 'a ground_truth column (CSV file, JSONL file, inline rows)',
    files: {
      'galileo.yaml': yaml('version: 1', 'datasets:', '  a: { file: a.csv }', '  b: { file: b.jsonl }', '  c:', '    rows:', '      - { input: q, ground_truth: x }'),
      'a.csv': 'input,ground_truth\nq,a\n',
      'b.jsonl': '{"input": "q", "ground_truth": "a"}\n',
    },
    problems: [
      [1, 7, 'dataset "a" has a ground_truth column, which the Galileo API does not map to output', 'rename the column to output'],
      [1, 17, 'dataset "b" has a ground_truth column'],
      [7, 21, 'dataset "c" has a ground_truth column'],
    ],
  },
  {
    name: 'broken dataset files (CSV field count, JSONL line, JSON not an array, unknown extension)',
    files: {
      'galileo.yaml': yaml('version: 1', 'datasets:', '  a: { file: a.csv }', '  b: { file: b.jsonl }', '  c: { file: c.json }', '  d: { file: d.txt }', '  e: { file: d.txt, format: csv }'),
      'a.csv': 'input,output\nq,a\nq2,a2,extra\n',
      'b.jsonl': '{"input": "q"}\n{"input": \n',
      'c.json': '{"input": "q"}',
      'd.txt': 'input,output\nq,a\n',
    },
    problems: [
      [3, 1, 'invalid CSV', 'as many fields as the header'],
      [2, 1, 'line 2 is not valid JSON (dataset "b")'],
      [1, 1, 'a JSON dataset must be a top-level array of objects (dataset "c")'],
      [6, 14, 'cannot tell the format of dataset file "d.txt"', 'format:'],
    ],
  },
  {
    name: 'a typo in a file extension: file not found, with did-you-mean when a similar file exists (not "cannot tell the format")',
    files: {
      'galileo.yaml': yaml('version: 1', 'datasets:', '  a: { file: data/golden.cvs }', '  b: { file: nothing.cvs }'),
      'data/golden.csv': 'input,output\nq,a\n',
    },
    problems: [
      [3, 14, 'file "data/golden.cvs" not found', 'did you mean "data/golden.csv"?'],
      [4, 14, 'file "nothing.cvs" not found', 'fix the path'],
    ],
  },
  {
    name: 'trace files: a line that is not JSON, an id that is not UUID v4',
    files: {
      ...withHead('projects:', '  p:', '    experiments:', '      e:', '        scorers: [length]', '        traces: t.jsonl'),
      't.jsonl': '{"input": "a", "output": "b"}\nnot json\n{"id": "1234", "input": "a", "output": "b"}\n',
    },
    problems: [
      [2, 1, 'invalid JSON'],
      [3, 1, 'id "1234" is not a uuid v4'],
    ],
  },
  {
    name: 'an API key in the manifest (a field, or ${GALILEO_API_KEY})',
    files: {
      ...FILES,
      'galileo.yaml': yaml('version: 1', 'api_key: sk-abc123', 'projects:', '  p:', '    description: ${GALILEO_API_KEY}', '    Galileo-API-Key: xyz'),
    },
    env: { GALILEO_API_KEY: 'real-key-value' },
    problems: [
      [2, 1, 'field "api_key" holds an API key: secrets come from the environment (GALILEO_API_KEY)'],
      [5, 18, 'secrets come from the environment (GALILEO_API_KEY)'],
      [6, 5, 'field "Galileo-API-Key" holds an API key'],
    ],
  },
  {
    name: 'tabs as indentation',
    files: { 'galileo.yaml': 'version: 1\nprojects:\n\tp: {}\n' },
    problems: [[3, 1, 'tabs', 'indent with spaces']],
  },
  {
    name: 'bad indentation',
    files: { 'galileo.yaml': yaml('version: 1', 'projects:', '  p:', '    description: a', '   labels: [x]') },
    problems: [[5, 1, 'invalid YAML: all mapping items must start at the same column', 'align this line']],
  },
  {
    name: 'an unclosed quote',
    files: { 'galileo.yaml': yaml('version: 1', 'projects:', '  p:', '    description: "abc', '  q: {}') },
    problems: [[6, 1, 'missing closing "quote']],
  },
  {
    name: 'unknown fields and wrong types, worded for a person',
    files: { ...FILES, 'galileo.yaml': yaml(...HEAD.slice(0, 10), '  q2:', '    type: llm', '    node_types: [llm]', '    promt: "x {input}"', '    prompt: "{input}"', '    judges: three', '    output_type: percent') },
    problems: [
      [14, 5, 'unknown field "promt" in scorer "q2"', 'did you mean "prompt"?'],
      [16, 13, 'expected an integer for judges of scorer "q2", got "three"'],
      [17, 18, 'invalid output_type of scorer "q2": "percent"', 'did you mean "percentage"?'],
    ],
  },
  {
    name: 'code-only and llm-only fields on the wrong scorer type',
    files: { ...FILES, 'galileo.yaml': yaml('version: 1', 'scorers:', '  c:', '    type: code', '    node_types: [trace]', '    file: length.py', '    model: GPT-4o mini') },
    problems: [[7, 5, 'field "model" does not apply to code scorer "c"']],
  },
  {
    name: 'thresholds on a scorer the experiment does not list, and a malformed comparison',
    files: withHead(
      'projects:',
      '  p:',
      '    experiments:',
      '      e:',
      '        dataset: qa',
      '        template: t',
      '        scorers: [quality]',
      '        thresholds:',
      '          length: { average: ">= 0.5" }', // 22
      '          quality: { average: "at least 0.8" }', // 23
      '    templates:',
      '      t: { template: "{{input}}" }',
    ),
    problems: [
      [22, 11, 'threshold on "length", which experiment "e" does not list in scorers', 'add length to scorers'],
      [23, 31, 'invalid threshold "at least 0.8"', '">= 0.8"'],
    ],
  },
  {
    name: 'flow B: a dataset without generated_output and no template',
    files: withHead('projects:', '  p:', '    experiments:', '      e:', '        dataset: qa'),
    problems: [[18, 18, 'dataset "qa" has no generated_output column to score', 'add template:']],
  },
  {
    name: 'files outside the manifest directory',
    files: withHead('  up:', '    file: ../outside.csv', '  abs:', '    file: /etc/galctl-test.csv'),
    problems: [
      [15, 11, 'file "../outside.csv" is outside the manifest\'s directory', '--allow-outside-files'],
      [17, 11, 'file "/etc/galctl-test.csv" is outside the manifest\'s directory'],
    ],
  },
  {
    name: 'keys that are not valid names, and a missing version',
    files: { 'galileo.yaml': yaml('projects:', '  "my project": {}', '  ok: {}') },
    problems: [
      [1, 1, 'the manifest has no version', 'version: 1'],
      [2, 3, 'invalid key "my project" in projects', 'name:'],
    ],
  },
  {
    name: 'an unsupported version',
    files: { 'galileo.yaml': yaml('version: 2') },
    problems: [[1, 10, 'unsupported manifest version 2', 'version: 1']],
  },
  {
    name: 'an empty manifest',
    files: { 'galileo.yaml': '# nothing yet\n' },
    problems: [[1, 1, 'the manifest is empty', 'version: 1']],
  },
];

describe('manifest rules', () => {
  it.each(cases)('$name', async ({ files, env, problems }) => {
    const dir = fixtureDir(files);
    const result = await loadManifest('galileo.yaml', { cwd: dir, env: env ?? {} });
    const got = result.problems.map((p) => `${p.line}:${p.col} ${p.message} | ${p.hint ?? ''}`);
    expect(got, got.join('\n')).toHaveLength(problems.length);
    problems.forEach(([line, col, message, hint], i) => {
      const p = result.problems[i]!;
      expect(`${p.line}:${p.col}`, got[i]).toBe(`${line}:${col}`);
      expect(p.message).toContain(message);
      if (hint !== undefined) expect(p.hint).toContain(hint);
    });
    if (problems.length === 0) expect(result.desired).toBeDefined();
    else expect(result.desired).toBeUndefined();
  });

  it('names the file each problem is in: the manifest, or the referenced file relative to cwd', async () => {
    const dir = fixtureDir({ 'galileo.yaml': yaml('version: 1', 'datasets:', '  a: { file: data/a.csv }', '  b: { file: nope.csv }'), 'data/a.csv': 'input,ground_truth\nq,a\n' });
    const { problems } = await loadManifest('galileo.yaml', { cwd: dir, env: {} });
    expect(problems.map((p) => p.file)).toEqual(['data/a.csv', 'galileo.yaml']);
  });

  it('never echoes the value of a secret-looking variable', async () => {
    const dir = fixtureDir({ ...FILES, 'galileo.yaml': yaml(...HEAD.slice(0, 6), '    judges: ${MY_TOKEN}') });
    const { problems } = await loadManifest('galileo.yaml', { cwd: dir, env: { MY_TOKEN: 'hunter2-secret' } });
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toBe('expected an integer for judges of scorer "quality", got a value from a secret variable');
    expect(JSON.stringify(problems)).not.toContain('hunter2');
  });

  it('never prints the value of an API key field', async () => {
    const dir = fixtureDir({ 'galileo.yaml': yaml('version: 1', 'apiKey: sk-live-999') });
    const { problems } = await loadManifest('galileo.yaml', { cwd: dir, env: {} });
    expect(problems.map((p) => p.message)).toEqual(['field "apiKey" holds an API key: secrets come from the environment (GALILEO_API_KEY)']);
    expect(JSON.stringify(problems)).not.toContain('sk-live-999');
  });
});
