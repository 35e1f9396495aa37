import type { Desired } from '../core/desired-types.js';

/**
 * One warning per runner input glob that matched no file: a typo there would leave the application out of the
 * run's fingerprint (its changes would plan no new run).
 */
export function unmatchedInputWarnings(desired: Desired): string[] {
  return desired.resources.flatMap((r) =>
    r.kind === 'experiment' && r.runner?.inputs !== undefined
      ? r.runner.inputs.unmatched.map((glob) => `${r.address}: runner input "${glob}" matches no file (the run's fingerprint leaves it out)`)
      : [],
  );
}
