import type { Desired } from '../core/desired-types.js';
import { runnerInputsHash } from './runner-inputs-hash.js';

/**
 * The desired state with each runner experiment's input files hashed (`runner.inputs`), as new objects: the run's
 * fingerprint covers them (issue 19). Reads every file the `inputs:` globs match, once per load.
 */
export async function withRunnerInputs(desired: Desired): Promise<Desired> {
  if (!desired.resources.some((r) => r.kind === 'experiment' && r.runner !== undefined)) return desired;
  const resources = await Promise.all(
    desired.resources.map(async (r) => {
      if (r.kind !== 'experiment' || r.runner === undefined) return r;
      return { ...r, runner: { ...r.runner, inputs: await runnerInputsHash(r.runner.settings.inputs, r.runner.dir) } };
    }),
  );
  return { ...desired, resources };
}
