import type { Auth } from './auth.js';
import type { CodeScorerOptions } from './code-scorer-sandbox.js';
import type { Faults } from './faults.js';
import type { RequestLog } from './request-log.js';
import type { ApiRouteId } from './route-table.js';
import type { Handler } from './router.js';
import type { Store } from './store.js';

/** What every route module gets: the store, auth, knobs and the job clock. */
export interface Sim {
  store: Store;
  auth: Auth;
  faults: Faults;
  /** the request recorder (GET /__sim/requests) */
  requestLog: RequestLog;
  /** simulated duration of one job / validation-task step, in ms */
  jobStepMs: number;
  /** how long after a scoring job completes its scores stay invisible (metric_info pending, absent from metrics) */
  metricsLagMs: number;
  /** scorer name → error message: that scorer's jobs end in `error` with this message (POST /__sim/scorer-failures) */
  scorerFailures: Map<string, string>;
  /** how uploaded code scorers run (interpreter, time limits) */
  codeScorers: CodeScorerOptions;
}

/** Registers the handler of a route-table row (served at the root and under the `/v2` mirror). */
export type AddRoute = (id: ApiRouteId, handler: Handler) => void;

export type RouteModule = (add: AddRoute, sim: Sim) => void;
