import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimStateDump } from '../../src/sim/start-simulator.js';
import { spawnCli } from '../helpers/run-cli.js';

// Issue 19's "done when", through the built CLI against the simulator over loopback.
const KEY = 'sim-secret-0d1f2a';
const ROWS = 50;
const FAILING_ROW = 7;
const SPANS_ROW = 3;

/** The application: counts its calls in calls.log, writes its environment to env.json, fails row 7, reports spans for row 3. */
const APP = `import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
let text = '';
for await (const chunk of process.stdin) text += chunk;
const row = JSON.parse(text);
appendFileSync('calls.log', row.input + '\\n');
writeFileSync('env.json', JSON.stringify(process.env));
const stopAt = Number(process.env.STOP_AT ?? 0);
// Ctrl-C on galctl (its parent) at the STOP_AT-th call: a kill at a point of the run's progress
// (once: the first call to see the count reached creates the marker file; calls run concurrently)
if (stopAt > 0 && readFileSync('calls.log', 'utf8').split('\\n').filter(Boolean).length >= stopAt && !existsSync('stopped')) {
  try { writeFileSync('stopped', '', { flag: 'wx' }); process.kill(process.ppid, 'SIGINT'); } catch {}
}
if (row.input.includes('FAIL')) { process.stderr.write('cannot answer this one'); process.exit(3); }
if (row.input.includes('SPANS')) {
  process.stdout.write(JSON.stringify({ output: 'answered with spans', metadata: { model: 'local' }, spans: [
    { type: 'retriever', name: 'docs', input: 'refunds', output: ['refunds take 5 days'] },
    { type: 'llm', name: 'compose', input: row.input, output: 'answered with spans', model: 'local-model' },
  ] }));
  process.exit(0);
}
process.stdout.write('answer to ' + row.input + '\\n');
`;

function question(i: number): string {
  return `question ${i}${i === FAILING_ROW ? ' FAIL' : ''}${i === SPANS_ROW ? ' SPANS' : ''}`;
}

describe('runner experiments through the CLI (issue 19)', () => {
  let sim: Awaited<ReturnType<typeof startSimulator>>;
  let dir: string;
  const cli = (argv: string[], extra: Record<string, string> = {}) =>
    spawnCli(argv, { cwd: dir, env: { GALILEO_API_KEY: KEY, GALILEO_API_URL: sim.url, ...extra }, timeoutMs: 120_000 });
  const calls = (): string[] => readFileSync(path.join(dir, 'calls.log'), 'utf8').split('\n').filter(Boolean);
  const resetCalls = (): void => writeFileSync(path.join(dir, 'calls.log'), '');
  /** the runs of the experiment, newest last */
  const runs = (): SimStateDump['runs'] => sim.state().runs.filter((r) => r.kind === 'experiment' && r.name.startsWith('app-answers'));
  const inputsOf = (run: SimStateDump['runs'][number]): string[] => run.traces.map((t) => String(t.record['input']));

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, apiKey: KEY });
    dir = await mkdtemp(path.join(tmpdir(), 'galctl-runner-e2e-'));
    await mkdir(path.join(dir, 'app'));
    writeFileSync(path.join(dir, 'app', 'app.mjs'), APP);
    writeFileSync(path.join(dir, 'rows.csv'), `input,output\n${Array.from({ length: ROWS }, (_, i) => `${question(i)},expected ${i}`).join('\n')}\n`);
    writeFileSync(
      path.join(dir, 'galileo.yaml'),
      `version: 1
datasets:
  questions:
    file: rows.csv
projects:
  runner-e2e:
    experiments:
      app-answers:
        dataset: questions
        runner:
          command: [${JSON.stringify(process.execPath)}, app/app.mjs]
          inputs: ["app/*.mjs"]
          concurrency: 4
          timeout: 20s
`,
    );
    resetCalls();
  });
  afterAll(async () => sim?.close());

  it('ingests one trace per row, the failed row recorded with its error and counted, the spans an app reports kept', async () => {
    const plan = await cli(['plan']);
    expect(plan.stdout).toContain(`# estimate: ${ROWS} rows, 0 judge calls, 0 generation calls, ${ROWS} application calls`);
    expect(plan.stdout).toContain(`> ${ROWS} new traces from runner`);
    const r = await cli(['apply', '--auto-approve']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`ingested ${ROWS} traces into project.runner-e2e.experiment.app-answers (${ROWS} rows answered by the application, 1 failed)`);
    expect(calls().length).toBe(ROWS);
    const [run] = runs();
    expect(run?.traces.length).toBe(ROWS);
    const failed = run!.traces.filter((t) => t.record['status_code'] !== 200);
    expect(failed.map((t) => [t.record['input'], t.record['status_code'], String(t.record['output']).startsWith('Error: ')])).toEqual([[question(FAILING_ROW), 500, true]]);
    expect(String(failed[0]!.record['output'])).toContain('cannot answer this one');
    const withSpans = run!.traces.find((t) => t.record['input'] === question(SPANS_ROW));
    expect(withSpans?.record['output']).toBe('answered with spans');
    expect(JSON.stringify(withSpans?.spans)).toContain('refunds take 5 days');
    expect(withSpans?.spans.map((s) => [s['type'], s['name']])).toEqual([
      ['retriever', 'docs'],
      ['llm', 'compose'],
    ]);
  });

  it("keeps the Galileo key out of the application's environment (the rest of the user's environment reaches it)", () => {
    const text = readFileSync(path.join(dir, 'env.json'), 'utf8');
    expect(text).not.toContain(KEY);
    const env = JSON.parse(text) as Record<string, string>;
    expect(env['GALILEO_API_KEY']).toBeUndefined();
    expect(env['GALILEO_API_URL']).toBe(sim.url);
  });

  it('re-plans nothing for an unchanged application, and a re-apply calls it for no row', async () => {
    resetCalls();
    const plan = await cli(['plan', '--detailed-exitcode']);
    expect(plan.stdout).toContain('No changes.');
    expect(plan.code).toBe(0);
    const r = await cli(['apply', '--auto-approve']);
    expect(r.code).toBe(0);
    expect(calls()).toEqual([]);
    expect(runs().length).toBe(1);
  });

  it('plans exactly one new run naming the edited input file', async () => {
    appendFileSync(path.join(dir, 'app', 'app.mjs'), '// a change to the application\n');
    const plan = await cli(['plan']);
    expect(plan.stdout.match(/ new run$/gm)?.length).toBe(1);
    expect(plan.stdout).toContain('# new run: app/app.mjs changed');
  });

  it('an apply stopped by Ctrl-C keeps what was answered, and the next one calls only the missing rows', async () => {
    resetCalls();
    const stopped = await cli(['apply', '--auto-approve'], { STOP_AT: '20' });
    expect(stopped.code).toBe(130);
    const first = calls();
    expect(first.length).toBeGreaterThanOrEqual(20);
    expect(first.length).toBeLessThan(ROWS);
    expect(runs().length).toBe(2);
    const kept = inputsOf(runs()[1]!);
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThanOrEqual(first.length);

    resetCalls();
    const resumed = await cli(['apply', '--auto-approve']);
    expect(resumed.code).toBe(0);
    const second = calls();
    // only the rows the run did not hold were called again, each once
    expect(second.filter((q) => kept.includes(q))).toEqual([]);
    expect(second.length).toBe(ROWS - kept.length);
    expect(new Set(inputsOf(runs()[1]!)).size).toBe(ROWS);
    expect(runs().length).toBe(2);
  });

  it('--max-rows calls the application for the first N rows only', async () => {
    appendFileSync(path.join(dir, 'app', 'app.mjs'), '// another change\n');
    resetCalls();
    const r = await cli(['apply', '--auto-approve', '--max-rows', '5']);
    expect(r.code).toBe(0);
    expect(calls().sort()).toEqual([0, 1, 2, 3, 4].map(question).sort());
    expect(inputsOf(runs()[2]!).length).toBe(5);
  });

  it('export leaves the runner experiment out and says why', async () => {
    const r = await cli(['export', '-o', 'exported']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('experiment "app-answers · ');
    expect(r.stderr).toContain('is a runner experiment');
    const manifest = readFileSync(path.join(dir, 'exported', 'galileo.yaml'), 'utf8');
    expect(manifest).toContain('runner-e2e');
    expect(manifest).not.toContain('app-answers');
  });
});
