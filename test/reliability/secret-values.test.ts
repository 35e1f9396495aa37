import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../src/sim/start-simulator.js';
import { copyExampleWorkspace } from '../helpers/example-workspace.js';
import { filesUnder } from '../helpers/files-under.js';
import { runCli, type CliResult } from '../helpers/run-cli.js';
import { SimClient } from '../sim/sim-client.js';
import { sendJson, sendText, startHostileProxy, type HostileProxy } from './hostile-proxy.js';

// A canary API key and a canary ${MY_TOKEN} value through every command and format, with a server that echoes
// both back in 2xx bodies and in errors, JSON-escaped (\u0067…, \/), URL-encoded, in base64 and mixed. Neither may
// reach stdout, stderr or any file written; what is sent to Galileo stays the real value.

const KEY = 'glk_SECRET/canary+7b2e94c0a1';
const TOKEN = 'tok_CANARY/3d9f+1a7e5c';

const uEscape = (s: string): string => [...s].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
const base64 = (s: string): string => Buffer.from(s).toString('base64');
/** every encoded form the server uses, by marker; a marker in a stored name is swapped for its form on the way out */
function forms(secret: string, tag: string): Record<string, string> {
  return {
    [`@@${tag}1@@`]: uEscape(secret),
    [`@@${tag}2@@`]: secret.replace(/\//g, '\\/'),
    [`@@${tag}3@@`]: encodeURIComponent(secret),
    [`@@${tag}4@@`]: base64(secret),
    [`@@${tag}5@@`]: `${uEscape(secret.slice(0, 5))}${encodeURIComponent(secret.slice(5))}`,
    [`@@${tag}6@@`]: `id-${base64(`x${secret}`)}`,
  };
}
const ENCODED = { ...forms(KEY, 'K'), ...forms(TOKEN, 'T') };
/** what must never be printed or written: the values, and what the encoded forms read as once decoded */
const LEAKS = [KEY, TOKEN, encodeURIComponent(KEY), encodeURIComponent(TOKEN), base64(KEY).slice(0, 30), base64(TOKEN).slice(0, 24), base64(`x${KEY}`).slice(4, 30), encodeURIComponent(KEY.slice(5))];

let sim: SimulatorHandle;
let proxy: HostileProxy;
let work: string;
const outputs: { what: string; r: CliResult }[] = [];

beforeAll(async () => {
  sim = await startSimulator({ port: 0, apiKey: KEY, jobStepMs: 5 });
  proxy = await startHostileProxy(sim.url);
  work = await copyExampleWorkspace('secret-values');
  const manifest = path.join(work, 'galileo.yaml');
  writeFileSync(
    manifest,
    readFileSync(manifest, 'utf8')
      // a named stack: the tests plan with --prune to list the hand-made objects that echo the secrets
      .replace('version: 1\n', 'version: 1\nstack: secret-values\n')
      .replace('description: Capital-city questions, evaluated with galctl.', 'description: "Owned by ${MY_TOKEN}"')
      .replace('Answer the following question concisely.', 'Answer concisely (auth ${MY_TOKEN}).')
      .replace('Rate how well the output', 'Rate (${MY_TOKEN}) how well the output'),
  );
});
afterAll(async () => {
  await proxy.close();
  await sim.close();
  rmSync(work, { recursive: true, force: true });
});

async function run(what: string, argv: string[]): Promise<CliResult> {
  const r = await runCli(argv, { cwd: work, env: { GALILEO_API_KEY: KEY, GALILEO_API_URL: proxy.url, MY_TOKEN: TOKEN } });
  outputs.push({ what, r });
  return r;
}

/** 2xx JSON from the simulator with each marker swapped for its encoded form (a stored name echoes the secrets) */
function echoEncoded(): void {
  proxy.setHostility((c, res) => {
    if (c.status < 200 || c.status >= 300 || !Object.keys(ENCODED).some((m) => c.text.includes(m))) return false;
    let text = c.text;
    for (const [marker, form] of Object.entries(ENCODED)) text = text.split(marker).join(form);
    return sendText(res, c.status, text, 'application/json');
  });
}

describe('secret values are masked everywhere', () => {
  it('plan, saved plan, apply, check, export and errors never print or write the key or ${MY_TOKEN}', async () => {
    expect((await run('validate', ['validate'])).code).toBe(0);
    const first = await run('plan', ['plan', '--detailed-exitcode']);
    expect(first.code).toBe(2);
    expect(first.stdout).toContain('description: "Owned by <redacted>"');
    await run('plan json', ['plan', '--format', 'json']);
    await run('plan markdown', ['plan', '--format', 'markdown']);
    expect((await run('plan --out', ['plan', '--out', 'plan.json'])).code).toBe(0);
    expect(readFileSync(path.join(work, 'plan.json'), 'utf8')).toContain('Owned by <redacted>');

    // the saved plan holds the masked value; apply re-loads the manifest and sends the real one
    const applied = await run('apply saved plan', ['apply', 'plan.json', '--auto-approve']);
    expect(applied.code, applied.stderr).toBe(0);
    const state = await (await fetch(`${sim.url}/__sim/state`)).text();
    expect(state).toContain(`Owned by ${TOKEN}`);
    expect(state).toContain(`Answer concisely (auth ${TOKEN})`);

    // objects whose names echo both secrets, encoded, in 2xx bodies: unmanaged in the plan, in export
    const api = new SimClient(sim.url, KEY);
    const project = ((await api.ok('GET', '/projects/all')) as { id: string; name: string }[]).find((p) => p.name === 'galctl-demo')!;
    for (const marker of Object.keys(ENCODED)) await api.ok('POST', `/projects/${project.id}/log_streams`, { name: `echo ${marker}` });
    echoEncoded();
    const echoed = await run('plan, names echo the secrets', ['plan', '--prune']);
    expect(echoed.code, echoed.stderr).toBe(0);
    expect(echoed.stdout).toContain('log_stream "echo <redacted>"');
    await run('plan json, names echo the secrets', ['plan', '--prune', '--format', 'json']);
    await run('plan markdown, names echo the secrets', ['plan', '--prune', '--format', 'markdown']);

    // a change whose before (live) value holds the token: the diff shows it masked
    writeFileSync(path.join(work, 'galileo.yaml'), readFileSync(path.join(work, 'galileo.yaml'), 'utf8').replace('Answer concisely (auth', 'Answer briefly (auth'));
    const changed = await run('apply, diff with the token', ['apply', '--auto-approve']);
    expect(changed.code, changed.stderr).toBe(0);
    expect(changed.stdout).toContain('Answer briefly (auth <redacted>)');
    writeFileSync(path.join(work, 'galileo.yaml'), readFileSync(path.join(work, 'galileo.yaml'), 'utf8').replace('Answer briefly (auth', 'Answer shortly (auth'));
    expect((await run('apply json', ['apply', '--auto-approve', '--format', 'json'])).code).toBe(0);

    await run('check json', ['check', '--format', 'json']);
    await run('check markdown', ['check', '--format', 'markdown']);
    await run('check junit', ['check', '--format', 'junit', '--out', 'report.xml']);
    const exported = await run('export', ['export', '-o', 'exported']);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stderr).toMatch(/warning: exported\/galileo\.yaml has a secret value masked as <redacted>/);

    // errors: a 422 echoing both, and a 200 that is not JSON echoing them in base64 and URL-encoded
    proxy.setHostility((c, res) =>
      c.method === 'POST' && c.path === '/scorers'
        ? sendJson(res, 422, { detail: [{ msg: `key ${KEY} and ${TOKEN} may not`, input: { k: base64(KEY), t: encodeURIComponent(TOKEN) } }] })
        : false,
    );
    writeFileSync(path.join(work, 'galileo.yaml'), readFileSync(path.join(work, 'galileo.yaml'), 'utf8').replace('  response-length:', '  echo-me:\n    type: llm\n    node_types: [llm]\n    output_type: boolean\n    model: GPT-4o mini\n    prompt: "Is it fine? {output}"\n  response-length:'));
    const rejected = await run('apply, error echoes both', ['apply', '--auto-approve']);
    expect(rejected.code).toBe(1);
    expect(rejected.stdout + rejected.stderr).toContain('key <redacted> and <redacted> may not');
    const rawEcho = `<html>${uEscape(KEY)} ${base64(TOKEN)} ${encodeURIComponent(KEY)}</html>`;
    proxy.setHostility((c, res) => (c.path === '/scorers/list' ? sendText(res, 200, rawEcho) : false));
    const notJson = await run('plan, a 200 that is not JSON', ['plan']);
    expect(notJson.code).toBe(1);
    expect(notJson.stderr).toMatch(/response is not JSON: <redacted>/);
    proxy.setHostility(undefined);

    expect(outputs.length).toBeGreaterThan(15);
    for (const { what, r } of outputs) {
      for (const leak of LEAKS) {
        expect(r.stdout.includes(leak), `${what}: stdout has ${leak}`).toBe(false);
        expect(r.stderr.includes(leak), `${what}: stderr has ${leak}`).toBe(false);
      }
    }
    const files = filesUnder(work);
    expect(files.map((f) => path.relative(work, f))).toEqual(expect.arrayContaining(['plan.json', 'report.xml', path.join('exported', 'galileo.yaml')]));
    for (const f of files) for (const leak of LEAKS) expect(readFileSync(f, 'utf8').includes(leak), `${path.relative(work, f)} has ${leak}`).toBe(false);
  });
});
