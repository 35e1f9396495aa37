import { mkdtempSync, readFileSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../src/sim/start-simulator.js';
import { runCli } from '../helpers/run-cli.js';
import { STACK } from './manifest-fuzzer.js';
import { sendEndless, sendJson, sendText, startHostileProxy, type HostileProxy, type Hostility } from './hostile-proxy.js';

// galctl plan (and apply) against an API that answers badly: the simulator behind a proxy that replaces one
// kind of response with missing fields, wrong types, HTML, an endless body or endless pagination. Each must end
// in one clear error line (exit 1) within the test timeout, never a stack trace, never the key, and never a
// half-written plan file.

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const KEY = 'glk_SECRET_canary_hostile_5b2e91';

let sim: SimulatorHandle;
let proxy: HostileProxy;
let work: string;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, apiKey: KEY, jobStepMs: 5 });
  const created = await runCli(['apply', '-f', 'galileo.yaml.example', '--auto-approve'], { cwd: ROOT, env: { GALILEO_API_KEY: KEY, GALILEO_API_URL: sim.url } });
  expect(created.code, created.stderr).toBe(0);
  proxy = await startHostileProxy(sim.url);
  work = mkdtempSync(path.join(tmpdir(), 'galctl-hostile-'));
});
afterAll(async () => {
  await proxy.close();
  await sim.close();
  rmSync(work, { recursive: true, force: true });
});

const isList = (p: string): boolean => /\/(paginated|list|query|search)$/.test(p);
/** The array fields of a list response. */
const arrayKeys = (body: unknown): string[] => (body !== null && typeof body === 'object' && !Array.isArray(body) ? Object.entries(body).filter(([, v]) => Array.isArray(v)).map(([k]) => k) : []);
const mapItems = (body: unknown, f: (item: unknown) => unknown): unknown => {
  const copy = { ...(body as Record<string, unknown>) };
  for (const k of arrayKeys(body)) copy[k] = (copy[k] as unknown[]).map(f);
  return copy;
};
const on = (route: RegExp, act: (ctx: Parameters<Hostility>[0], res: ServerResponse) => true | undefined): Hostility => (ctx, res) => route.test(`${ctx.method} ${ctx.path}`) && act(ctx, res) === true;

const CASES: [string, Hostility][] = [
  ['a list without its items field', on(/POST \/projects\/paginated$/, (c, res) => sendJson(res, 200, { ...(c.body as object), projects: undefined }))],
  ['list items with no fields', on(/POST \/scorers\/list$/, (c, res) => sendJson(res, 200, mapItems(c.body, () => ({}))))],
  ['list items with ids of the wrong type', on(/POST \/projects\/paginated$/, (c, res) => sendJson(res, 200, mapItems(c.body, (i) => ({ ...(i as object), id: 42, name: { x: 1 } }))))],
  ['items that are not objects', on(/POST \/datasets\/query$/, (c, res) => sendJson(res, 200, mapItems(c.body, () => 'dataset')))],
  ['the items field a string', on(/POST \/scorers\/list$/, (c, res) => sendJson(res, 200, { ...(c.body as object), scorers: 'none' }))],
  ['a JSON array instead of an object', on(/POST \/datasets\/query$/, (_c, res) => sendJson(res, 200, [1, 2, 3]))],
  ['JSON null', on(/POST \/projects\/paginated$/, (_c, res) => sendText(res, 200, 'null', 'application/json'))],
  ['templates with versions of the wrong shape', on(/GET \/projects\/[^/]+\/templates$/, (c, res) => sendJson(res, 200, Array.isArray(c.body) ? c.body.map((t) => ({ ...(t as object), selected_version: 'v1', all_versions: 7 })) : c.body))],
  ['a code scorer version without code', on(/\/version\/code$/, (_c, res) => sendJson(res, 200, {}))],
  ['a trace count that is not a number', on(/\/traces\/count$/, (_c, res) => sendJson(res, 200, { total_count: 'many' }))],
  ['an HTML page with status 200', on(/POST \/scorers\/list$/, (_c, res) => sendText(res, 200, '<!doctype html><html><head><title>Galileo</title></head><body>Sign in</body></html>'))],
  ['an HTML 502 from a load balancer', on(/POST \/datasets\/query$/, (_c, res) => sendText(res, 502, '<html><body><h1>502 Bad Gateway</h1>nginx</body></html>'))],
  ['an endless body', on(/POST \/projects\/paginated$/, (_c, res) => sendEndless(res))],
  ['a pagination token that never ends', on(/POST \/scorers\/list$/, (c, res) => {
    const start = Number(c.query.get('starting_token') ?? 0);
    return sendJson(res, 200, { ...(c.body as object), next_starting_token: start + 1 });
  })],
  ['a pagination token that goes backwards', on(/POST \/datasets\/query$/, (c, res) => sendJson(res, 200, { ...(c.body as object), next_starting_token: 0 }))],
  ['an error that echoes the key', on(/POST \/scorers\/list$/, (_c, res) => sendJson(res, 400, { detail: `bad key ${KEY} for this route` }))],
  ['an HTML 200 that echoes the key', on(/POST \/datasets\/query$/, (_c, res) => sendText(res, 200, `<html>key=${KEY}</html>`))],
];

const ERROR_ONLY = /^error: [^\n]+\n( {2}hint: [^\n]+\n)?$/;

describe('galctl plan against a hostile API', () => {
  it('is a clean no-op through the proxy when nothing is hostile', async () => {
    proxy.setHostility(undefined);
    const r = await runCli(['plan', '-f', 'galileo.yaml.example', '--detailed-exitcode'], { cwd: ROOT, env: { GALILEO_API_KEY: KEY, GALILEO_API_URL: proxy.url } });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it.each(CASES)('%s: one clear error, exit 1, no stack, no key, the old plan file untouched', async (_name, hostility) => {
    proxy.setHostility(hostility);
    const out = path.join(work, 'plan.json');
    writeFileSync(out, '{"previous": true}\n');
    const r = await runCli(['plan', '-f', 'galileo.yaml.example', '--out', out], { cwd: ROOT, env: { GALILEO_API_KEY: KEY, GALILEO_API_URL: proxy.url } });
    proxy.setHostility(undefined);
    expect(r.stderr).toMatch(ERROR_ONLY);
    expect(r.stderr).not.toMatch(STACK);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stdout + r.stderr).not.toContain(KEY);
    expect(readFileSync(out, 'utf8')).toBe('{"previous": true}\n');
    expect(readdirSync(work).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
