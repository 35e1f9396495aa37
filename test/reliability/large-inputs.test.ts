import { execFileSync } from 'node:child_process';
import { symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, spawnCli } from '../helpers/run-cli.js';
import { fixtureDir, yaml } from '../manifest/fixture-dir.js';

// Inputs that once crashed or hung plan and apply: each is refused up front with a located, one-line problem.

const ENV = { GALILEO_API_KEY: 'glk_test' };
/** Nothing listens on port 9: a command that got as far as the API would say "cannot reach". */
const NO_API = ['--api-url', 'http://127.0.0.1:9'];

describe('special files given with -f or as a saved plan', () => {
  const specials = (): string => {
    const dir = fixtureDir({});
    execFileSync('mkfifo', [path.join(dir, 'galileo.yaml'), path.join(dir, 'plan.json')]);
    symlinkSync('/dev/urandom', path.join(dir, 'random.yaml'));
    symlinkSync('/dev/urandom', path.join(dir, 'random.json'));
    return dir;
  };

  // spawned, so that a hang is a timeout (SIGKILL) rather than a stuck test worker
  it.each([
    [['validate', '-f', 'galileo.yaml'], 'galileo.yaml:1:1: galileo.yaml is not a regular file (a pipe, socket or device)'],
    [['plan', '-f', 'galileo.yaml', ...NO_API], 'galileo.yaml:1:1: galileo.yaml is not a regular file'],
    [['plan', '-f', 'random.yaml', ...NO_API], 'random.yaml:1:1: random.yaml is not a regular file'],
    [['apply', 'plan.json', ...NO_API], 'error: plan.json is not a regular file (a pipe, socket or device)'],
    [['apply', '-f', 'random.json', ...NO_API], 'error: random.json is not a regular file'],
  ])('%j is refused without reading', async (argv, message) => {
    const r = await spawnCli([...argv, '--no-color'], { cwd: specials(), env: ENV, timeoutMs: 20_000 });
    expect(r.signal).toBeNull();
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(message);
  });
});

describe('a trace nested 5,000 spans deep', () => {
  it('plan reports the line instead of crashing with a RangeError', async () => {
    const leaf = JSON.stringify({ type: 'llm', input: [{ role: 'user', content: 'q' }], output: { role: 'assistant', content: 'a' } });
    const deep = `{"type":"trace","input":"q","output":"a","spans":[${'{"type":"workflow","spans":['.repeat(4999)}${leaf}${']}'.repeat(4999)}]}`;
    const ok = JSON.stringify({ input: 'q', output: 'a' });
    const dir = fixtureDir({
      'galileo.yaml': yaml('version: 1', 'projects:', '  p:', '    experiments:', '      e:', '        scorers: [preset:correctness]', '        traces: t.jsonl'),
      't.jsonl': `${ok}\n${deep}\n`,
    });
    const r = await runCli(['plan', '--no-color', ...NO_API], { cwd: dir, env: ENV });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('t.jsonl:2:1: the record nests objects and arrays more than 240 levels deep');
    expect(r.stderr).not.toMatch(/RangeError|Maximum call stack|cannot reach/);
  });
});

describe('a manifest of YAML aliases', () => {
  it('plan refuses an expansion 100 times the text at the alias that passes the cap', async () => {
    // every anchor is aliased 100 times, which the yaml package's per-anchor maxAliasCount allows
    const lines = ['version: 1', 'x-shared:'];
    for (let a = 0; a < 4; a += 1) lines.push(`  - &a${a} "${'y'.repeat(4500)}"`);
    for (let a = 0; a < 4; a += 1) for (let k = 0; k < 100; k += 1) lines.push(`  - *a${a}`);
    const dir = fixtureDir({ 'galileo.yaml': yaml(...lines) });
    const r = await runCli(['plan', '--no-color', ...NO_API], { cwd: dir, env: ENV });
    expect(r.code).toBe(1);
    // 4,501 per alias: 1,000,000 is passed at alias 223 (line 2 + 4 anchors + 223)
    expect(r.stderr).toContain('galileo.yaml:229:5: YAML aliases expand the manifest by more than 1,000,000 characters (passed at *a2)');
    expect(r.stderr).not.toMatch(/cannot reach/);
  });
});
