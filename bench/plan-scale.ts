/**
 * Request counts of a no-op `galctl plan` (issue 4): the example manifest, and a generated org of 500 scorers
 * (450 LLM, 50 code), 100 datasets and 20 projects (each with a template, a log stream and an experiment). Every
 * resource is first created in the simulator directly through the client (trace files ingested), then `galctl plan --stats` runs and
 * must report no changes.
 *
 *   npx tsc -p bench/tsconfig.json && ln -sfn ../../schemas bench/out/schemas   # the loader reads the schema beside src/
 *   node bench/out/bench/plan-scale.js [--scorers 500 --datasets 100 --projects 20]   # from the repository root
 *
 * Measured (simulator, no latency): example 13 requests; 500/100/20 → 258 requests (100 dataset version reads,
 * 50 code sources, 40 scorer settings, 3 per project, 6 scorer list pages, 2 more lists), 0 retries.
 */
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { main } from '../src/cli/main.js';
import type { Io } from '../src/cli/io.js';
import { createGalileoClient } from '../src/galileo/create-client.js';
import { loadManifest } from '../src/manifest/load-manifest.js';
import { startSimulator } from '../src/sim/start-simulator.js';
import { createWithTraces } from '../test/helpers/create-with-traces.js';

const { values } = parseArgs({
  options: {
    scorers: { type: 'string', default: '500' },
    datasets: { type: 'string', default: '100' },
    projects: { type: 'string', default: '20' },
  },
});

const KEY = 'bench-key';
/** run from the repository root */
const ROOT = process.cwd();

function generate(scorers: number, datasets: number, projects: number): string {
  const out = ['version: 1', 'scorers:'];
  const codeEvery = 10;
  for (let i = 0; i < scorers; i++) {
    const key = `scorer-${String(i).padStart(4, '0')}`;
    if (i % codeEvery === codeEvery - 1) {
      out.push(`  ${key}:`, '    type: code', '    node_types: [trace]', '    file: scorers/length.py');
    } else {
      out.push(
        `  ${key}:`,
        '    type: llm',
        '    node_types: [llm]',
        '    output_type: percentage',
        '    model: GPT-4o mini',
        '    prompt: |',
        `      Scorer ${i}: rate the answer from 0 to 1.`,
        '      Input: {input}',
        '      Output: {output}',
      );
    }
  }
  out.push('datasets:');
  for (let i = 0; i < datasets; i++) {
    out.push(`  dataset-${String(i).padStart(3, '0')}:`, '    rows:');
    for (let r = 0; r < 5; r++) out.push(`      - { input: "question ${i}.${r}", output: "answer ${i}.${r}" }`);
  }
  out.push('projects:');
  for (let p = 0; p < projects; p++) {
    const s = (n: number): string => `scorer-${String((p * 7 + n) % scorers).padStart(4, '0')}`;
    out.push(
      `  project-${String(p).padStart(2, '0')}:`,
      '    templates:',
      `      concise-${p}:`,   // template names are unique org-wide
      '        template: "Answer concisely: {{input}}"',
      '        settings: { model_alias: GPT-4o mini, temperature: 0 }',
      '        adopt: true   # created by the bench, not by apply',
      '    log_streams:',
      '      production:',
      `        scorers: [${s(0)}, ${s(1)}, preset:correctness]`,
      '        adopt: true',
      '    experiments:',
      '      nightly:',
      `        dataset: dataset-${String(p % datasets).padStart(3, '0')}`,
      `        template: concise-${p}`,
      `        scorers: [${s(2)}, ${s(3)}]`,
      '        adopt: true',
    );
  }
  return `${out.join('\n')}\n`;
}

async function plan(cwd: string, url: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    isTTY: false,
    stdinIsTTY: false,
    confirm: async () => false,
    env: { GALILEO_API_KEY: KEY, GALILEO_API_URL: url },
    cwd,
    signal: new AbortController().signal,
  };
  const code = await main(['plan', '-f', 'galileo.yaml', '--detailed-exitcode', '--stats'], io);
  return { code, stdout, stderr };
}

async function noOpPlan(title: string, dir: string): Promise<void> {
  const sim = await startSimulator({ port: 0, apiKey: KEY });
  const client = createGalileoClient({ apiUrl: sim.url, apiKey: KEY, minRetryDelayMs: 1, concurrency: 8 });
  try {
    const loaded = await loadManifest('galileo.yaml', { cwd: dir, env: {} });
    if (loaded.desired === undefined) throw new Error(`${title}: ${JSON.stringify(loaded.problems.slice(0, 3))}`);
    const started = Date.now();
    await createWithTraces(client, loaded.desired);
    const created = Date.now() - started;
    const r = await plan(dir, sim.url);
    process.stdout.write(`\n## ${title}: ${loaded.desired.resources.length} resources (created in ${created} ms)\n`);
    process.stdout.write(`exit ${r.code}; ${r.stdout.trim().split('\n').pop()}\n${r.stderr}`);
    if (r.code !== 0) process.stdout.write(r.stdout);
  } finally {
    await client.close();
    await sim.close();
  }
}

const scale = await mkdtemp(join(tmpdir(), 'galctl-bench-plan-'));
const example = await mkdtemp(join(tmpdir(), 'galctl-bench-example-'));
try {
  await cp(join(ROOT, 'examples'), join(example, 'examples'), { recursive: true });
  await cp(join(ROOT, 'galileo.yaml.example'), join(example, 'galileo.yaml'));
  await noOpPlan('galileo.yaml.example', example);

  await writeFile(join(scale, 'galileo.yaml'), generate(Number(values.scorers), Number(values.datasets), Number(values.projects)));
  await mkdir(join(scale, 'scorers'));
  await cp(join(ROOT, 'examples/quickstart/scorers/response_length.py'), join(scale, 'scorers/length.py'));
  await noOpPlan(`${values.scorers} scorers, ${values.datasets} datasets, ${values.projects} projects`, scale);
} finally {
  await rm(scale, { recursive: true, force: true });
  await rm(example, { recursive: true, force: true });
}
