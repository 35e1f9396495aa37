import { objectBody } from './body.js';
import type { FaultKnobs } from './faults.js';
import { SimHttpError } from './http-error.js';
import { requestLogRoutes } from './request-log.js';
import type { AdminRouteId } from './route-table.js';
import type { Handler } from './router.js';
import type { Sim } from './sim-context.js';
import { dumpState, saveStateFile, stateSummary } from './state-file.js';
import type { Stats } from './stats.js';

/**
 * Admin routes, outside the Galileo API: no API key, never faulted, counted apart (rows in route-table.ts).
 * GET /__sim/stats, GET /__sim/state[?summary=1|kinds=a,b], POST /__sim/reset, POST /__sim/faults, POST /__sim/save,
 * GET|POST /__sim/scorer-failures, GET|POST /__sim/requests (the request recorder, request-log.ts).
 */
export function adminRoutes(sim: Sim, stats: Stats, stateFile: string | undefined, onReset: () => void) {
  return (add: (id: AdminRouteId, handler: Handler) => void): void => {
    add('sim:stats', () => ({ body: stats.snapshot() }));
    add('sim:state', (ctx) => {
      if (ctx.query.get('summary') === '1' || ctx.query.get('summary') === 'true') return { body: stateSummary(sim.store) };
      const dump = dumpState(sim.store) as unknown as Record<string, unknown>;
      const kinds = ctx.query.get('kinds');
      if (kinds === null) return { body: dump };
      const wanted = kinds.split(',').map((k) => k.trim());
      return { body: Object.fromEntries(Object.entries(dump).filter(([k]) => k === 'version' || wanted.includes(k))) };
    });
    add('sim:reset', () => {
      onReset();
      return { body: { message: 'simulator state and stats reset' } };
    });
    add('sim:get_faults', () => ({ body: sim.faults.knobs }));
    add('sim:set_faults', (ctx) => {
      const body = objectBody(ctx);
      const patch: Partial<FaultKnobs> = {};
      const aliases: Record<string, keyof FaultKnobs> = {
        latencyMs: 'latencyMs', latency_ms: 'latencyMs', jitterMs: 'jitterMs', jitter_ms: 'jitterMs',
        faultRate: 'faultRate', fault_rate: 'faultRate', rateLimit: 'rateLimit', rate_limit: 'rateLimit',
        dropRate: 'dropRate', drop_rate: 'dropRate', faultAfterRate: 'faultAfterRate', fault_after_rate: 'faultAfterRate',
        faultAfterRoutes: 'faultAfterRoutes', fault_after_routes: 'faultAfterRoutes', faultAfterKinds: 'faultAfterKinds', fault_after_kinds: 'faultAfterKinds',
        faultAfterLimit: 'faultAfterLimit', fault_after_limit: 'faultAfterLimit',
      };
      for (const [k, v] of Object.entries(body)) {
        const key = aliases[k];
        if (key === undefined) throw new SimHttpError(422, { detail: `unknown knob '${k}': use latencyMs, jitterMs, faultRate, rateLimit, dropRate, faultAfterRate, faultAfterRoutes, faultAfterKinds, faultAfterLimit` });
        (patch as Record<string, unknown>)[key] = v;
      }
      try {
        return { body: sim.faults.set(patch) };
      } catch (err) {
        throw new SimHttpError(422, { detail: (err as Error).message });
      }
    });
    add('sim:get_scorer_failures', () => ({ body: Object.fromEntries(sim.scorerFailures) }));
    add('sim:set_scorer_failures', (ctx) => {
      // {"<scorer name>": "error message"} makes that scorer's new jobs fail; null clears it
      for (const [name, message] of Object.entries(objectBody(ctx))) {
        if (message === null) sim.scorerFailures.delete(name);
        else if (typeof message === 'string' && message !== '') sim.scorerFailures.set(name, message);
        else throw new SimHttpError(422, { detail: `scorer-failures: the value for '${name}' must be an error message or null` });
      }
      return { body: Object.fromEntries(sim.scorerFailures) };
    });
    add('sim:save', async () => {
      if (stateFile === undefined) throw new SimHttpError(409, { detail: 'the simulator was started without --state FILE' });
      await saveStateFile(sim.store, stateFile);
      return { body: { message: 'state saved', summary: stateSummary(sim.store) } };
    });
    requestLogRoutes(sim.requestLog, add);
  };
}
