import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForRuns } from '../../src/engine/apply/wait-for-runs.js';
import { createGalileoClient, type GalileoClient } from '../../src/galileo/create-client.js';
import { startSimulator, type SimulatorHandle } from '../../src/sim/start-simulator.js';
import { createAndTrigger, EXPERIMENT, FLAKY_ERROR, gateManifest, loadDesired, writeManifest } from '../check/scored-experiment.js';
import { runCli } from '../helpers/run-cli.js';

const KEY = 'sim-key';
let sim: SimulatorHandle;
let client: GalileoClient;
const cleanups: (() => void)[] = [];

beforeAll(async () => {
  sim = await startSimulator({ jobStepMs: 10, scorerFailures: { flaky: FLAKY_ERROR } });
  client = createGalileoClient({ apiUrl: sim.url, apiKey: KEY });
  const m = writeManifest(gateManifest(''));
  cleanups.push(m.cleanup);
  const runs = await createAndTrigger(client, await loadDesired(m.file));
  await waitForRuns({ client, runs, timeoutMs: 30_000, pollMs: 10 });
});

afterAll(async () => {
  await client?.close();
  await sim?.close();
  for (const c of cleanups) c();
});

/** `galctl check` on the gate manifest with the given thresholds block (same remote resources every time). */
async function check(thresholds: string, args: string[] = []): Promise<{ code: number; stdout: string; stderr: string; dir: string }> {
  const m = writeManifest(gateManifest(thresholds));
  cleanups.push(m.cleanup);
  const res = await runCli(['check', '-f', m.file, ...args], { env: { GALILEO_API_URL: sim.url, GALILEO_API_KEY: KEY }, cwd: m.dir });
  expect(res.stdout + res.stderr).not.toContain(KEY);
  return { ...res, dir: m.dir };
}

describe('galctl check against the simulator', () => {
  it('loose thresholds pass: exit 0, a table with every threshold passing, the experiment without thresholds skipped', async () => {
    const res = await check([
      '          quality: { average: ">= 0.1", min: ">= 0", max: "<= 1" }',
      '          grounded: { share_true: ">= 0" }',
      '          preset:correctness: { average: "> 0.2" }',
    ].join('\n'));
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(new RegExp(`${EXPERIMENT.replace(/\./g, '\\.')}  \\(run "eval · [0-9a-f]{10}" in project "gate"\\)`));
    expect(res.stdout).toMatch(/pass\s+quality\s+average\s+0\.\d+\s+>= 0\.1/);
    expect(res.stdout).toMatch(/pass\s+grounded\s+share_true\s+[\d.]+\s+>= 0/);
    expect(res.stdout).toMatch(/pass\s+preset:correctness\s+average/);
    expect(res.stdout).not.toContain('FAIL');
    expect(res.stdout).toContain('project.gate.experiment.untested');
    expect(res.stdout).toContain('all 5 thresholds passed (1 experiment without thresholds skipped)');
  });

  it('a strict threshold fails: exit 3, the measured value and what it missed', async () => {
    const res = await check('          quality: { average: ">= 0.99" }');
    expect(res.code).toBe(3);
    expect(res.stdout).toMatch(/FAIL\s+quality\s+average\s+0\.\d+\s+>= 0\.99/);
    expect(res.stdout).toMatch(/average 0\.\d+ is not >= 0\.99/);
    expect(res.stdout).toContain('0 of 1 thresholds passed, 1 failed');
  });

  it('a scorer whose job errored fails with the job\'s own message, never passes silently', async () => {
    const res = await check('          flaky: { average: ">= 0" }');
    expect(res.code).toBe(3);
    expect(res.stdout).toMatch(/FAIL\s+flaky\s+average\s+-\s+>= 0/);
    expect(res.stdout.replace(/\s+/g, ' ')).toContain(`scorer job failed: ${FLAKY_ERROR}`);
  });

  it('--format junit --out writes XML with one testcase per threshold; the verdict goes to stderr', async () => {
    const res = await check([
      '          quality: { average: ">= 0.1", min: ">= 0.99" }',
      '          flaky: { average: ">= 0" }',
      '          grounded: { share_true: ">= 0" }',
    ].join('\n'), ['--format', 'junit', '--out', 'report.xml']);
    expect(res.code).toBe(3);
    expect(res.stdout).toBe('');
    expect(res.stderr).toMatch(/^check failed: 2\/4 thresholds passed; report written to report\.xml\n$/);
    const file = path.join(res.dir, 'report.xml');
    const xml = readFileSync(file, 'utf8');
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (n) => n === 'testcase' || n === 'testsuite' }).parse(xml);
    const cases = (doc.testsuites.testsuite as any[]).flatMap((s) => s.testcase as any[]);
    expect(cases.map((c) => [c['@name'], c.failure === undefined])).toEqual([
      ['quality average >= 0.1', true],
      ['quality min >= 0.99', false],
      ['flaky average >= 0', false],
      ['grounded share_true >= 0', true],
    ]);
    expect(cases[2].failure['@message']).toBe(`scorer job failed: ${FLAKY_ERROR}`);
    expect(statSync(file).mode & 0o777).toBe(0o644);
  });

  it('--format json and markdown carry the same verdict', async () => {
    const json = await check('          quality: { average: ">= 0.99" }', ['--format', 'json']);
    expect(json.code).toBe(3);
    const body = JSON.parse(json.stdout);
    expect(body.ok).toBe(false);
    expect(body.results).toEqual([expect.objectContaining({ experiment: EXPERIMENT, scorer: 'quality', metric: 'quality', field: 'average', passed: false })]);
    const md = await check('          quality: { average: ">= 0.1" }', ['--format', 'markdown']);
    expect(md.code).toBe(0);
    expect(md.stdout).toContain('✅ **all 1 threshold passed');
  });

  it('an experiment not in Galileo is an error (exit 1), not a failed threshold, with a hint to apply', async () => {
    const m = writeManifest(gateManifest('          quality: { average: ">= 0.1" }').replace('      eval:\n', '      eval-new:\n'));
    cleanups.push(m.cleanup);
    const res = await runCli(['check', '-f', m.file], { env: { GALILEO_API_URL: sim.url, GALILEO_API_KEY: KEY }, cwd: m.dir });
    expect(res.code).toBe(1);
    expect(res.stdout.replace(/\s+/g, ' ')).toMatch(/no run for the current inputs of project\.gate\.experiment\.eval-new \(run "eval-new · [0-9a-f]{10}" not found in project "gate"\): run galctl apply/);
    expect(res.stderr).toContain('error: no run for the current inputs of project.gate.experiment.eval-new: run galctl apply');
  });

  it('--experiment selects which experiments to check; an unknown address is an error', async () => {
    // eval-new does not exist: checking only eval passes, checking only eval-new is an error
    const text = gateManifest('          quality: { average: ">= 0.1" }');
    const both = text.replace('      untested:\n        dataset: qa\n', '      eval-new:\n        dataset: qa\n        scorers: [quality]\n        thresholds:\n          quality: { average: ">= 0.1" }\n      untested:\n        dataset: qa\n');
    const m = writeManifest(both);
    cleanups.push(m.cleanup);
    const env = { GALILEO_API_URL: sim.url, GALILEO_API_KEY: KEY };
    expect((await runCli(['check', '-f', m.file], { env, cwd: m.dir })).code).toBe(1);
    const one = await runCli(['check', '-f', m.file, '--experiment', EXPERIMENT], { env, cwd: m.dir });
    expect(one.code).toBe(0);
    expect(one.stdout).not.toContain('eval-new');
    const other = await runCli(['check', '-f', m.file, '--experiment', 'project.gate.experiment.eval-new', '--experiment', EXPERIMENT], { env, cwd: m.dir });
    expect(other.code).toBe(1);
    expect(other.stdout).toContain('eval-new');
    const unknown = await runCli(['check', '-f', m.file, '--experiment', 'project.gate.experiment.nope'], { env, cwd: m.dir });
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('--experiment "project.gate.experiment.nope" names no experiment of the manifest');
  });

  it('headers use the terminal width, not a fixed 100 columns', async () => {
    const long = `eval-${'x'.repeat(60)}`;
    const m = writeManifest(gateManifest('          quality: { average: ">= 0.1" }').replace('      eval:\n', `      ${long}:\n`));
    cleanups.push(m.cleanup);
    const env = { GALILEO_API_URL: sim.url, GALILEO_API_KEY: KEY };
    const header = `project.gate.experiment.${long}  (run "${long} · `;
    expect(header.length).toBeGreaterThan(100);
    const wide = await runCli(['check', '-f', m.file, '--no-color'], { env, cwd: m.dir, isTTY: true, columns: 240 });
    expect(wide.stdout).toContain(header);
    const ci = await runCli(['check', '-f', m.file], { env: { ...env, COLUMNS: '240' }, cwd: m.dir });
    expect(ci.stdout).toContain(header);
    const narrow = await runCli(['check', '-f', m.file, '--no-color'], { env, cwd: m.dir, isTTY: true, columns: 80 });
    expect(narrow.stdout).not.toContain(header);
    expect(narrow.stdout).toContain(header.slice(0, 79));
  });

  it('errors exit 1 with a message: bad format, invalid manifest, missing key, API unreachable', async () => {
    expect((await check('', ['--format', 'xml'])).code).toBe(1);
    expect((await check('', ['--format', 'xml'])).stderr).toMatch(/unknown format "xml"/);
    const bad = await check('          quality: { average: "about 0.8" }');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/invalid threshold/);
    const m = writeManifest(gateManifest('          quality: { average: ">= 0.1" }'));
    cleanups.push(m.cleanup);
    const noKey = await runCli(['check', '-f', m.file], { env: { GALILEO_API_URL: sim.url }, cwd: m.dir });
    expect(noKey.code).toBe(1);
    expect(noKey.stderr).toMatch(/GALILEO_API_KEY/);
    const down = await runCli(['check', '-f', m.file], { env: { GALILEO_API_URL: 'http://127.0.0.1:9', GALILEO_API_KEY: KEY }, cwd: m.dir });
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/^error: /);
    expect(down.stderr).not.toMatch(/\n\s+at /);
  });
});
