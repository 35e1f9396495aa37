import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../src/sim/start-simulator.js';
import { assertFreshBuild, spawnCli } from '../helpers/run-cli.js';

// A key with a character that cannot go in an HTTP header used to make apply, plan --detailed-exitcode and export
// print nothing and exit 0 having sent nothing (undici left the refused requests unsettled and the event loop
// emptied): a green CI run that did nothing (issue 14.1).

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const KEY = 'glk_header_test_key';

let sim: SimulatorHandle;
let work: string;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, apiKey: KEY });
  work = mkdtempSync(path.join(tmpdir(), 'galctl-key-'));
});
afterAll(async () => {
  await sim.close();
  rmSync(work, { recursive: true, force: true });
});

const BAD_KEYS: [string, string, RegExp][] = [
  ['a zero-width space', `glk_${'\u200b'}header_test_key`, /non-ASCII character \(U\+200B\) at position 5/],
  ['an embedded newline', `glk_header\ntest_key`, /line break \(U\+000A\) at position 11/],
  ['a control character', `glk_header\u0007test_key`, /control character \(U\+0007\) at position 11/],
  ['a space inside', `glk_header test_key`, /a space \(U\+0020\) at position 11/],
];
const COMMANDS: [string, string[]][] = [
  ['apply --auto-approve', ['apply', '-f', 'galileo.yaml.example', '--auto-approve']],
  ['plan --detailed-exitcode', ['plan', '-f', 'galileo.yaml.example', '--detailed-exitcode']],
  ['export', ['export', '--out', 'EXPORT_DIR']],
];

describe('an API key with a character that cannot go in a header', () => {
  for (const [what, key, message] of BAD_KEYS) {
    it.each(COMMANDS)(`${what}: %s fails with one line, exit 1, sends nothing, never prints the key`, async (_name, argv) => {
      const before = sim.stats().total;
      const r = await spawnCli(argv.map((a) => (a === 'EXPORT_DIR' ? path.join(work, 'out') : a)), { cwd: ROOT, env: { GALILEO_API_KEY: key, GALILEO_API_URL: sim.url } });
      expect(r.stderr).toMatch(/^error: GALILEO_API_KEY contains [^\n]+\n {2}hint: [^\n]+\n$/);
      expect(r.stderr).toMatch(message);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stdout + r.stderr).not.toContain('header_test');
      expect(sim.stats().total).toBe(before);
    });
  }
});

describe('a command whose work never settles', () => {
  it('exits 1 with one line, not 0 with nothing (the event loop emptied while main was pending)', async () => {
    // a command that waits on a promise nothing will ever settle, registered the way every command is
    assertFreshBuild();
    const script = `
      import { commands } from ${JSON.stringify(new URL('../../dist/cli/commands/index.js', import.meta.url).href)};
      import { run } from ${JSON.stringify(new URL('../../dist/cli/main.js', import.meta.url).href)};
      commands.stuck = async () => ({ name: 'stuck', summary: '', help: '', options: {}, run: () => new Promise(() => {}) });
      run(['stuck']);
    `;
    const r = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stderr }));
    });
    expect(r.stderr).toMatch(/^error: internal error: galctl stopped before the command finished[^\n]*\n {2}hint: [^\n]+\n$/);
    expect(r.code).toBe(1);
  });
});
