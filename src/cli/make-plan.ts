import path from 'node:path';
import { UsageError } from '../errors.js';
import { createGalileoClient, type GalileoClient } from '../galileo/create-client.js';
import { httpDebugOption } from './http-debug-option.js';
import { readLiveState } from '../galileo/read-live-state.js';
import { resolveApiConfig, type ApiConfig } from '../galileo/resolve-api-config.js';
import { loadManifest } from '../manifest/load-manifest.js';
import { displayPath } from '../manifest/read-referenced-file.js';
import type { Desired } from '../manifest/types.js';
import { buildPlan } from '../plan/build-plan.js';
import type { LiveState, Plan } from '../plan/types.js';
import { renderProblemSummary, renderProblems } from '../render/render-problems.js';
import type { ParsedArgs } from './command.js';
import type { Io } from './io.js';
import { startTraceCounts } from './read-trace-counts.js';

/** `--concurrency N`: 1 to 64, default 8. */
export function parseConcurrency(raw: unknown): number {
  const n = raw === undefined ? 8 : Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new UsageError(`--concurrency "${String(raw)}" is not a whole number from 1 to 64`, 'e.g. --concurrency 8');
  return n;
}

/** The manifest as a desired state, or undefined after printing every problem to stderr. */
export async function loadDesired(
  file: string,
  io: Io,
  color: boolean,
  opts: { allowOutsideFiles?: boolean } = {},
): Promise<{ desired: Desired; shown: string } | undefined> {
  const shown = displayPath(path.resolve(io.cwd, file), io.cwd);
  const loaded = await loadManifest(file, { env: io.env, cwd: io.cwd, allowOutsideFiles: opts.allowOutsideFiles === true });
  if (loaded.desired === undefined) {
    io.stderr(renderProblems(loaded.problems, { color }));
    io.stderr(renderProblemSummary(loaded.problems, shown));
    return undefined;
  }
  return { desired: loaded.desired, shown };
}

/**
 * The API config (`--api-url`, `--insecure`, env) and a client. `abortRequests`: the command's signal also aborts
 * requests in flight (plan); apply leaves it off so Ctrl-C lets the requests in flight finish.
 */
export function connect(io: Io, values: ParsedArgs['values'], concurrency: number, abortRequests: boolean): { client: GalileoClient; config: ApiConfig } {
  const apiUrlFlag = values['api-url'] as string | undefined;
  const config = resolveApiConfig(io.env, { ...(apiUrlFlag === undefined ? {} : { apiUrl: apiUrlFlag }), insecure: values['insecure'] === true });
  const client = createGalileoClient({ apiUrl: config.apiUrl, apiKey: config.apiKey, concurrency, ...(abortRequests ? { signal: io.signal } : {}), ...httpDebugOption(io) });
  return { client, config };
}

export interface MakePlanOptions {
  prune: boolean;
  targets: string[];
  /** the manifest as shown to the user */
  manifestPath: string;
  apiUrl: string;
  signal?: AbortSignal;
}

/**
 * read live state (while the trace ids are derived) → count the runs' traces → buildPlan: the pipeline `plan` and
 * `apply` share.
 */
export async function makePlan(client: GalileoClient, desired: Desired, opts: MakePlanOptions): Promise<{ plan: Plan; live: LiveState }> {
  const traces = startTraceCounts(client, desired, opts.signal);
  let live: LiveState;
  try {
    live = await readLiveState(client, desired, { prune: opts.prune });
  } catch (err) {
    traces.cancel();
    throw err;
  }
  const traceCounts = await traces.finish(live);
  const plan = buildPlan({
    desired,
    live,
    traceCounts,
    targets: opts.targets,
    prune: opts.prune,
    manifestPath: opts.manifestPath,
    apiUrl: opts.apiUrl,
    now: new Date().toISOString(),
  });
  return { plan, live };
}
