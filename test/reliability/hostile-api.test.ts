import { copyFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../src/sim/start-simulator.js';
import { runCli } from '../helpers/run-cli.js';
import { DATASET_VERSION_CACHE, SCORER_CODE_CACHE } from '../../src/engine/read/recorded-versions.js';
import { STACK } from './manifest-fuzzer.js';
import { sendEndless, sendJson, sendText, startHostileProxy, type HostileProxy, type Hostility } from './hostile-proxy.js';
import { createGalileoClient } from '../../src/galileo/create-client.js';
import { listScorers } from '../../src/kinds/scorer/api.js';
import { listProjects } from '../../src/kinds/project/api.js';
import { listProjectTemplates } from '../../src/kinds/template/api.js';

// galctl plan (and apply) against an API that answers badly: the simulator behind a proxy that replaces one
// kind of response with missing fields, wrong types, HTML, an endless body or endless pagination. Each must end
// in one clear error line (exit 1) within the test timeout, never a stack trace, never the key, and never a
// half-written plan file.

const REPO = fileURLToPath(new URL('../..', import.meta.url));
// the example manifest and its files, copied: galctl's local cache (.galctl/, beside the manifest) is this file's
// own, never shared with the other test files that plan the example in the repository concurrently
let ROOT: string;
const KEY = 'glk_SECRET_canary_hostile_5b2e91';

let sim: SimulatorHandle;
let proxy: HostileProxy;
let work: string;
beforeAll(async () => {
  ROOT = mkdtempSync(path.join(tmpdir(), 'galctl-hostile-site-'));
  copyFileSync(path.join(REPO, 'galileo.yaml.example'), path.join(ROOT, 'galileo.yaml.example'));
  cpSync(path.join(REPO, 'examples', 'quickstart'), path.join(ROOT, 'examples', 'quickstart'), { recursive: true });
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
  rmSync(ROOT, { recursive: true, force: true });
});

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
  ['an empty 200 on a list (not "no projects": that would plan duplicates)', on(/POST \/projects\/paginated$/, (_c, res) => sendText(res, 200, '', 'application/json'))],
  ['an empty 200 on the templates of a project', on(/GET \/projects\/[^/]+\/templates$/, (_c, res) => sendText(res, 200, '', 'application/json'))],
  ['an empty 200 on the newest dataset version', on(/POST \/datasets\/[^/]+\/versions\/query$/, (_c, res) => sendText(res, 200, '', 'application/json'))],
  ['a 200 {} on the newest dataset version', on(/POST \/datasets\/[^/]+\/versions\/query$/, (_c, res) => sendJson(res, 200, {}))],
  ['a page with more items than asked for', on(/POST \/scorers\/list$/, (c, res) => {
    const items = (c.body as { scorers: unknown[] }).scorers;
    return sendJson(res, 200, { ...(c.body as object), scorers: Array.from({ length: 150 }, (_, i) => ({ ...(items[0] as object), id: `s${i}`, name: `s${i}` })) });
  })],
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
    // what galctl recorded of the versions it saw (recorded-versions.ts) would spare the reads answered with hostility
    for (const kind of [DATASET_VERSION_CACHE, SCORER_CODE_CACHE]) rmSync(path.join(ROOT, '.galctl', 'cache', kind), { recursive: true, force: true });
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

describe('a stuck or slow API is bounded in time, and says which request', () => {
  const env = (extra: Record<string, string> = {}): Record<string, string> => ({ GALILEO_API_KEY: KEY, GALILEO_API_URL: proxy.url, ...extra });
  const held: ServerResponse[] = [];
  afterAll(() => held.forEach((r) => r.destroy()));

  it('a server that never sends headers: the request budget ends it, naming the request', async () => {
    proxy.setHostility(on(/POST \/scorers\/list$/, (_c, res) => {
      held.push(res);
      return true;
    }));
    const r = await runCli(['plan', '-f', 'galileo.yaml.example'], { cwd: ROOT, env: env({ GALCTL_REQUEST_TIMEOUT: '1s' }) });
    proxy.setHostility(undefined);
    expect(r.stderr).toMatch(ERROR_ONLY);
    expect(r.stderr).toMatch(/^error: POST \/scorers\/list: gave up after \d+(\.\d)? s \(its time budget ran out\); last: /);
    expect(r.stderr).toMatch(/--request-timeout or GALCTL_REQUEST_TIMEOUT/);
    expect(r.code).toBe(1);
  });

  it('a body trickling a byte at a time: the request budget covers headers and body together', async () => {
    const timers: NodeJS.Timeout[] = [];
    proxy.setHostility(on(/POST \/datasets\/query$/, (_c, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"datasets": [');
      timers.push(setInterval(() => res.write(' '), 100));
      return true;
    }));
    const r = await runCli(['plan', '-f', 'galileo.yaml.example'], { cwd: ROOT, env: env({ GALCTL_REQUEST_TIMEOUT: '1500ms' }) });
    proxy.setHostility(undefined);
    timers.forEach(clearInterval);
    expect(r.stderr).toMatch(ERROR_ONLY);
    expect(r.stderr).toMatch(/^error: POST \/datasets\/query: gave up after \d+(\.\d)? s \(its time budget ran out\); last: no response from http:\/\/[\d.]+:\d+: no complete response within 1\.5 s \(UND_ERR_BODY_TIMEOUT\)$/m);
    expect(r.code).toBe(1);
  });

  it('Retry-After beyond the budget (the default, 2 minutes) fails at once, without waiting or retrying', async () => {
    proxy.setHostility(on(/POST \/projects\/paginated$/, (_c, res) => {
      res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '99999' });
      res.end(JSON.stringify({ detail: 'maintenance' }));
      return true;
    }));
    const seen = proxy.seen.length;
    const r = await runCli(['plan', '-f', 'galileo.yaml.example'], { cwd: ROOT, env: env() });
    proxy.setHostility(undefined);
    expect(r.stderr).toMatch(ERROR_ONLY);
    expect(r.stderr).toMatch(/^error: POST \/projects\/paginated: gave up after \d+(\.\d)? s \(the server asked to retry after 99999 s, more than the 1\d\d(\.\d)? s left\); last: 503 maintenance/);
    expect(proxy.seen.slice(seen).filter((x) => x === 'POST /projects/paginated')).toHaveLength(1);
    expect(r.code).toBe(1);
  });

  it('--request-timeout takes a duration, and says so when it is not one', async () => {
    const r = await runCli(['plan', '-f', 'galileo.yaml.example', '--request-timeout', 'soon'], { cwd: ROOT, env: env() });
    expect(r.stderr).toMatch(/^error: --request-timeout "soon" is not a duration\n/);
    expect(r.code).toBe(1);
  });
});

describe('what a decision depends on is checked', () => {
  it.each([
    ['an empty 200', (_c: Parameters<Hostility>[0], res: ServerResponse) => sendText(res, 200, '', 'application/json'), /POST \/projects: 200 response has an empty body/],
    ['a 200 {}', (_c: Parameters<Hostility>[0], res: ServerResponse) => sendJson(res, 200, {}), /unexpected response from POST \/projects: "id" is missing, not a string/],
  ])('%s on a create is a clear error, not "cannot read properties of undefined"', async (name, answer, message) => {
    // a project of its own per case: the simulator behind the proxy did create it
    const manifest = path.join(work, `new-project-${name.length}.yaml`);
    writeFileSync(manifest, `version: 1\nprojects:\n  hostile-new-project-${name.length}: {}\n`);
    proxy.setHostility(on(/POST \/projects$/, answer));
    const r = await runCli(['apply', '-f', manifest, '--auto-approve'], { cwd: ROOT, env: { GALILEO_API_KEY: KEY, GALILEO_API_URL: proxy.url } });
    proxy.setHostility(undefined);
    expect(r.stdout + r.stderr).toMatch(message);
    expect(r.stdout + r.stderr).not.toMatch(/Cannot read properties|undefined/);
    expect(r.code).toBe(1);
  });

  it('ids from the API go into paths escaped: an id cannot reach another route', async () => {
    const id = '../../scorers/x?y#z';
    proxy.setHostility(on(/POST \/projects\/paginated$/, (c, res) => sendJson(res, 200, mapItems(c.body, (i) => ({ ...(i as object), id })))));
    const seen = proxy.seen.length;
    await runCli(['plan', '-f', 'galileo.yaml.example'], { cwd: ROOT, env: { GALILEO_API_KEY: KEY, GALILEO_API_URL: proxy.url } });
    proxy.setHostility(undefined);
    const after = proxy.seen.slice(seen);
    expect(after).toContain(`GET /projects/${encodeURIComponent(id)}/templates`);
    expect(after.filter((x) => x.includes('/scorers/x'))).toEqual([]);
  });
});

describe('one read cannot accumulate without bound', () => {
  const client = (limits: { maxItems?: number; maxBytes?: number }, extra: { maxBodyBytes?: number } = {}) =>
    createGalileoClient({ apiUrl: proxy.url, apiKey: KEY, readLimits: limits, minRetryDelayMs: 1, ...extra });
  const scorerPage = (c: Parameters<Hostility>[0], size: number, pad: number) => {
    const start = Number(c.query.get('starting_token') ?? 0);
    const limit = Number(c.query.get('limit') ?? 100);
    const template = (c.body as { scorers: object[] }).scorers[0] ?? {};
    const scorers = Array.from({ length: Math.min(size, limit) }, (_, i) => ({ ...template, id: `s${start + i}`, name: `s${start + i}`, description: 'x'.repeat(pad) }));
    return { ...(c.body as object), scorers, next_starting_token: start + scorers.length };
  };

  it('endless pages of items: stopped at the item limit with a clear error', async () => {
    proxy.setHostility(on(/POST \/scorers\/list$/, (c, res) => sendJson(res, 200, scorerPage(c, 100, 0))));
    const c = client({ maxItems: 2_000 });
    const err = (await listScorers(c).catch((e: unknown) => e)) as Error;
    proxy.setHostility(undefined);
    await c.close();
    expect(err.message).toBe('POST /scorers/list: the server sent more than 2,000 items for one list; stopped reading');
  });

  it('endless pages of large items: stopped at the byte limit', async () => {
    proxy.setHostility(on(/POST \/scorers\/list$/, (c, res) => sendJson(res, 200, scorerPage(c, 100, 10_000))));
    const c = client({ maxBytes: 5 * 1024 * 1024 });
    const err = (await listScorers(c).catch((e: unknown) => e)) as Error;
    proxy.setHostility(undefined);
    await c.close();
    expect(err.message).toBe('POST /scorers/list: the server sent more than 5 MB for one list; stopped reading');
  });

  it('a page of tiny items just under the body cap: refused as more than the page asked for', async () => {
    const cap = 8 * 1024 * 1024;
    const tiny = JSON.stringify({ id: 'p', name: 'p' });
    const count = Math.floor((cap - 100) / (tiny.length + 1));
    const body = `{"projects":[${Array(count).fill(tiny).join(',')}],"next_starting_token":null}`;
    proxy.setHostility(on(/POST \/projects\/paginated$/, (_c, res) => sendText(res, 200, body, 'application/json')));
    const c = client({}, { maxBodyBytes: cap });
    const err = (await listProjects(c).catch((e: unknown) => e)) as Error;
    proxy.setHostility(undefined);
    await c.close();
    expect(err.message).toBe(`unexpected response from POST /projects/paginated: ${count} projects in a page of 100`);
  });

  it('a list that is not a list is not "none" (the templates of a project)', async () => {
    proxy.setHostility(on(/GET \/projects\/[^/]+\/templates$/, (_c, res) => sendJson(res, 200, { templates: [] })));
    const c = client({});
    const err = (await listProjectTemplates(c, 'p1').catch((e: unknown) => e)) as Error;
    proxy.setHostility(undefined);
    await c.close();
    expect(err.message).toMatch(/^unexpected response from GET \/projects\/p1\/templates: /);
  });
});
