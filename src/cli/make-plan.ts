import path from 'node:path';
import { GalctlError, UsageError } from '../core/errors.js';
import { createGalileoClient, type GalileoClient } from '../galileo/create-client.js';
import { httpDebugOption } from './http-debug-option.js';
import { requestTimeoutOption } from './request-timeout-option.js';
import { describeApiUrlOrigin, resolveApiConfig, type ApiConfig } from '../galileo/resolve-api-config.js';
import { loadManifestStaged } from '../manifest/load-manifest.js';
import type { Problem } from '../core/problem.js';
import { displayPath } from '../manifest/read-referenced-file.js';
import type { Desired } from '../core/desired-types.js';
import type { LiveState, Plan } from '../core/plan-types.js';
import { renderProblemSummary, renderProblems } from '../render/render-problems.js';
import type { ParsedArgs } from './command.js';
import type { CommandIo, Io } from './io.js';
import { makePlan, type MakePlanOptions } from '../pipeline/make-plan.js';
import { unmatchedInputWarnings } from '../runner/unmatched-input-warnings.js';
import { escapeControl } from '../render/escape-control.js';
import { startOrgLists, type EarlyOrgLists } from '../engine/read/read-live-state.js';
import { listPageHints } from '../engine/read/list-page-hints.js';

/** `--concurrency N`: 1 to 64, default 8. */
export function parseConcurrency(raw: unknown): number {
  const n = raw === undefined ? 8 : Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new UsageError(`--concurrency "${String(raw)}" is not a whole number from 1 to 64`, 'e.g. --concurrency 8');
  return n;
}

/** The manifest loaded for plan and apply (loadDesired). */
export interface LoadedDesired {
  /** stage 1: every resource, named (the datasets' rows and content hashes come with `complete`) */
  desired: Readonly<Desired>;
  /** the manifest as shown to the user */
  shown: string;
  /**
   * true once `desired` is complete; false once the problems the file contents' checks found (a dataset file that
   * does not parse, a bad trace line…) are printed, exactly as validate prints them: the command then exits 1
   */
  complete: Promise<Desired | undefined>;
  /** aborted when `complete` resolves false: stops a live read started meanwhile (reads only; nothing is written) */
  invalid: AbortSignal;
  /** the connection made as soon as the YAML parsed (loadDesired's `connect`), and the org lists it started */
  early?: { client: GalileoClient; config: ApiConfig; orgLists: EarlyOrgLists };
}

/**
 * The manifest as a desired state, or undefined after printing every problem to stderr. When the YAML, schema,
 * rules and the files' cheap checks pass, it returns as soon as the resources' names are known and goes on parsing
 * and hashing the dataset files and checking the trace files (`complete`), so that the live read, which needs the
 * names only, starts meanwhile (loadManifestStaged).
 */
export async function loadDesired(
  file: string,
  io: CommandIo,
  color: boolean,
  opts: { allowOutsideFiles?: boolean; connect?: { values: ParsedArgs['values']; options: ConnectOptions } } = {},
): Promise<LoadedDesired | undefined> {
  const shown = displayPath(path.resolve(io.cwd, file), io.cwd);
  const invalid = new AbortController();
  let early: LoadedDesired['early'];
  // `connect`: the org's lists need nothing from the manifest, so they start once its YAML parsed, while the
  // files it references are read and hashed; a connection that cannot be made is reported by connectAfterLoad
  const onParsed = (): void => {
    if (opts.connect === undefined) return;
    try {
      const connected = connect(io, opts.connect.values, opts.connect.options, invalid.signal);
      const hints = listPageHints(path.dirname(path.resolve(io.cwd, file)), connected.client.apiUrl);
      early = { ...connected, orgLists: startOrgLists(connected.client, hints) };
    } catch {
      early = undefined;
    }
  };
  const staged = await loadManifestStaged(file, { env: io.env, cwd: io.cwd, allowOutsideFiles: opts.allowOutsideFiles === true, onParsed });
  io.secrets.add(staged.secrets ?? []);
  const report = (problems: Problem[]): void => {
    io.stderr(renderProblems(problems, { color }));
    io.stderr(renderProblemSummary(problems, shown));
  };
  if (!('contents' in staged)) {
    if (staged.desired === undefined) {
      invalid.abort(new GalctlError('manifest-invalid', `${shown} has problems`, { exitCode: 1 }));
      await early?.client.close();
      report(staged.problems);
      return undefined;
    }
    return { desired: staged.desired, shown, complete: Promise.resolve(staged.desired), invalid: invalid.signal, ...(early === undefined ? {} : { early }) };
  }
  const complete = staged.contents.then((loaded) => {
    if (loaded.desired !== undefined) {
      for (const w of unmatchedInputWarnings(loaded.desired)) io.stderr(`warning: ${escapeControl(w)}\n`);
      return loaded.desired;
    }
    report(loaded.problems);
    invalid.abort(new GalctlError('manifest-invalid', `${shown} has problems`, { exitCode: 1 }));
    return undefined;
  });
  complete.catch(() => undefined); // awaited by makePlan; a failure surfaces there
  return { desired: staged.names, shown, complete, invalid: invalid.signal, ...(early === undefined ? {} : { early }) };
}

/** How a command connects: requests in flight at once, and whether its abort signal also aborts them. */
export interface ConnectOptions {
  concurrency: number;
  abortRequests: boolean;
}

/**
 * The API config (`--api-url`, `--insecure`, env) and a client. `abortRequests`: the command's signal also aborts
 * requests in flight (plan); apply leaves it off so Ctrl-C lets the requests in flight finish. `stop` aborts them
 * too (LoadedDesired.invalid).
 */
export function connect(io: Io, values: ParsedArgs['values'], opts: ConnectOptions, stop?: AbortSignal): { client: GalileoClient; config: ApiConfig } {
  const { concurrency, abortRequests } = opts;
  const apiUrlFlag = values['api-url'] as string | undefined;
  const config = resolveApiConfig(io.env, { ...(apiUrlFlag === undefined ? {} : { apiUrl: apiUrlFlag }), insecure: values['insecure'] === true });
  const signals = [...(abortRequests ? [io.signal] : []), ...(stop === undefined ? [] : [stop])];
  const signal = signals.length === 0 ? undefined : signals.length === 1 ? signals[0] : AbortSignal.any(signals);
  const client = createGalileoClient({ apiUrl: config.apiUrl, apiKey: config.apiKey, apiUrlOrigin: describeApiUrlOrigin(config.apiUrlOrigin), concurrency, ...(signal === undefined ? {} : { signal }), ...httpDebugOption(io), ...requestTimeoutOption(io, values) });
  return { client, config };
}

/**
 * connect, once the manifest is known to be valid when the connection cannot be made (no API key…): the manifest's
 * problems come first, as they did when loading finished before connecting. Undefined: the problems were printed.
 */
export async function connectAfterLoad(io: Io, values: ParsedArgs['values'], opts: ConnectOptions, loaded: LoadedDesired): Promise<{ client: GalileoClient; config: ApiConfig } | undefined> {
  if (loaded.early !== undefined) return { client: loaded.early.client, config: loaded.early.config };
  try {
    return connect(io, values, opts, loaded.invalid);
  } catch (err) {
    if ((await loaded.complete) === undefined) return undefined;
    throw err;
  }
}

/**
 * makePlan for a manifest from loadDesired: undefined when its file contents turned out to have problems (they are
 * printed; the command exits 1), whatever else failed meanwhile (the live read it stopped, a network error).
 */
export async function makePlanLoaded(client: GalileoClient, loaded: LoadedDesired, opts: Omit<MakePlanOptions, 'complete'>): Promise<{ plan: Plan; live: LiveState; desired: Desired } | undefined> {
  try {
    return await makePlan(client, loaded.desired, { ...opts, complete: loaded.complete, ...(loaded.early === undefined ? {} : { orgLists: loaded.early.orgLists }) });
  } catch (err) {
    if ((await loaded.complete.catch(() => true)) === undefined) return undefined;
    throw err;
  }
}
