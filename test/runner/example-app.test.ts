import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseDatasetText } from '../../src/manifest/parse-dataset.js';
import { checkRunner } from '../../src/runner/check-runner.js';
import { resolveRunner, type RunnerSpec } from '../../src/runner/resolve-runner.js';
import { runRow } from '../../src/runner/run-row.js';
import { runnerEnv } from '../../src/runner/runner-env.js';
import { runnerInputsHash } from '../../src/runner/runner-inputs-hash.js';
import { ROOT } from '../helpers/example-workspace.js';
import { loadManifest } from '../../src/manifest/load-manifest.js';

const DIR = path.join(ROOT, 'examples', 'app-runner');
const manifest = parse(readFileSync(path.join(DIR, 'galileo.yaml'), 'utf8')) as {
  projects: { 'support-app': { experiments: Record<string, { runner: RunnerSpec } & Record<string, unknown>> } };
};
const experiments = manifest.projects['support-app'].experiments;
const dataset = parseDatasetText(readFileSync(path.join(DIR, 'datasets', 'refund-questions.csv'), 'utf8'), 'csv');
const rows = 'rows' in dataset ? dataset.rows : [];

describe('examples/app-runner', () => {
  it('its manifest loads without a problem, each runner resolved with its input files hashed', async () => {
    const loaded = await loadManifest(path.join(DIR, 'galileo.yaml'), { cwd: DIR, env: {} });
    expect(loaded.problems).toEqual([]);
    const runners = loaded.desired?.resources.flatMap((r) => (r.kind === 'experiment' && r.runner !== undefined ? [r.runner] : [])) ?? [];
    expect(runners.map((r) => [r.dir, r.settings.command?.[0], r.inputs?.files.map((f) => f.path).includes('app/answer.mjs')])).toEqual([
      [DIR, 'python3', false],
      [DIR, 'node', true],
    ]);
    for (const [key, e] of Object.entries(experiments)) expect(checkRunner(['projects', 'support-app', 'experiments', key], key, e)).toEqual([]);
  });

  it.each(Object.keys(experiments))('%s answers every row offline, citing the order number', async (key) => {
    const runner = resolveRunner(experiments[key]!.runner);
    const answers = await Promise.all(rows.map((row) => runRow(row, runner, { cwd: DIR, env: runnerEnv(process.env) })));
    expect(answers.map((a) => a.error)).toEqual(rows.map(() => undefined));
    expect(answers.map((a) => /\b\d{4}\b/.test(a.output))).toEqual([true, true, true, true, false]);
    expect(answers[0]?.output).toBe('Order 1001: refunded (24.99 USD, 2026-03-02).');
    const inputs = await runnerInputsHash(runner.inputs, DIR);
    expect(inputs.unmatched).toEqual([]);
    expect(inputs.files.map((f) => f.path)).toContain('app/orders.json');
  });

  it('the Python application reports its own spans', async () => {
    const r = await runRow(rows[1], resolveRunner(experiments['app-answers']!.runner), { cwd: DIR, env: runnerEnv(process.env) });
    expect(r.spans.map((s) => [s.type, s['name']])).toEqual([['retriever', 'order lookup'], ['llm', 'compose']]);
    expect(r.metadata).toEqual({ app: 'answer.py', order: '1002' });
  });
});
