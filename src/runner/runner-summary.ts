import { createHash } from 'node:crypto';
import { isSecretName } from '../manifest/interpolate.js';
import { stableStringify } from '../core/content-hash.js';
import { changedFiles, changedFilesText } from './changed-files.js';
import type { RunnerSettings } from './resolve-runner.js';
import type { RunnerInputsHash } from './runner-inputs-hash.js';

/** Hex digits kept per hash in a stored runner summary (as the run summary's SUMMARY_HASH_LENGTH). */
export const RUNNER_SUMMARY_HASH_LENGTH = 8;

/**
 * The compact, content-free record of a runner for a run's stored summary: `c` hash of how the application is
 * called (command or url), `e` hash of the env it is given, `f` input file path → content hash. Short keys: it
 * rides in run tags next to the run summary.
 */
export interface RunnerSummary {
  c: string;
  e: string;
  f: Record<string, string>;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/**
 * The env as the fingerprint sees it: names, and values except those of secret-named variables (rotating the
 * application's own API key is no new run; their names still count).
 */
function envForFingerprint(env: Readonly<Record<string, string>>): Record<string, string | null> {
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, isSecretName(k) ? null : v]));
}

/**
 * The runner's part of a run's inputs, with hashes cut to `hashLength` (full length for the fingerprint). It covers
 * what changes the answers: the command or url, the env added, the content of every input file. It leaves out
 * concurrency, timeout and galileo_key (how, not what, the application computes), and the values of secret-named
 * env variables.
 */
export function summarizeRunner(settings: RunnerSettings, inputs: RunnerInputsHash, hashLength = RUNNER_SUMMARY_HASH_LENGTH): RunnerSummary {
  const cut = (hex: string): string => hex.slice(0, hashLength);
  const call = settings.command !== undefined ? { command: settings.command } : { url: settings.url };
  return {
    c: cut(sha256(stableStringify(call))),
    e: cut(sha256(stableStringify(envForFingerprint(settings.env)))),
    f: Object.fromEntries(inputs.files.map((f) => [f.path, cut(f.hash)])),
  };
}

/**
 * The runner's component hash for the run fingerprint (sha256 hex over the full-length summary): add it to the
 * fingerprint's canonical object as `runner` (fingerprint-inputs.ts), next to dataset, template and scorers.
 */
export function runnerFingerprintPart(settings: RunnerSettings, inputs: RunnerInputsHash): string {
  const full = summarizeRunner(settings, inputs, 64);
  return sha256(`galctl.runner.v1\n${stableStringify({ call: full.c, env: full.e, files: inputs.hash })}`);
}

/**
 * Why the runner's part of a run changed, in the plan's words: `runner command changed` (or url), `runner env
 * changed`, and the input files: `app/answer.py changed, app/prompts/x.txt added`; `runner added` when the previous
 * run had none. Empty when nothing differs.
 */
export function runnerReasons(previous: RunnerSummary | undefined, current: RunnerSummary, settings: RunnerSettings): string[] {
  if (previous === undefined) return ['runner added'];
  const reasons: string[] = [];
  if (previous.c !== current.c) reasons.push(`runner ${settings.command !== undefined ? 'command' : 'url'} changed`);
  if (previous.e !== current.e) reasons.push('runner env changed');
  const toFiles = (f: Record<string, string>): { path: string; hash: string }[] => Object.entries(f).map(([p, hash]) => ({ path: p, hash }));
  const files = changedFilesText(changedFiles(toFiles(previous.f), toFiles(current.f)));
  if (files !== undefined) reasons.push(files);
  return reasons;
}
