import type { KindDescriptor } from '../kind-descriptor.js';
import type { DatasetState } from '../../core/plan-types.js';
import { updateDataset } from './api.js';
import { stepBase } from '../step-base.js';
import { applyDataset } from './apply.js';
import { classifyDataset, DATASET_DIFF } from './classify-dataset.js';
import { datasetFromManifest } from './from-manifest.js';
import { datasetCaution } from './caution.js';
import { datasetSchema } from './schema.js';

/** dataset: org-level, by name; create (multipart upload); a new version via row edits when the content changes. */
export const datasetKind: KindDescriptor<'dataset'> = {
  id: 'dataset',
  label: 'dataset',
  plural: 'datasets',
  scope: 'org',
  manifestKey: 'datasets',
  fromManifest: datasetFromManifest,
  schema: datasetSchema,
  deleteRank: 3,
  owned: true,
  diff: DATASET_DIFF,
  desiredSteps: (r, ctx) => [
    {
      ...stepBase(r, ctx),
      kind: 'dataset',
      address: r.address,
      resource: r,
      state: { name: r.name, columns: r.columns, numRows: r.rows.length, versionIndex: 0, contentHash: r.contentHash },
      dependsOn: [],
    },
  ],
  classify: (step, live, _ctx, base) => classifyDataset(step, live, base),
  rename: ({ client, id, name }) => updateDataset(client, id, { name }).then(() => undefined),
  seedIds: (ids, r, found) => {
    const index = found.refs?.datasetVersionIndex;
    ids.datasets.set(r.address, { id: found.id, versionIndex: typeof index === 'number' ? index : (found.state as DatasetState).versionIndex });
  },
  caution: datasetCaution,
  apply: applyDataset,
};
