import { readdirSync, existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, spawnCli } from '../helpers/run-cli.js';
import { fixtureDir, GOOD_PY, yaml } from '../manifest/fixture-dir.js';
import { declaredCounts } from '../helpers/declared-counts.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const EXAMPLE_OK = 'galileo.yaml.example: OK (1 project, 2 scorers, 1 dataset, 1 template, 1 log stream, 2 experiments)\n';

/** Output that could only come from an uncaught exception. */
const STACK = /\n\s+at .+:\d+:\d+|internal error|TypeError|RangeError/;

describe('galctl validate', () => {
  it('prints one OK line with counts per kind for galileo.yaml.example and exits 0', async () => {
    const r = await runCli(['validate', '-f', 'galileo.yaml.example'], { cwd: ROOT });
    expect(r).toEqual({ code: 0, stdout: EXAMPLE_OK, stderr: '' });
  });

  const examples = readdirSync(path.join(ROOT, 'examples')).filter((d) => existsSync(path.join(ROOT, 'examples', d, 'galileo.yaml')));
  it('has an example per flow', () => {
    expect(examples).toEqual(expect.arrayContaining(['prompt-template', 'pre-generated-outputs', 'raw-traces', 'log-stream-monitoring']));
  });
  it.each(examples)('examples/%s/galileo.yaml validates', async (name) => {
    // examples/production's integration reads its token from the environment: a dummy value here
    const r = await runCli(['validate', '-f', `examples/${name}/galileo.yaml`], { cwd: ROOT, env: { OPENAI_API_KEY: 'sk-example-dummy' } });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^examples/${name}/galileo\\.yaml: OK \\(.+\\)\\n$`));
  });

  it('reads ./galileo.yaml by default', async () => {
    const dir = fixtureDir({ 'galileo.yaml': yaml('version: 1', 'projects:', '  p: {}') });
    const r = await runCli(['validate'], { cwd: dir });
    expect(r).toEqual({ code: 0, stdout: 'galileo.yaml: OK (1 project)\n', stderr: '' });
  });

  it('reports a missing manifest as a located problem with a hint', async () => {
    const dir = fixtureDir({});
    const r = await runCli(['validate'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('galileo.yaml:1:1: manifest file not found: galileo.yaml\n  hint: pass the manifest with -f path/to/galileo.yaml (the default is ./galileo.yaml)\n1 problem in galileo.yaml\n');
  });

  const FIVE_MISTAKES = yaml(
    'version: 1',
    'scorers:',
    '  quality:', // 3: no node_types
    '    type: llm',
    '    prompt: "Rate {output}"',
    '  length: { type: code, node_types: [trace], file: length.py }',
    'projects:',
    '  demo:',
    '    description: ${TEAM_DESCRIPTION}', // 9: unset variable
    '    templates:',
    '      t: { template: "Q: {input}" }', // 11: single braces
    '    experiments:',
    '      e:',
    '        dataset: missing', // 14: dangling dataset
    '        template: t',
    '        scorers: [length, preset:toxicity]', // 16: unknown preset
  );

  it('reports five different mistakes as five located problems with hints, and exits 1', async () => {
    const dir = fixtureDir({ 'galileo.yaml': FIVE_MISTAKES, 'length.py': GOOD_PY });
    const r = await runCli(['validate'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    const located = lines.filter((l) => /^galileo\.yaml:\d+:\d+: /.test(l));
    const hints = lines.filter((l) => l.startsWith('  hint: '));
    expect(located).toEqual([
      'galileo.yaml:3:3: scorer "quality" has no node_types: custom scorers without scoreable_node_types are silently skipped on raw traces',
      'galileo.yaml:9:18: environment variable TEAM_DESCRIPTION is not set',
      'galileo.yaml:11:26: template "t" uses {input}: templates are Mustache and need double braces',
      'galileo.yaml:14:18: dataset "missing" is not defined',
      'galileo.yaml:16:27: unknown preset scorer "toxicity"',
    ]);
    expect(hints).toHaveLength(5);
    expect(hints[4]).toBe('  hint: did you mean preset:input_toxicity, preset:input_toxicity_luna, preset:output_toxicity, preset:output_toxicity_luna?');
    expect(lines[lines.length - 1]).toBe('5 problems in galileo.yaml');
  });

  it('--format json prints the problems as JSON', async () => {
    const dir = fixtureDir({ 'galileo.yaml': FIVE_MISTAKES, 'length.py': GOOD_PY });
    const r = await runCli(['validate', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { ok: boolean; file: string; problems: { file: string; line: number; col: number; code: string; message: string; hint: string }[] };
    expect(out.ok).toBe(false);
    expect(out.file).toBe('galileo.yaml');
    expect(out.problems[3]).toEqual({ file: 'galileo.yaml', line: 14, col: 18, code: 'dangling-ref', message: 'dataset "missing" is not defined', hint: 'add it under datasets:' });
  });

  it('--format json on a valid manifest gives ok and counts', async () => {
    const r = await runCli(['validate', '-f', 'galileo.yaml.example', '--format', 'json'], { cwd: ROOT });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ ok: true, file: 'galileo.yaml.example', counts: declaredCounts({ project: 1, scorer: 2, dataset: 1, template: 1, log_stream: 1, experiment: 2 }), problems: [] });
  });

  it('rejects an unknown --format', async () => {
    const r = await runCli(['validate', '--format', 'xml'], { cwd: ROOT });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('unknown format "xml"');
  });

  const garbage: [string, string | Buffer][] = [
    ['binary', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x00, 0xff, 0xfe])],
    ['an empty file', ''],
    ['10k-deep flow nesting', `version: 1\nprojects: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`],
    ['10k-deep flow maps', `x: ${'{a: '.repeat(10_000)}1${'}'.repeat(10_000)}\n`],
    ['deep block nesting', Array.from({ length: 600 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n')],
    ['10k compact sequences', `${'- '.repeat(10_000)}x\n`],
    ['tabs', 'version: 1\nprojects:\n\tp:\n\t\tname: x\n'],
    ['an alias bomb', ['a: &a [x, x, x, x, x, x, x, x, x]', 'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]', 'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]', 'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]', 'e: [*d, *d, *d, *d, *d, *d, *d, *d, *d]'].join('\n')],
    ['a list at the top', '- version: 1\n'],
    ['a scalar at the top', 'hello\n'],
    ['two documents', 'version: 1\n---\nversion: 1\n'],
    ['an unclosed flow', 'version: 1\nprojects: {p: [\n'],
    ['invalid UTF-8', Buffer.from([0x76, 0x3a, 0x20, 0xc3, 0x28, 0x0a])],
    ['6 MB of text', `version: 1\n# ${'x'.repeat(6 * 1024 * 1024)}\n`],
  ];
  it.each(garbage)('never prints a stack trace for %s', async (_name, content) => {
    const dir = fixtureDir({ 'galileo.yaml': content });
    const r = await runCli(['validate'], { cwd: dir, env: { GALCTL_DEBUG: '' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^galileo\.yaml:\d+:\d+: .+\n {2}hint: /);
    expect(r.stderr + r.stdout).not.toMatch(STACK);
  });

  it('a directory given as the manifest is a located problem', async () => {
    const dir = fixtureDir({ 'sub/x': '' });
    const r = await runCli(['validate', '-f', 'sub'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('sub:1:1: sub is a directory, not a manifest file');
  });

  it('the built binary validates galileo.yaml.example (needs npm run build)', async () => {
    const r = await spawnCli(['validate', '-f', 'galileo.yaml.example'], { cwd: ROOT });
    expect(r.stdout).toBe(EXAMPLE_OK);
    expect(r.code).toBe(0);
  });
});

describe('galctl validate --format github|gitlab', () => {
  const bad = (): string => fixtureDir({ 'galileo.yaml': yaml('version: 1', 'projects:', '  p:', '    experiments:', '      e: {dataset: nope}') });

  it('github: ::error commands on stdout, the summary on stderr, exit 1; the default under GITHUB_ACTIONS=true', async () => {
    const dir = bad();
    const explicit = await runCli(['validate', '--format', 'github'], { cwd: dir });
    expect(explicit.code).toBe(1);
    expect(explicit.stdout).toMatch(/^::error file=galileo\.yaml,line=\d+,col=\d+,title=galctl [a-z-]+::.+\n/);
    expect(explicit.stderr).toMatch(/problems? in galileo\.yaml\n$/);
    const byDefault = await runCli(['validate'], { cwd: dir, env: { GITHUB_ACTIONS: 'true' } });
    expect(byDefault).toEqual(explicit);
    expect((await runCli(['validate'], { cwd: dir })).stdout).toBe('');
    const ok = await runCli(['validate', '-f', 'galileo.yaml.example'], { cwd: ROOT, env: { GITHUB_ACTIONS: 'true' } });
    expect(ok).toEqual({ code: 0, stdout: EXAMPLE_OK, stderr: '' });
  });

  it('gitlab: a code-quality report on stdout, or in --out with the problems as text on stderr', async () => {
    const dir = bad();
    const r = await runCli(['validate', '--format', 'gitlab'], { cwd: dir });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.length).toBeGreaterThan(0);
    expect(report[0]).toMatchObject({ severity: 'major', location: { path: 'galileo.yaml', lines: { begin: expect.any(Number) } } });
    const toFile = await runCli(['validate', '--format', 'gitlab', '--out', 'gl-code-quality.json'], { cwd: dir });
    expect(toFile.code).toBe(1);
    expect(toFile.stdout).toBe('');
    expect(toFile.stderr).toMatch(/^galileo\.yaml:\d+:\d+: /);
    expect(JSON.parse(readFileSync(path.join(dir, 'gl-code-quality.json'), 'utf8'))).toEqual(report);
    const ok = await runCli(['validate', '-f', 'galileo.yaml.example', '--format', 'gitlab'], { cwd: ROOT });
    expect(ok).toEqual({ code: 0, stdout: '[]\n', stderr: '' });
    expect((await runCli(['validate', '--format', 'github', '--out', 'x'], { cwd: dir })).stderr).toContain('--out needs --format json or --format gitlab');
  });
});
