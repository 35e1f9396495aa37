import { addressOf } from '../../core/address.js';
import type { DesiredDataset } from '../../core/desired-types.js';
import { datasetContent } from '../../manifest/build-desired.js';
import type { ManifestEntry } from '../manifest-entry.js';

/** `datasets.<key>` → a desired dataset with the rows loadManifest parsed (none yet in the first stage). */
export function datasetFromManifest({ key, base, loaded }: ManifestEntry): DesiredDataset {
  return { kind: 'dataset', address: addressOf('dataset', key), ...base, ...datasetContent(loaded.datasets.get(key)) };
}
