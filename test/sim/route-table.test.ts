import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routerFromTable } from '../../src/sim/route-registry.js';
import { ADMIN_ROUTES, API_ROUTES, ROUTE_TABLE, type RouteRow } from '../../src/sim/route-table.js';
import type { SimulatorHandle } from '../../src/sim/start-simulator.js';
import { scanApiCalls, scanSource } from './galctl-api-calls.js';
import { startTestSim, type SimClient } from './sim-client.js';

/**
 * The simulator's fidelity, visible: every route is a row of route-table.ts carrying the spec operationId it
 * implements (or a `sim:` id and why), SPEC.md names every route, and every spec operation galctl calls has a route.
 */

interface SpecOperation {
  method: string;
  path: string;
  operationId: string;
}
const OPERATIONS = (JSON.parse(readFileSync('test/fixtures/galileo-openapi-operations.json', 'utf8')) as { operations: SpecOperation[] }).operations;

/** a path with every parameter written `{}` (the spec's `{name}`, the router's `:name`) and no `/v2` mirror prefix */
const norm = (path: string): string => path.replace(/^\/v2(?=\/)/, '').replace(/\{[^}]*\}|:[A-Za-z_]+/g, '{}').replace(/(.)\/$/, '$1');
const key = (method: string, path: string): string => `${method} ${norm(path)}`;
const SPEC_BY_KEY = new Map(OPERATIONS.map((op) => [key(op.method, op.path), op]));
const SPEC_PATHS = new Set(OPERATIONS.map((op) => norm(op.path)));
const ROUTE_KEYS = new Set(API_ROUTES.map((r: RouteRow) => key(r.method, r.path)));
const ROUTE_PATHS = new Set(API_ROUTES.map((r: RouteRow) => norm(r.path)));

let sim: SimulatorHandle;
let api: SimClient;
beforeAll(async () => {
  ({ sim, api } = await startTestSim());
});
afterAll(async () => sim.close());

describe('the route table', () => {
  it('has one row per id and per method + path', () => {
    expect(new Set(ROUTE_TABLE.map((r) => r.id)).size).toBe(ROUTE_TABLE.length);
    expect(new Set(ROUTE_TABLE.map((r) => key(r.method, r.path))).size).toBe(ROUTE_TABLE.length);
  });

  it('names for each route the spec operation with its method and path, or says why a sim: route exists', () => {
    const wrong: string[] = [];
    for (const row of ROUTE_TABLE) {
      const atPath = SPEC_BY_KEY.get(key(row.method, row.path));
      if (row.id.startsWith('sim:')) {
        if ((row.sim ?? '').trim() === '') wrong.push(`${row.id}: a sim: route needs its reason (sim)`);
        if (atPath !== undefined) wrong.push(`${row.id}: ${row.method} ${row.path} is spec operation ${atPath.operationId}`);
        continue;
      }
      const op = OPERATIONS.find((o) => o.operationId === row.id);
      if (op === undefined) wrong.push(`${row.id}: no such operationId in the spec`);
      else if (key(op.method, op.path) !== key(row.method, row.path)) wrong.push(`${row.id}: the spec has ${op.method} ${op.path}, the row ${row.method} ${row.path}`);
      if (row.sim !== undefined) wrong.push(`${row.id}: a spec route carries no sim: reason`);
    }
    expect(wrong).toEqual([]);
  });

  it('is what the simulator serves: every row answers at its path (API rows under /v2 too), none with 404 Not Found or 405', async () => {
    const unserved: string[] = [];
    const probe = async (method: string, path: string): Promise<void> => {
      const concrete = path.replace(/:[A-Za-z_]+/g, '00000000-0000-4000-8000-000000000000');
      const r = await api.call(method, concrete, method === 'GET' || method === 'DELETE' ? undefined : {});
      const body = r.body as { detail?: unknown } | null;
      if (r.status === 405 || (r.status === 404 && body?.detail === 'Not Found')) unserved.push(`${method} ${path} → ${r.status}`);
    };
    for (const row of API_ROUTES) {
      await probe(row.method, row.path);
      await probe(row.method, `/v2${row.path}`);
    }
    for (const row of ADMIN_ROUTES) if (row.id !== 'sim:reset') await probe(row.method, row.path);
    expect(unserved).toEqual([]);
  });

  it('refuses to build a router when a row has no handler or a handler has no row', () => {
    const rows = [{ id: 'a', method: 'GET', path: '/a' }, { id: 'b', method: 'GET', path: '/b' }] as const;
    const ok = () => ({ body: {} });
    expect(() => routerFromTable(rows, (add) => add('a', ok))).toThrow(/route b \(GET \/b\): no handler/);
    expect(() => routerFromTable([rows[0]], (add) => (add('a', ok), (add as (id: string, h: typeof ok) => void)('c', ok)))).toThrow(/without a route-table row: c/);
    expect(() => routerFromTable(rows, (add) => (add('a', ok), add('a', ok)))).toThrow(/a: registered twice/);
    expect(routerFromTable(rows, (add) => (add('a', ok), add('b', ok)), '/v2').match('GET', '/v2/b')?.params).toEqual({});
  });
});

describe('SPEC.md', () => {
  /**
   * How SPEC.md names a route: in backticks, `METHOD /path` — methods may be joined by `/` or `|` (`GET/PUT /x`),
   * path parameters in braces with any name, and a `?query`, `[…]` suffix or a body sketch may follow the path.
   */
  const named = (): Set<string> => {
    const md = readFileSync('src/sim/SPEC.md', 'utf8');
    const out = new Set<string>();
    for (const m of md.matchAll(/`((?:GET|POST|PUT|PATCH|DELETE)(?:[|/](?:GET|POST|PUT|PATCH|DELETE))*) (\/[^`\s?[]*)[^`]*`/g)) {
      for (const method of (m[1] as string).split(/[|/]/)) out.add(key(method, m[2] as string));
    }
    return out;
  };

  it('names every route of the table', () => {
    const lines = named();
    expect(ROUTE_TABLE.filter((r) => !lines.has(key(r.method, r.path))).map((r) => `${r.method} ${r.path} (${r.id})`)).toEqual([]);
  });
});

describe("galctl's calls", () => {
  const scan = () => scanApiCalls('src', (p) => SPEC_PATHS.has(norm(p)) || ROUTE_PATHS.has(norm(p)), (file) => file.startsWith('src/sim/'));

  it('the scan reads a method from the line, the enclosing function, or the callers of a path helper', () => {
    const text = [
      "export function a(c) {",
      "  return c.request('GET', apiPath`/jobs/${id}`);",
      "}",
      "export async function b(post, projectId) {",
      "  const path = apiPath`/projects/${projectId}/traces/count`;",
      "  return post(path, {});",
      "}",
      "function helper(p, kind, r) {",
      "  return apiPath`/projects/${p}/${kind === 'experiment' ? 'experiments' : 'log_streams'}/${r}/metric_settings`;",
      "}",
      "export const c = async (client) => client.request('PATCH', helper(1, 'experiment', 2));",
      "const notAnApiPath = '/tmp/x';",
    ].join('\n');
    const { calls, unknown } = scanSource(text, (p) => SPEC_PATHS.has(norm(p)));
    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      'GET /jobs/{}',
      'POST /projects/{}/traces/count',
      'PATCH /projects/{}/experiments/{}/metric_settings',
      'PATCH /projects/{}/log_streams/{}/metric_settings',
    ]);
    expect(unknown).toEqual([]);
  });

  it('every spec operation galctl calls has a route (and every path galctl writes has a known method)', () => {
    const { calls, unknown } = scan();
    expect(unknown).toEqual([]);
    const used = calls.filter((c) => SPEC_BY_KEY.has(key(c.method, c.path)));
    expect(used.length).toBeGreaterThan(0);
    const missing = used.filter((c) => !ROUTE_KEYS.has(key(c.method, c.path)));
    expect(missing.map((c) => `${SPEC_BY_KEY.get(key(c.method, c.path))?.operationId} (${c.method} ${c.path}, ${c.where})`)).toEqual([]);
  });

  it('galctl calls nothing outside the spec that the simulator does not serve', () => {
    const strays = scan().calls.filter((c) => !SPEC_BY_KEY.has(key(c.method, c.path)) && !ROUTE_KEYS.has(key(c.method, c.path)));
    expect(strays.map((c) => `${c.method} ${c.path} (${c.where})`)).toEqual([]);
  });
});
