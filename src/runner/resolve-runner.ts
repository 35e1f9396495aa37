import { parseDuration } from '../core/parse-duration.js';
import type { RunnerSettings } from '../core/run-inputs.js';

export const DEFAULT_RUNNER_CONCURRENCY = 4;
export const MAX_RUNNER_CONCURRENCY = 64;
export const DEFAULT_RUNNER_TIMEOUT_MS = 30_000;

export type { RunnerSettings } from '../core/run-inputs.js';

/** `runner:` as written (after interpolation), checked by the schema and checkRunner. */
export interface RunnerSpec {
  command?: string[];
  url?: string;
  inputs?: string[];
  concurrency?: number;
  timeout?: string | number;
  env?: Record<string, string>;
  galileo_key?: boolean;
}

/** The timeout of a runner in milliseconds: a duration text (`30s`, `2m`, `500ms`) or a number of seconds. */
export function runnerTimeoutMs(timeout: string | number | undefined): number {
  if (timeout === undefined) return DEFAULT_RUNNER_TIMEOUT_MS;
  return parseDuration(String(timeout), 'timeout:');
}

/** The settings of a valid `runner:` (checkRunner reported nothing): defaults filled in. */
export function resolveRunner(spec: RunnerSpec): RunnerSettings {
  const settings: RunnerSettings = {
    inputs: [...(spec.inputs ?? [])],
    concurrency: spec.concurrency ?? DEFAULT_RUNNER_CONCURRENCY,
    timeoutMs: runnerTimeoutMs(spec.timeout),
    env: { ...(spec.env ?? {}) },
    galileoKey: spec.galileo_key ?? false,
  };
  if (spec.command !== undefined) settings.command = [...spec.command];
  if (spec.url !== undefined) settings.url = spec.url;
  return settings;
}
