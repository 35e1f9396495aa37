import { addressOf } from '../../core/address.js';
import { GalctlError } from '../../core/errors.js';
import type { DesiredStepOf } from '../../core/kind-map.js';
import type { DatasetState, LiveState } from '../../core/plan-types.js';

/**
 * `dataset: {name, version}` names a version the dataset has now (1 to its current version; 1 for a dataset this
 * plan creates): otherwise the plan stops with the error at the pin's line, since the run would read a version
 * that is not there.
 */
export function checkDatasetPin(step: DesiredStepOf<'experiment'>, live: LiveState): void {
  const { dataset, datasetVersion: pin } = step.resource;
  if (dataset === undefined || pin === undefined) return;
  const current = (live.resources[addressOf('dataset', dataset)]?.state as DatasetState | undefined)?.versionIndex;
  // a dataset not in Galileo yet is this plan's create, which makes version 1
  if (pin.version >= 1 && pin.version <= (current ?? 1)) return;
  const where = pin.loc;
  const has = current === undefined ? 'this plan creates it, with version 1' : `its versions are 1 to ${current}`;
  throw new GalctlError('dataset-version-missing', `${where.file}:${where.line}:${where.col}: ${step.address}: dataset "${dataset}" has no version ${pin.version} (${has})`, {
    hint: 'pin a version the dataset has, or write dataset: <key> to use its current version',
  });
}
