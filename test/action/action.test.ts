import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startSimulator } from '../../src/sim/start-simulator.js';
import { readTraceIds } from '../../src/traces/read-trace-file.js';
import { copyExampleWorkspace, ROOT } from '../helpers/example-workspace.js';
import { startGithubStub } from '../helpers/github-stub.js';

const KEY = 'sim-key-action-1';
const TOKEN = 'ghs_stubtoken123';
// the committed bundle action.yml runs (npm run build:action), not dist/: the action installs and builds nothing
const BUNDLE_DIR = path.join(ROOT, 'action/dist');
const ENTRY = path.join(BUNDLE_DIR, 'main.js');

interface ActionResult {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
}

describe('the GitHub Action (action.yml → the committed bundle action/dist/main.js) against the simulator and a stub GitHub API', () => {
  let sim: { url: string; close(): Promise<void> };
  let github: Awaited<ReturnType<typeof startGithubStub>>;
  let work: string;
  let runner: string;

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, apiKey: KEY });
    // a person's comment quoting the marker: must be left alone
    github = await startGithubStub({ token: TOKEN, repository: 'acme/evals', number: 7, initial: [{ id: 1, body: 'see <!-- galctl-plan --> above', user: { type: 'User' } }] });
    work = await copyExampleWorkspace('action');
    runner = await mkdtemp(path.join(tmpdir(), 'galctl-runner-'));
    await writeFile(path.join(runner, 'event.json'), JSON.stringify({ action: 'synchronize', number: 7, pull_request: { number: 7 } }));
  });

  afterAll(async () => {
    await sim?.close();
    await github?.close();
    for (const dir of [work, runner]) if (dir) await rm(dir, { recursive: true, force: true });
  });

  let step = 0;
  /** Runs the entry as the runner does: INPUT_* env, fresh GITHUB_OUTPUT/GITHUB_STEP_SUMMARY files per step. */
  async function runAction(inputs: Record<string, string>, cwd = work): Promise<ActionResult> {
    step += 1;
    const output = path.join(runner, `output-${step}`);
    const summary = path.join(runner, `summary-${step}`);
    await writeFile(output, '');
    await writeFile(summary, '');
    const env: Record<string, string> = {
      PATH: process.env['PATH'] ?? '',
      GITHUB_ACTIONS: 'true',
      GITHUB_OUTPUT: output,
      GITHUB_STEP_SUMMARY: summary,
      GITHUB_EVENT_PATH: path.join(runner, 'event.json'),
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_REPOSITORY: 'acme/evals',
      GITHUB_API_URL: github.url,
      GITHUB_TOKEN: TOKEN,
      GALILEO_API_KEY: KEY,
      GALILEO_API_URL: sim.url,
      ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])),
    };
    const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [ENTRY], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.on('error', reject);
      child.on('close', (c) => resolve({ code: c, stdout: out, stderr: err }));
    });
    const outputs = Object.fromEntries(
      (await readFile(output, 'utf8')).split('\n').filter((l) => l !== '').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    return { code, stdout, stderr, outputs, summary: await readFile(summary, 'utf8') };
  }

  it('plan on a pull request: summary, outputs, one sticky comment posted, then updated in place', async () => {
    const first = await runAction({ command: 'plan', manifest: 'galileo.yaml', comment: 'true', summary: 'true' });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.outputs).toEqual({ exitcode: '2', 'has-changes': 'true' });
    expect(first.summary).toMatch(/^### galctl plan\n/);
    expect(first.summary).toContain('project.');
    expect(github.requests).toEqual(['GET /repos/acme/evals/issues/7/comments', 'POST /repos/acme/evals/issues/7/comments']);
    expect(github.comments).toHaveLength(2);
    const mine = github.comments[1]!;
    expect(mine.body.startsWith('<!-- galctl-plan -->\n### galctl plan\n')).toBe(true);
    expect(first.stdout).toContain('created the plan comment on pull request #7');

    // the second push: the same comment, edited; no new one
    github.requests.length = 0;
    await writeFile(path.join(work, 'galileo.yaml'), `${readFileSync(path.join(work, 'galileo.yaml'), 'utf8')}\n# edited\n`);
    const second = await runAction({ command: 'plan', manifest: 'galileo.yaml' });
    expect(second.code).toBe(0);
    expect(github.requests).toEqual(['GET /repos/acme/evals/issues/7/comments', `PATCH /repos/acme/evals/issues/comments/${mine.id}`]);
    expect(github.comments).toHaveLength(2);
    expect(github.comments[0]!.body).toBe('see <!-- galctl-plan --> above');
    expect(second.stdout).toContain('updated the plan comment on pull request #7');
    expect(`${first.stdout}${second.stdout}${first.summary}${mine.body}`).not.toContain(TOKEN);
  });

  it('apply, then plan: no changes, has-changes=false; comment: false posts nothing', async () => {
    const apply = await runAction({ command: 'apply', comment: 'false', args: '--wait --timeout 5m' });
    expect(apply.code).toBe(0);
    expect(apply.outputs).toEqual({ exitcode: '0', 'has-changes': 'false' });
    expect(apply.summary).toMatch(/^### galctl apply succeeded \(exit 0\)\n/);
    github.requests.length = 0;
    const plan = await runAction({ command: 'plan', comment: 'false', summary: 'false' });
    expect(plan.code).toBe(0);
    expect(plan.outputs).toEqual({ exitcode: '0', 'has-changes': 'false' });
    expect(plan.summary).toBe('');
    expect(github.requests).toEqual([]);
  });

  it('check (after apply --wait): the threshold table in the summary, the JUnit report in the junit path', async () => {
    const r = await runAction({ command: 'check', junit: 'galctl-check.xml' });
    expect(r.summary).toMatch(/^### galctl check/);
    expect(r.outputs['exitcode']).toBe(String(r.code));
    expect(readFileSync(path.join(work, 'galctl-check.xml'), 'utf8')).toMatch(/^<\?xml[\s\S]*<testsuites/);
  });

  it('a bad manifest: one ::error annotation per problem on its line, exitcode 1, the step fails', async () => {
    const bad = await mkdtemp(path.join(tmpdir(), 'galctl-action-bad-'));
    try {
      await writeFile(path.join(bad, 'galileo.yaml'), 'version: 1\nprojects:\n  p:\n    experiments:\n      e: {dataset: nope}\n');
      for (const command of ['validate', 'plan']) {
        const r = await runAction({ command, comment: 'false' }, bad);
        expect(r.code).toBe(1);
        expect(r.outputs).toEqual({ exitcode: '1', 'has-changes': 'false' });
        const annotations = r.stdout.split('\n').filter((l) => l.startsWith('::error '));
        expect(annotations.length).toBeGreaterThan(0);
        for (const a of annotations) expect(a).toMatch(/^::error file=galileo\.yaml,line=[1-5],col=\d+,title=galctl [a-z-]+::\S/);
        expect(r.summary).toMatch(new RegExp(`^### galctl ${command} failed \\(exit 1\\)`));
        expect(r.summary).toMatch(/\ngalileo\.yaml:\d+:\d+: /);
        expect(r.summary).not.toContain('::error');
      }
    } finally {
      await rm(bad, { recursive: true, force: true });
    }
  });

  it('bad args and an unknown command fail clearly, with exitcode 1', async () => {
    const validateArgs = await runAction({ command: 'validate', args: '--no-such-flag' });
    expect(validateArgs.code).toBe(1);
    expect(validateArgs.stderr).toContain('no-such-flag');
    const unknown = await runAction({ command: 'destroy' });
    expect(unknown.code).toBe(1);
    expect(unknown.stdout).toContain('unknown command "destroy"');
  });

  it('a manifest with a large trace file: the bundle derives the trace ids (its worker thread) and plans them', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'galctl-action-traces-'));
    try {
      // over 1 MB, so deriveTraceIds starts its worker: from the bundle, action/dist/trace-ids-worker.js
      const lines = Array.from({ length: 4000 }, (_, i) => JSON.stringify({ input: `question ${i} ${'x'.repeat(240)}`, output: `answer ${i}` }));
      await writeFile(path.join(dir, 'big.jsonl'), `${lines.join('\n')}\n`);
      await writeFile(
        path.join(dir, 'galileo.yaml'),
        'version: 1\nprojects:\n  bundle-traces:\n    experiments:\n      replay:\n        traces: big.jsonl\n',
      );
      const r = await runAction({ command: 'plan', comment: 'false' }, dir);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.outputs).toEqual({ exitcode: '2', 'has-changes': 'true' });
      expect(r.summary).toContain('4000');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('action.yml', () => {
  const action = parse(readFileSync(path.join(ROOT, 'action.yml'), 'utf8'));
  const run = action.runs.steps.find((s: { id?: string }) => s.id === 'galctl');

  it('passes every input the entry reads as INPUT_*, and runs the committed bundle of src/action/main.ts', () => {
    expect(Object.keys(action.inputs)).toEqual(['command', 'manifest', 'comment', 'summary', 'args', 'junit', 'preview-id', 'max-judge-calls', 'working-directory', 'github-token']);
    for (const name of ['command', 'manifest', 'comment', 'summary', 'args', 'junit', 'preview-id', 'max-judge-calls']) {
      expect(run.env[`INPUT_${name.replace(/-/g, '_').toUpperCase()}`]).toBe(`\${{ inputs.${name} }}`);
    }
    expect(run.env.GITHUB_TOKEN).toBe('${{ inputs.github-token }}');
    expect(run.run).toBe('node "$GITHUB_ACTION_PATH/action/dist/main.js"');
    expect(existsSync(path.join(ROOT, 'src/action/main.ts'))).toBe(true);
    expect(action.outputs.exitcode.value).toBe('${{ steps.galctl.outputs.exitcode }}');
    expect(action.outputs['preview-id'].value).toBe('${{ steps.galctl.outputs.preview-id }}');
  });

  it('installs nothing and builds nothing at use time: one step, node and the bundle', () => {
    expect(action.runs.steps).toHaveLength(1);
    expect(run.run).not.toMatch(/npm|npx|tsc/);
  });
});

describe('the committed bundle (action/dist)', () => {
  it('is up to date: npm run build:action into a temp dir gives the same bytes', async () => {
    const out = await mkdtemp(path.join(tmpdir(), 'galctl-bundle-'));
    try {
      execFileSync(process.execPath, [path.join(ROOT, 'scripts/build-action.mjs'), out], { cwd: ROOT, stdio: 'pipe' });
      const built = (await readdir(out)).sort();
      expect((await readdir(BUNDLE_DIR)).sort(), 'action/dist holds exactly what build:action writes').toEqual(built);
      for (const file of built) {
        const fresh = await readFile(path.join(out, file));
        const committed = existsSync(path.join(BUNDLE_DIR, file)) ? await readFile(path.join(BUNDLE_DIR, file)) : Buffer.alloc(0);
        expect(committed.equals(fresh), `action/dist/${file} is out of date: run npm run build:action and commit`).toBe(true);
      }
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });

  it('sits two directories below the package root, where its import.meta.url paths find package.json, schemas/, examples/', () => {
    const root = path.resolve(BUNDLE_DIR, '../..');
    expect(root).toBe(path.resolve(ROOT));
    for (const f of ['package.json', 'schemas/galileo.schema.json', 'examples/ci/github-actions.yml']) expect(existsSync(path.join(root, f))).toBe(true);
  });

  it('its worker (trace-ids-worker.js) derives the ids readTraceIds derives', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'galctl-bundle-worker-'));
    const worker = new Worker(path.join(BUNDLE_DIR, 'trace-ids-worker.js'));
    try {
      const file = path.join(dir, 't.jsonl');
      await writeFile(file, '{"input":"a","output":"b"}\n{"input":"a","output":"b"}\n{"id":"x-1","input":"c","output":"d"}\n');
      const reply = new Promise<{ job: number; ids?: string[] }>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      });
      worker.postMessage({ job: 3, file, idScope: 'scope' });
      expect(await reply).toEqual({ job: 3, ids: await readTraceIds(file, { idScope: 'scope' }) });
    } finally {
      await worker.terminate();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
