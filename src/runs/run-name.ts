import { FINGERPRINT_LENGTH, FINGERPRINT_PATTERN } from './fingerprint-inputs.js';

/** Between the experiment's name and the fingerprint: a middle dot, which reads well in the console's run list. */
export const RUN_NAME_SEPARATOR = ' · ';

/**
 * Longest run name galctl writes, in code points. The spec gives experiment names only `minLength: 1`; its
 * neighbour `experiment_group_name` is capped at 255, so galctl stays within that.
 */
export const MAX_RUN_NAME_LENGTH = 255;

/**
 * The Galileo name of an experiment's run for a fingerprint, e.g. `support-eval · 3f9a1c2b7e`. Deterministic, so
 * a re-apply or a crash-resume finds the run by name (experiment names are unique per project) and adopts it
 * instead of creating a second one. A name too long to fit is cut, with `…`, before the separator: the
 * fingerprint always survives whole (two experiment names alike in their first 241 code points then share a
 * prefix: the run's `galctl:manifest_key` tag tells their runs apart).
 */
export function runName(experimentName: string, fingerprint: string): string {
  if (!FINGERPRINT_PATTERN.test(fingerprint)) throw new Error(`not a run fingerprint: ${JSON.stringify(fingerprint)}`);
  const room = MAX_RUN_NAME_LENGTH - RUN_NAME_SEPARATOR.length - FINGERPRINT_LENGTH;
  const chars = Array.from(experimentName);
  const base = chars.length <= room ? experimentName : `${chars.slice(0, room - 1).join('')}…`;
  return `${base}${RUN_NAME_SEPARATOR}${fingerprint}`;
}

/**
 * The experiment name and fingerprint of a run name galctl wrote; undefined for any other name (a run made by
 * hand or by the SDK). The experiment part is what runName wrote, so it is the full name unless runName cut it.
 */
export function parseRunName(name: string): { experiment: string; fingerprint: string } | undefined {
  const at = name.lastIndexOf(RUN_NAME_SEPARATOR);
  if (at <= 0) return undefined;
  const fingerprint = name.slice(at + RUN_NAME_SEPARATOR.length);
  if (!FINGERPRINT_PATTERN.test(fingerprint)) return undefined;
  return { experiment: name.slice(0, at), fingerprint };
}

/** Whether a run name is one of this experiment's runs (whatever its fingerprint). */
export function isRunOf(experimentName: string, name: string): boolean {
  const parsed = parseRunName(name);
  return parsed !== undefined && runName(experimentName, parsed.fingerprint) === name;
}
