import { withoutName, type Classified } from '../../core/classify-base.js';
import { diffState, type DiffStateOptions } from '../../core/diff-state.js';
import type { DesiredStepOf } from '../../core/kind-map.js';
import type { DatasetState, FieldChange, LiveResource } from '../../core/plan-types.js';
import { datasetVersionName } from '../../engine/ownership.js';
import { diffRows, rowsToCreate } from './row-diff.js';

/** What a dataset diff compares: the rows are compared by content hash or row by row, never as fields. */
export const DATASET_DIFF: DiffStateOptions = { ignore: ['numRows', 'versionIndex', 'contentHash', 'rows'], sets: ['columns'] };

/** dataset: the stored content hash settles equality; else the rows are compared (new version) or the hash named. */
export function classifyDataset(step: DesiredStepOf<'dataset'>, live: LiveResource | undefined, base: Classified): Classified {
  const { resource, state } = step;
  if (live === undefined) {
    return { ...base, action: 'create', fields: diffState(state, undefined, DATASET_DIFF), rows: rowsToCreate(resource.columns, resource.rows) };
  }
  const liveState = live.state as DatasetState;
  if (liveState.contentHash !== null && liveState.contentHash === state.contentHash) return { ...base, action: 'no-op' };
  const fields = withoutName(diffState(state, liveState, DATASET_DIFF));
  if (liveState.rows === undefined) {
    // the reader settles equality by the stored hash or reads the rows; without either, say what we know
    const hash: FieldChange = { path: 'content_hash', before: liveState.contentHash, after: state.contentHash };
    return { ...base, action: 'new-version', fields: [...fields, hash], reason: 'the live rows were not read; the content hash differs' };
  }
  const { changes, edits } = diffRows(resource.columns, resource.rows, liveState.rows, liveState.columns);
  if (edits.length === 0 && fields.length === 0) {
    // an adopted dataset galctl did not create: naming its version would claim it (docs/ownership.md), and adoption
    // alone must not change anything, so its rows are compared on every plan instead
    if (live.owned === false) return { ...base, action: 'no-op' };
    // rows equal but the current version lacks galctl's hash name (e.g. a crash between upload and naming):
    // naming the version is cheap and lets later plans skip reading the rows
    const versionName = datasetVersionName(state.contentHash ?? '', { protect: step.protect });
    const before = live.refs?.versionName ?? null;
    return {
      ...base,
      action: 'update',
      fields: [{ path: 'version_name', before, after: versionName }],
      reason: 'the rows already match; the current version is not yet named with their content hash',
    };
  }
  return { ...base, action: 'new-version', fields, rows: changes };
}
