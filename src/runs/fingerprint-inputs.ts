import { createHash } from 'node:crypto';
import { stableStringify } from '../core/content-hash.js';
import type { RunInputs } from '../core/run-inputs.js';
import { INPUTS_SCHEMA_VERSION, summarizeInputs } from './summarize-inputs.js';
import { runnerFingerprintPart } from '../runner/runner-summary.js';

/** Hex digits of a run fingerprint: 40 bits, ample among one experiment's runs, short enough for a run name. */
export const FINGERPRINT_LENGTH = 10;

export const FINGERPRINT_PATTERN = /^[0-9a-f]{10}$/;

/**
 * The fingerprint of an experiment's inputs: the first FINGERPRINT_LENGTH hex digits of sha256 over
 * `galctl.run-inputs.v<N>\n` + the canonical JSON (object keys sorted) of the full-length component hashes.
 * It covers the dataset (name + content hash, or the pinned version), the template (name, canonical text,
 * settings), prompt_settings, the scorer set (name, type, content of each custom scorer's version, or the version
 * the run pins, and the run's model / judges / chain-of-thought overrides), the trace file's content, the run's
 * sampling (segment filters), and a runner's command or url, env and input files' content (runner-summary.ts): each
 * changes what the run measures. It leaves out what is display only: versions, row counts, the trace file's path and how the
 * experiment refers to a scorer, so re-reading the same inputs always gives the same fingerprint and moving a file
 * or renumbering versions makes no new run.
 */
export function fingerprintInputs(inputs: RunInputs): string {
  const full = summarizeInputs(inputs, 64);
  const canonical = {
    dataset: full.d === undefined ? undefined : { name: full.d.n, content: full.d.h },
    template: full.t === undefined ? undefined : { name: full.t.n, text: full.t.x, settings: full.t.s },
    promptSettings: full.p,
    scorers: Object.values(full.s)
      .map((s) => ({ name: s.n, type: s.t, content: s.a }))
      .sort((a, b) => (a.type === b.type ? compare(a.name, b.name) : compare(a.type, b.type))),
    traceFile: full.f === undefined ? undefined : { content: full.f.h },
    runner: inputs.runner === undefined ? undefined : runnerFingerprintPart(inputs.runner.settings, inputs.runner.inputs),
    // present only when the run samples: the fingerprints of runs that score every trace stay as they were
    ...(full.g === undefined ? {} : { sampling: full.g }),
  };
  return createHash('sha256')
    .update(`galctl.run-inputs.v${INPUTS_SCHEMA_VERSION}\n${stableStringify(canonical)}`)
    .digest('hex')
    .slice(0, FINGERPRINT_LENGTH);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
