import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../src/cli/commands/index.js';
import { startSimulator, type SimulatorHandle } from '../../src/sim/start-simulator.js';
import { filesUnder } from '../helpers/files-under.js';
import { runCli, spawnCli, type CliResult } from '../helpers/run-cli.js';
import { sendJson, startHostileProxy } from './hostile-proxy.js';

// An e2e pass of every command with a distinctive fake key and GALCTL_DEBUG=http: the key must not appear in any
// stdout, stderr or file written (plan files, reports, exports), also when the server echoes it back or rejects it.
// And plain http:// to anything but loopback is refused by every command that talks to Galileo.

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const KEY = 'glk_SECRET_canary_9f3a7c21d4e8b6';
const WRONG_KEY = 'glk_SECRET_canary_wrong_51c0e2';

let sim: SimulatorHandle;
let work: string;
const outputs: { what: string; r: CliResult }[] = [];
beforeAll(async () => {
  sim = await startSimulator({ port: 0, apiKey: KEY, jobStepMs: 5 });
  work = mkdtempSync(path.join(tmpdir(), 'galctl-secrets-'));
  cpSync(path.join(ROOT, 'galileo.yaml.example'), path.join(work, 'galileo.yaml'));
  cpSync(path.join(ROOT, 'examples', 'quickstart'), path.join(work, 'examples', 'quickstart'), { recursive: true });
});
afterAll(async () => {
  await sim.close();
  rmSync(work, { recursive: true, force: true });
});

const env = (extra: Record<string, string> = {}): Record<string, string> => ({ GALILEO_API_KEY: KEY, GALILEO_API_URL: sim.url, GALCTL_DEBUG: 'http', ...extra });
async function run(what: string, argv: string[], extra: Record<string, string> = {}): Promise<CliResult> {
  const r = await runCli(argv, { cwd: work, env: env(extra) });
  outputs.push({ what, r });
  return r;
}

describe('the API key never leaks', () => {
  it('an e2e pass of every command with GALCTL_DEBUG=http writes the key nowhere', async () => {
    expect((await run('validate', ['validate'])).code).toBe(0);
    expect((await run('plan', ['plan', '--detailed-exitcode'])).code).toBe(2);
    expect((await run('plan --out', ['plan', '--format', 'json', '--out', 'plan.json'])).code).toBe(0);
    expect((await run('plan markdown', ['plan', '--format', 'markdown', '--stats'])).code).toBe(0);
    expect((await run('apply saved plan', ['apply', 'plan.json', '--auto-approve', '--stats'])).code).toBe(0);
    writeFileSync(path.join(work, 'galileo.yaml'), readFileSync(path.join(work, 'galileo.yaml'), 'utf8').replace('Rate how well', 'Judge how well'));
    expect((await run('apply json', ['apply', '--auto-approve', '--format', 'json'])).code).toBe(0);
    expect((await run('re-plan', ['plan', '--detailed-exitcode'])).code).toBe(0);
    await run('check junit', ['check', '--format', 'junit', '--out', 'report.xml']);
    await run('check json', ['check', '--format', 'json']);
    expect((await run('export', ['export', '-o', 'exported'])).code).toBe(0);
    await run('wrong key', ['plan'], { GALILEO_API_KEY: WRONG_KEY });
    await run('demo', ['demo', '--no-color']);

    // the server echoes the key back in an error body during apply
    const proxy = await startHostileProxy(sim.url);
    try {
      proxy.setHostility((c, res) => (c.method === 'POST' && /^\/scorers$/.test(c.path) ? sendJson(res, 422, { detail: `key ${KEY} may not create scorers` }) : false));
      writeFileSync(path.join(work, 'galileo.yaml'), readFileSync(path.join(work, 'galileo.yaml'), 'utf8').replace('  response-length:', '  echo-me:\n    type: llm\n    node_types: [llm]\n    output_type: boolean\n    model: GPT-4o mini\n    prompt: "Is it fine? {output}"\n  response-length:'));
      const echoed = await run('apply, key echoed in 422', ['apply', '--auto-approve'], { GALILEO_API_URL: proxy.url });
      expect(echoed.code).toBe(1);
      expect(echoed.stdout + echoed.stderr).toContain('<redacted> may not create scorers');
    } finally {
      await proxy.close();
    }

    const bin = await spawnCli(['plan', '--stats'], { cwd: work, env: env(), timeoutMs: 30_000 });
    outputs.push({ what: 'binary plan', r: bin });

    const debugLines = outputs.flatMap((o) => o.r.stderr.split('\n')).filter((l) => l.startsWith('debug: http '));
    expect(debugLines.length).toBeGreaterThan(20);
    expect(bin.stderr).toMatch(/^debug: http POST \/projects\/paginated 200 \d+ms$/m);
    for (const { what, r } of outputs) {
      for (const key of [KEY, WRONG_KEY]) {
        expect(r.stdout.includes(key), `${what}: stdout`).toBe(false);
        expect(r.stderr.includes(key), `${what}: stderr`).toBe(false);
      }
    }
    const files = filesUnder(work);
    expect(files.map((f) => path.relative(work, f))).toEqual(expect.arrayContaining(['plan.json', 'report.xml', path.join('exported', 'galileo.yaml')]));
    for (const f of files) expect(readFileSync(f).includes(KEY), `${path.relative(work, f)} contains the key`).toBe(false);
    expect(statSync(path.join(work, 'plan.json')).mode & 0o777).toBe(0o600);
  });
});

describe('plain http:// to a host that is not loopback', () => {
  // commands that work offline (demo runs its own simulator in-process); every other one talks to Galileo
  const offline = new Set(['demo', 'sim', 'validate', 'init', 'schema', 'completion']);
  const talking = Object.keys(commands).filter((n) => !offline.has(n));
  it('every command that talks to Galileo has --api-url and --insecure', async () => {
    expect(talking).toEqual(expect.arrayContaining(['plan', 'apply', 'check', 'export']));
    for (const name of talking) {
      const command = await (commands[name] as () => Promise<{ options: Record<string, unknown> }>)();
      expect(Object.keys(command.options), name).toEqual(expect.arrayContaining(['api-url', 'insecure']));
    }
  });

  it.each(['plan', 'apply', 'check', 'export'])('%s refuses it (flag, GALILEO_API_URL and GALILEO_CONSOLE_URL)', async (name) => {
    const extra = name === 'apply' ? ['--auto-approve'] : name === 'export' ? ['-o', path.join(work, `x-${name}`)] : [];
    const refusals = [
      await runCli([name, ...extra, '--api-url', 'http://galileo.example.com'], { cwd: work, env: { GALILEO_API_KEY: KEY } }),
      await runCli([name, ...extra], { cwd: work, env: { GALILEO_API_KEY: KEY, GALILEO_API_URL: 'http://10.1.2.3:8088' } }),
      await runCli([name, ...extra], { cwd: work, env: { GALILEO_API_KEY: KEY, GALILEO_CONSOLE_URL: 'http://console.example.com' } }),
    ];
    for (const r of refusals) {
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^error: refusing to send the API key over plain http to [\w.:-]+\n {2}hint: use an https:\/\/ URL, or pass --insecure/);
      expect(r.stderr).not.toContain(KEY);
    }
  });
});
