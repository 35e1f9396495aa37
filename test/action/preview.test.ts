import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { previewStep } from '../../src/action/preview-step.js';
import { readInputs } from '../../src/action/inputs.js';
import { runAction } from '../../src/action/run-action.js';
import { startSimulator, type SimulatorHandle } from '../../src/sim/start-simulator.js';
import { copyExampleWorkspace } from '../helpers/example-workspace.js';
import { startGithubStub, type GithubStub } from '../helpers/github-stub.js';

// The action's preview mode (command: preview), run in-process from src/action (the committed bundle in
// action/dist is rebuilt by maintainers; action.test.ts runs that one), against the simulator and a stub GitHub API.

const KEY = 'sim-key-action-preview';
const TOKEN = 'ghs_previewstubtoken';
const PLAN_COMMENT = { id: 50, body: '<!-- galctl-plan -->\n### galctl plan\n', user: { type: 'Bot' } };

interface Result {
  code: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
}

const COMMIT = '0123456789abcdef0123456789abcdef01234567';

const prEvent = (action: string, headRepo = 'acme/evals'): unknown => ({
  action,
  number: 7,
  pull_request: { number: 7, head: { repo: { full_name: headRepo }, sha: COMMIT }, base: { repo: { full_name: 'acme/evals' } } },
});

/**
 * Runs the action in-process as the runner runs a step: INPUT_* and GITHUB_* env, fresh output and summary
 * files, the event payload; Galileo is the simulator, GitHub the stub.
 */
function actionRunner(ctx: () => { sim: SimulatorHandle; github: GithubStub; work: string; runner: string }) {
  let step = 0;
  return async (inputs: Record<string, string>, payload: unknown, extraEnv: Record<string, string> = {}): Promise<Result> => {
    const { sim, github, work, runner } = ctx();
    step += 1;
    const files = { output: path.join(runner, `output-${step}`), summary: path.join(runner, `summary-${step}`), event: path.join(runner, `event-${step}.json`) };
    await writeFile(files.output, '');
    await writeFile(files.summary, '');
    await writeFile(files.event, JSON.stringify(payload));
    let stdout = '';
    let stderr = '';
    const code = await runAction({
      stdout: (t) => void (stdout += t),
      stderr: (t) => void (stderr += t),
      cwd: work,
      signal: new AbortController().signal,
      env: {
        GITHUB_ACTIONS: 'true',
        GITHUB_OUTPUT: files.output,
        GITHUB_STEP_SUMMARY: files.summary,
        GITHUB_EVENT_PATH: files.event,
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_REPOSITORY: 'acme/evals',
        GITHUB_SHA: COMMIT,
        GITHUB_API_URL: github.url,
        GITHUB_TOKEN: TOKEN,
        GALILEO_API_KEY: KEY,
        GALILEO_API_URL: sim.url,
        ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.replace(/-/g, '_').toUpperCase()}`, v])),
        ...extraEnv,
      },
    });
    const outputs = Object.fromEntries(
      (await readFile(files.output, 'utf8')).split('\n').filter((l) => l !== '').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    expect(`${stdout}${stderr}`).not.toContain(KEY);
    return { code, stdout, stderr, outputs, summary: await readFile(files.summary, 'utf8') };
  };
}

describe('the action, command: preview, on pull request events', () => {
  let sim: SimulatorHandle;
  let github: GithubStub;
  let work: string;
  let runner: string;

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, apiKey: KEY, recordRequests: true });
    work = await copyExampleWorkspace('action-preview');
    runner = await mkdtemp(path.join(tmpdir(), 'galctl-runner-preview-'));
  });
  beforeEach(async () => {
    await github?.close();
    github = await startGithubStub({ token: TOKEN, repository: 'acme/evals', number: 7, initial: [{ ...PLAN_COMMENT }] });
  });
  afterAll(async () => {
    await sim?.close();
    await github?.close();
    for (const dir of [work, runner]) if (dir) await rm(dir, { recursive: true, force: true });
  });

  const event = prEvent;
  const run = actionRunner(() => ({ sim, github, work, runner }));

  it('a fork pull request: a notice, exit 0, nothing run, no comment, no Galileo request', async () => {
    for (const action of ['synchronize', 'closed']) {
      const before = sim.requests().length;
      const r = await run({ command: 'preview' }, event(action, 'someone/evals-fork'));
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(
        '::notice title=galctl preview::previews need secrets; fork PRs are planned by maintainers (pull request #7 comes from a fork, which GitHub gives no secrets): no preview\n',
      );
      expect(r.outputs).toEqual({ exitcode: '0', 'has-changes': 'false', 'preview-id': '' });
      expect(r.summary).toMatch(/^### galctl preview skipped\n\npreviews need secrets; fork PRs are planned by maintainers/);
      expect(github.requests).toEqual([]);
      expect(sim.requests().length).toBe(before);
    }
  });

  it('no GALILEO_API_KEY (a fork or Dependabot pull request): a warning that says why, exit 0, nothing run', async () => {
    const r = await run({ command: 'preview' }, event('opened'), { GALILEO_API_KEY: '' });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^::warning title=galctl preview::previews need secrets; fork PRs are planned by maintainers: GALILEO_API_KEY is not set/);
    expect(r.stdout.split('\n').filter((l) => l !== '')).toHaveLength(1);
    expect(r.outputs['exitcode']).toBe('0');
    expect(github.requests).toEqual([]);
  });

  it('a closed pull request destroys its preview (pr-<number>), and leaves the comment alone', async () => {
    const r = await run({ command: 'preview', 'max-judge-calls': '50' }, event('closed'));
    expect(r.stdout).toContain('galctl: pull request #7 closed: galctl preview --destroy --id pr-7\n');
    expect(r.outputs['preview-id']).toBe('pr-7');
    expect(r.outputs['exitcode']).toBe(String(r.code));
    expect(r.summary).toMatch(/^### galctl preview --destroy (succeeded|failed)/);
    expect(github.requests).toEqual([]);
    expect(github.comments).toEqual([PLAN_COMMENT]);
  });

  it('a push to the pull request: ONE sticky comment, the preview replacing the plan comment; plan then takes it back', async () => {
    const r = await run({ command: 'preview', 'preview-id': 'pr-7-main' }, event('synchronize'));
    expect(r.outputs['preview-id']).toBe('pr-7-main');
    expect(r.outputs['exitcode']).toBe(String(r.code));
    expect(github.requests).toEqual(['GET /repos/acme/evals/issues/7/comments', `PATCH /repos/acme/evals/issues/comments/${PLAN_COMMENT.id}`]);
    expect(github.comments).toHaveLength(1);
    expect(github.comments[0]!.body.startsWith('<!-- galctl-preview -->\n')).toBe(true);
    expect(github.comments[0]!.body).not.toContain('<!-- galctl-plan -->');
    expect(r.stdout).toContain('updated the preview comment on pull request #7');
    expect(r.summary).toMatch(/galctl preview/);
    expect(`${r.stdout}${r.stderr}${r.summary}${github.comments[0]!.body}`).not.toContain(KEY);

    github.requests.length = 0;
    const plan = await run({ command: 'plan' }, event('synchronize'));
    expect(plan.code).toBe(0);
    expect(github.requests).toEqual(['GET /repos/acme/evals/issues/7/comments', `PATCH /repos/acme/evals/issues/comments/${PLAN_COMMENT.id}`]);
    expect(github.comments).toHaveLength(1);
    expect(github.comments[0]!.body.startsWith('<!-- galctl-plan -->\n### galctl plan\n')).toBe(true);
  });

  it('bad preview inputs fail before anything runs, each naming the input', async () => {
    const cases: [Record<string, string>, unknown, RegExp][] = [
      [{ command: 'preview', 'max-judge-calls': 'lots' }, event('opened'), /input max-judge-calls must be a whole number, not "lots"/],
      [{ command: 'preview' }, { ref: 'refs/heads/main' }, /command preview outside a pull request needs the input preview-id/],
    ];
    for (const [inputs, payload, message] of cases) {
      const before = sim.requests().length;
      const r = await run(inputs, payload);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(new RegExp(`^::error title=galctl action::${message.source}`));
      expect(r.outputs).toEqual({ exitcode: '1', 'has-changes': 'false' });
      expect(sim.requests().length).toBe(before);
    }
    expect(github.requests).toEqual([]);
  });
});

/** A small manifest: one template, one LLM scorer a live log stream uses too, one experiment with a max_drop gate. */
function manifest(template: string): string {
  return [
    'version: 1',
    'stack: acme',
    'scorers:',
    '  quality:',
    '    type: llm',
    '    node_types: [llm]',
    '    output_type: percentage',
    '    judges: 1',
    '    prompt: "Rate the answer. Input: {input} Output: {output}"',
    'datasets:',
    '  qa:',
    '    rows:',
    ...Array.from({ length: 6 }, (_, i) => `      - { input: "What is ${i + 1} times 7?", output: "${(i + 1) * 7}" }`),
    'projects:',
    '  reg:',
    '    templates:',
    `      careful: { template: "${template}", settings: { model_alias: GPT-4o mini } }`,
    '    log_streams:',
    '      production:',
    '        scorers: [quality]',
    '    experiments:',
    '      v1:',
    '        dataset: qa',
    '        template: careful',
    '        prompt_settings: { model_alias: GPT-4o mini }',
    '        scorers: [quality]',
    '        thresholds:',
    '          quality: { max_drop: 0.05 }',
    '',
  ].join('\n');
}

interface SimState {
  templates: { id: string; name: string; versions: unknown[]; selected_version: number }[];
  runs: { id: string; name: string; tags?: { key: string; value: string }[] }[];
  scorers: { id: string; name: string }[];
  datasets: { id: string; name: string }[];
  projects: { id: string; name: string }[];
}

describe('the action previews a pull request end to end (galctl preview against the simulator), then destroys it on close', () => {
  let sim: SimulatorHandle;
  let github: GithubStub;
  let work: string;
  let runner: string;
  const run = actionRunner(() => ({ sim, github, work, runner }));
  const state = async (): Promise<SimState> => (await (await fetch(`${sim.url}/__sim/state?kinds=projects,scorers,datasets,templates,runs`)).json()) as SimState;
  const names = (s: SimState): string[] => [...s.projects, ...s.scorers, ...s.datasets, ...s.runs].map((o) => `${o.name}#${o.id}`).sort();

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, apiKey: KEY, jobStepMs: 10, metricsLagMs: 10 });
    github = await startGithubStub({ token: TOKEN, repository: 'acme/evals', number: 7, initial: [{ ...PLAN_COMMENT }] });
    work = await mkdtemp(path.join(tmpdir(), 'galctl-action-preview-e2e-'));
    runner = await mkdtemp(path.join(tmpdir(), 'galctl-runner-preview-e2e-'));
    await writeFile(path.join(work, 'galileo.yaml'), manifest('Answer with the number only. Question: {{input}}'));
    // main: applied and scored, as the push to main leaves it
    const applied = await run({ command: 'apply', comment: 'false', args: '--wait --timeout 2m' }, { ref: 'refs/heads/main' });
    expect(applied.code, applied.stdout).toBe(0);
  });
  afterAll(async () => {
    await sim?.close();
    await github?.close();
    for (const dir of [work, runner]) if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('a worse template: one preview run, main untouched, the one comment (plan + results), exit 3; closing destroys it', async () => {
    const before = await state();
    const mainTemplate = before.templates.find((t) => t.name === 'careful')!;
    await writeFile(path.join(work, 'galileo.yaml'), manifest('Say something nice, in one word.'));

    const r = await run({ command: 'preview', 'max-judge-calls': '100', args: '--timeout 2m' }, prEvent('synchronize'));
    expect(r.code, r.stdout + r.stderr).toBe(3);
    expect(r.outputs).toEqual({ exitcode: '3', 'has-changes': 'false', 'preview-id': 'pr-7' });
    // the plan comment became the preview comment: one comment, edited in place
    expect(github.requests).toEqual(['GET /repos/acme/evals/issues/7/comments', `PATCH /repos/acme/evals/issues/comments/${PLAN_COMMENT.id}`]);
    expect(github.comments).toHaveLength(1);
    const body = github.comments[0]!.body;
    expect(body.split('\n')[0]).toBe('<!-- galctl-preview -->');
    expect(body).toContain('pr-7');
    expect(body.indexOf('What will change on merge')).toBeGreaterThan(0);
    expect(body.indexOf('How the changed experiments scored against main')).toBeGreaterThan(body.indexOf('What will change on merge'));
    expect(r.summary).toBe(body);

    const after = await state();
    const newRuns = after.runs.filter((x) => !before.runs.some((b) => b.id === x.id));
    expect(newRuns.map((x) => x.name)).toEqual([expect.stringMatching(/^v1 \[preview pr-7 0123456\] · /)]);
    expect(after.templates.find((t) => t.id === mainTemplate.id)!.selected_version).toBe(mainTemplate.selected_version);

    // closed: the action runs galctl preview --destroy --id pr-7; what the preview made is gone, the comment stays
    github.requests.length = 0;
    const closed = await run({ command: 'preview' }, prEvent('closed'));
    expect(closed.code, closed.stdout + closed.stderr).toBe(0);
    expect(closed.stdout).toContain('galctl: pull request #7 closed: galctl preview --destroy --id pr-7\n');
    expect(closed.summary).toMatch(/^### galctl preview --destroy succeeded \(exit 0\)/);
    expect(github.requests).toEqual([]);
    expect(names(await state())).toEqual(names(before));
  });
});

describe('previewStep: the galctl command the action runs for preview', () => {
  const env = { GALILEO_API_KEY: 'k' };
  const inputs = (over: Record<string, string>) => readInputs({ INPUT_COMMAND: 'preview', ...Object.fromEntries(Object.entries(over).map(([k, v]) => [`INPUT_${k}`, v])) });
  const pr = (action: string) => ({ number: 12, action, fromFork: false });

  it('a pull request push: preview pr-<number>, markdown, waiting for scoring, capped, then the extra args', () => {
    expect(previewStep(inputs({ MAX_JUDGE_CALLS: '300', ARGS: '--timeout 30m', MANIFEST: 'evals/galileo.yaml' }), pr('synchronize'), env)).toEqual({
      kind: 'run',
      id: 'pr-12',
      argv: ['preview', '-f', 'evals/galileo.yaml', '--id', 'pr-12', '--format', 'markdown', '--wait', '--max-judge-calls', '300', '--timeout', '30m'],
    });
    expect(previewStep(inputs({}), pr('opened'), env)).toMatchObject({ argv: ['preview', '-f', 'galileo.yaml', '--id', 'pr-12', '--format', 'markdown', '--wait'] });
  });

  it('closed (merged or not): destroy, by the same id, without the preview-only args', () => {
    expect(previewStep(inputs({ MAX_JUDGE_CALLS: '300', ARGS: '--timeout 30m' }), pr('closed'), env)).toEqual({
      kind: 'destroy',
      id: 'pr-12',
      argv: ['preview', '--destroy', '--id', 'pr-12', '-f', 'galileo.yaml'],
    });
    expect(previewStep(inputs({ PREVIEW_ID: 'feature-x' }), pr('closed'), env)).toMatchObject({ id: 'feature-x' });
  });

  it('outside a pull request, with preview-id: previews under that id', () => {
    expect(previewStep(inputs({ PREVIEW_ID: 'nightly' }), undefined, env)).toMatchObject({ kind: 'run', id: 'nightly' });
  });

  it('a fork skips even with a key in the environment', () => {
    expect(previewStep(inputs({}), { number: 3, action: 'opened', fromFork: true }, env)).toMatchObject({ kind: 'skip', level: 'notice' });
  });
});
