import type { AddressInfo } from 'node:net';
import { adminRoutes } from './admin.js';
import { Auth } from './auth.js';
import type { CodeScorerOptions } from './code-scorer-sandbox.js';
import { Faults, type FaultKnobs } from './faults.js';
import { Prng } from './prng.js';
import { RequestLog, type LoggedRequest } from './request-log.js';
import { routerFromTable } from './route-registry.js';
import { ADMIN_ROUTES, API_ROUTES } from './route-table.js';
import { routeModules } from './routes/index.js';
import { createSimServer } from './server.js';
import type { Sim } from './sim-context.js';
import { dumpState, loadStateFile, saveStateFile, type SimStateDump } from './state-file.js';
import { Stats, type SimStats } from './stats.js';
import { Store } from './store.js';

export type { SimStats } from './stats.js';
export type { SimStateDump } from './state-file.js';
export type { FaultKnobs } from './faults.js';
export type { LoggedRequest } from './request-log.js';

/** The simulator's default API key (a fake key: the simulator accepts nothing else unless told). */
export const DEFAULT_SIM_API_KEY = 'sim-key';

/** Scores show up this long after their job reports completed, by default [GUIDE: "up to ~5 seconds"]. */
export const DEFAULT_METRICS_LAG_MS = 1000;

export interface SimulatorOptions {
  port?: number;
  host?: string;
  apiKey?: string;
  latencyMs?: number;
  jitterMs?: number;
  faultRate?: number;
  rateLimit?: number;
  dropRate?: number;
  /** share of requests processed and then answered 502/503/504 or dropped (0..1) */
  faultAfterRate?: number;
  /** limits faultAfterRate to these `"METHOD /route/template"`s (default: every route) */
  faultAfterRoutes?: string[];
  /** what a lost answer is (default: 502, 503, 504 or a drop, uniformly) */
  faultAfterKinds?: FaultKnobs['faultAfterKinds'];
  /** at most this many lost answers (default 0 = no limit) */
  faultAfterLimit?: number;
  seed?: number;
  /** load at start (if it exists), save on close and on POST /__sim/save */
  stateFile?: string;
  /** simulated duration of one job / validation step (default 300 ms) */
  jobStepMs?: number;
  /** scores become visible this long after their job completes (default 1000: the guide's lag; 0 for none) */
  metricsLagMs?: number;
  /** scorer name → error message: jobs of that scorer fail with it (also POST /__sim/scorer-failures) */
  scorerFailures?: Record<string, string>;
  /** how uploaded code scorers' scorer_fn runs: interpreter (null = none) and time limits (SPEC.md "Scores") */
  codeScorers?: CodeScorerOptions;
  /** record every API request (method, path, status, size, digest, small JSON bodies): handle.requests() */
  recordRequests?: boolean;
  /**
   * refuse the `Galileo-API-Key` header on API routes (401), as a deployment that takes only tokens does; the key
   * still logs in at `POST /login/api_key` for a Bearer token (default false)
   */
  bearerOnly?: boolean;
  /** called with unexpected handler errors (the server answers 500) */
  onError?: (err: unknown) => void;
}

export interface SimulatorHandle {
  url: string;
  host: string;
  port: number;
  close(): Promise<void>;
  stats(): SimStats;
  state(): SimStateDump;
  reset(): void;
  setFaults(f: Partial<FaultKnobs>): FaultKnobs;
  /** the recorded requests, in arrival order (empty unless recordRequests or POST /__sim/requests turned it on) */
  requests(): LoggedRequest[];
}

/** Starts the Galileo simulator on a real HTTP port (default 127.0.0.1:0 = a free port). */
export async function startSimulator(options: SimulatorOptions = {}): Promise<SimulatorHandle> {
  const seed = options.seed ?? 0;
  const store = new Store(seed);
  if (options.stateFile !== undefined) await loadStateFile(store, options.stateFile);
  const knobs: Partial<FaultKnobs> = {
    latencyMs: options.latencyMs ?? 0, jitterMs: options.jitterMs ?? 0, faultRate: options.faultRate ?? 0,
    rateLimit: options.rateLimit ?? 0, dropRate: options.dropRate ?? 0,
    faultAfterRate: options.faultAfterRate ?? 0, faultAfterRoutes: options.faultAfterRoutes ?? [], faultAfterKinds: options.faultAfterKinds ?? [],
    faultAfterLimit: options.faultAfterLimit ?? 0,
  };
  const sim: Sim = {
    store,
    auth: new Auth(options.apiKey ?? DEFAULT_SIM_API_KEY, seed, options.bearerOnly === true),
    faults: new Faults(knobs, new Prng(seed ^ 0x5eed)),
    requestLog: new RequestLog(options.recordRequests ?? false),
    jobStepMs: options.jobStepMs ?? 300,
    metricsLagMs: options.metricsLagMs ?? DEFAULT_METRICS_LAG_MS,
    scorerFailures: new Map(Object.entries(options.scorerFailures ?? {})),
    codeScorers: options.codeScorers ?? {},
  };
  const router = routerFromTable(API_ROUTES, (add) => {
    for (const mod of routeModules) mod(add, sim);
  }, '/v2');
  const stats = new Stats();
  const reset = (): void => {
    store.reset();
    stats.reset();
    sim.requestLog.set(sim.requestLog.recording);
  };
  const server = createSimServer({
    sim, router, stats, admin: routerFromTable(ADMIN_ROUTES, adminRoutes(sim, stats, options.stateFile, reset)),
    ...(options.onError === undefined ? {} : { onError: options.onError }),
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  let closed = false;
  return {
    url: `http://${urlHost}:${port}`,
    host,
    port,
    async close() {
      if (closed) return;
      closed = true;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      if (options.stateFile !== undefined) await saveStateFile(store, options.stateFile);
    },
    stats: () => stats.snapshot(),
    state: () => dumpState(store),
    reset,
    setFaults: (f) => sim.faults.set(f),
    requests: () => sim.requestLog.list(),
  };
}
