import { appendFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../src/sim/start-simulator.js';
import { copyExampleWorkspace } from '../helpers/example-workspace.js';
import { runCli, type CliResult } from '../helpers/run-cli.js';
import { SimClient } from '../sim/sim-client.js';
import { sendJson, sendText, startHostileProxy, type HostileProxy } from './hostile-proxy.js';

// Remote text is untrusted: object names made by hand in Galileo, a live prompt, an API error's detail and a dataset
// file carry terminal escape codes (CSI, OSC 8 hyperlinks, the one-byte C1 CSI, bidi overrides) and markdown
// (backticks, links, images, HTML, an HTML comment spelling CI's marker). No output may carry a raw control
// character, and the markdown (the PR comment) may carry no link, image, HTML or comment that the text did not.

const KEY = 'glk_hostile_names_5e1f';
const HOSTILE = [
  'esc \u001b[31mred\u001b[0m',
  'csi \u009b2J c1',
  'osc \u001b]8;;http://evil.example/\u0007click\u001b]8;;\u0007',
  'bidi \u202eevil\u202c',
  'tick ``` `x` break',
  'link](http://evil.example) [y',
  'img ![a](http://evil.example/p.png)',
  'html <img src=x onerror=alert(1)>',
  'marker <!-- galctl-plan -->',
  'nl\nforged line\r',
];
/** what must not reach a terminal raw (a line break only as a line break) */
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const LIVE_PROMPT = `Rate ${HOSTILE.join(' | ')} how well`;

let sim: SimulatorHandle;
let proxy: HostileProxy;
let work: string;
const outputs: { what: string; r: CliResult; markdown?: boolean }[] = [];

beforeAll(async () => {
  sim = await startSimulator({ port: 0, apiKey: KEY, jobStepMs: 5 });
  proxy = await startHostileProxy(sim.url);
  work = await copyExampleWorkspace('hostile-names');
  // a named stack: the test plans with --prune to list the hand-made objects with hostile names
  const manifest = path.join(work, 'galileo.yaml');
  writeFileSync(manifest, readFileSync(manifest, 'utf8').replace('version: 1\n', 'version: 1\nstack: hostile-names\n'));
});
afterAll(async () => {
  await proxy.close();
  await sim.close();
  rmSync(work, { recursive: true, force: true });
});

async function run(what: string, argv: string[], markdown = false): Promise<CliResult> {
  const r = await runCli(argv, { cwd: work, env: { GALILEO_API_KEY: KEY, GALILEO_API_URL: proxy.url } });
  outputs.push({ what, r, markdown });
  return r;
}

/** markdown with its code blocks and code spans taken out: what GitHub reads as markdown and HTML */
function outsideCode(md: string): string {
  return md.replace(/^(`{3,})[^\n]*\n[\s\S]*?^\1\s*$/gm, '').replace(/(`+)[\s\S]*?\1/g, '');
}

describe('hostile names, prompts, messages and file contents', () => {
  it('reach no output with a raw control character, and inject nothing into the markdown', async () => {
    expect((await run('apply', ['apply', '--auto-approve'])).code).toBe(0);
    const api = new SimClient(sim.url, KEY);
    const project = ((await api.ok('GET', '/projects/all')) as { id: string; name: string }[]).find((p) => p.name === 'galctl-demo')!;
    for (const name of HOSTILE) await api.ok('POST', `/projects/${project.id}/log_streams`, { name });
    // the live scorer prompt holds all of them; a new dataset row too
    proxy.setHostility((c, res) => (c.status === 200 && c.text.includes('Rate how well') ? sendText(res, 200, c.text.split('Rate how well').join(JSON.stringify(LIVE_PROMPT).slice(1, -1)), 'application/json') : false));
    appendFileSync(path.join(work, 'examples/quickstart/datasets/capitals.csv'), `"${HOSTILE.join(' | ').replace(/"/g, '""')}",Paris\n`);

    const text = await run('plan text', ['plan', '--prune']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('log_stream "esc \\u001b[31mred\\u001b[0m"');
    expect(text.stdout).toContain('csi \\u009b2J c1');
    expect(text.stdout).toContain('bidi \\u202eevil\\u202c');
    const md = await run('plan markdown', ['plan', '--prune', '--format', 'markdown'], true);
    expect(md.stdout).toContain('- log_stream ````tick ``` `x` break```` in `galctl-demo`');
    await run('plan json', ['plan', '--prune', '--format', 'json']);

    // the API's error detail quotes them too
    proxy.setHostility((c, res) => (c.method === 'POST' && c.path === '/scorers' ? sendJson(res, 422, { detail: [{ msg: `name ${HOSTILE.join(' | ')} is not allowed` }] }) : false));
    writeFileSync(path.join(work, 'galileo.yaml'), readFileSync(path.join(work, 'galileo.yaml'), 'utf8').replace('  response-length:', '  echo-me:\n    type: llm\n    node_types: [llm]\n    output_type: boolean\n    model: GPT-4o mini\n    prompt: "Is it fine? {output}"\n  response-length:'));
    const failed = await run('apply, hostile error', ['apply', '--auto-approve', '--target', 'scorer.echo-me']);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain('esc \\u001b[31mred');
    proxy.setHostility(undefined);

    // experiments named with them, for check
    writeFileSync(path.join(work, 'galileo.yaml'), readFileSync(path.join(work, 'galileo.yaml'), 'utf8').replace('      prompt-eval:', `      prompt-eval:\n        name: ${JSON.stringify(`eval ${HOSTILE.slice(0, 9).join(' ')}`)}`));
    await run('check text', ['check']);
    await run('check markdown', ['check', '--format', 'markdown'], true);
    await run('check junit', ['check', '--format', 'junit']);

    for (const { what, r, markdown } of outputs) {
      expect(RAW_CONTROL.exec(r.stdout), `${what}: stdout`).toBeNull();
      expect(RAW_CONTROL.exec(r.stderr), `${what}: stderr`).toBeNull();
      if (!markdown) continue;
      expect(r.stdout, what).not.toContain('<!--');
      const prose = outsideCode(r.stdout);
      for (const injected of ['](', '<img', '![', '<a ']) expect(prose.includes(injected), `${what}: ${injected}`).toBe(false);
    }
    expect(outputs.filter((o) => o.markdown).every((o) => o.r.stdout.length > 100)).toBe(true);
  });
});
