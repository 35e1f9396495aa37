import { GalctlError } from '../../core/errors.js';
import { ApiError } from '../../galileo/api-error.js';
import {
  createDataset,
  deleteDataset,
  getDataset,
  getDatasetContent,
  getLatestDatasetVersion,
  nameDatasetVersion,
  patchDatasetContent,
  queryDatasets,
} from './api.js';
import { findOne } from '../../engine/read/live-resource.js';
import { MAX_REFERENCED_BYTES } from '../../manifest/read-referenced-file.js';
import type { DesiredDataset } from '../../core/desired-types.js';
import { normalizeDataset } from '../../engine/normalize-live.js';
import { datasetVersionName } from '../../engine/ownership.js';
import { diffRows } from './row-diff.js';
import type { PlanChange } from '../../core/plan-types.js';
import { readRegularFile } from '../../read-regular-file.js';
import type { StepResult } from '../../engine/apply/run-in-order.js';
import { recordedVersions } from '../../engine/read/recorded-versions.js';
import { createOrAdopt, deleteIdempotent, desiredStepOf, needId, type StepContext } from '../../engine/apply/step-context.js';

/** PATCH attempts when someone else keeps editing the dataset (412) or a PATCH may have landed. */
const MAX_EDIT_ATTEMPTS = 4;

/**
 * Turns the current rows into the desired ones with the minimal row edits, as one new version: read the rows and
 * the ETag, PATCH the edits with If-Match; on 412 (changed meanwhile) or an answer lost in transit, read again and
 * recompute (so an edit that landed is not made twice). Returns whether a new version was made.
 */
async function editRows(ctx: StepContext, r: DesiredDataset, id: string): Promise<boolean> {
  for (let attempt = 1; ; attempt += 1) {
    const content = await getDatasetContent(ctx.client, id);
    const rows = normalizeDataset({ id, name: r.name, current_version_index: 0 }, undefined, content).state.rows ?? [];
    const { edits } = diffRows(r.columns, r.rows, rows, content.columns);
    if (edits.length === 0) return attempt > 1;
    if (content.etag === null) {
      throw new GalctlError('dataset-no-etag', `GET /datasets/${id}/content sent no ETag, so ${r.address} cannot be edited safely`);
    }
    try {
      ctx.progress(r.address, `editing ${edits.length} row${edits.length === 1 ? '' : 's'}`);
      await patchDatasetContent(ctx.client, id, content.etag, edits);
      return true;
    } catch (err) {
      const retry = err instanceof ApiError && (err.status === 412 || err.maybeLanded);
      if (!retry || attempt >= MAX_EDIT_ATTEMPTS) throw err;
    }
  }
}

/** Names the current version `galctl:sha256:<hash>` (unless it already is) and registers the version index. */
async function nameCurrentVersion(ctx: StepContext, r: DesiredDataset, id: string): Promise<{ index: number; renamed: boolean }> {
  const [d, latest] = await Promise.all([getDataset(ctx.client, id), getLatestDatasetVersion(ctx.client, id)]);
  const name = datasetVersionName(r.contentHash, { protect: r.protect });
  const renamed = latest?.version_index !== d.current_version_index || latest.name !== name;
  if (renamed) await nameDatasetVersion(ctx.client, id, d.current_version_index, name);
  await recordedVersions(ctx.manifestDir, ctx.client.apiUrl).recordDatasetVersion(d, name);
  ctx.ids.datasets.set(r.address, { id, versionIndex: d.current_version_index });
  return { index: d.current_version_index, renamed };
}

/** From wherever the dataset is: edit rows if they differ, then name the version with the content hash. */
async function converge(ctx: StepContext, r: DesiredDataset, id: string): Promise<string> {
  const edited = await editRows(ctx, r, id);
  const { index, renamed } = await nameCurrentVersion(ctx, r, id);
  return edited ? `new version ${index}` : renamed ? `named version ${index}` : 'up to date';
}

/** dataset: create (multipart upload, then name version 1), new-version (row edits), update (name the version), delete. */
export async function applyDataset(change: PlanChange, ctx: StepContext): Promise<StepResult> {
  const { client } = ctx;
  if (change.action === 'delete') return deleteIdempotent(() => deleteDataset(client, needId(change)), change.id);
  const r = desiredStepOf(change, ctx, 'dataset').resource;
  if (change.action === 'create') {
    // inline rows go up as JSONL, one row object per line (what the manifest promises)
    const content = r.file === undefined ? r.rows.map((row) => `${JSON.stringify(row)}\n`).join('') : await readRegularFile(r.file, MAX_REFERENCED_BYTES);
    const { obj, adopted } = await createOrAdopt(
      () => createDataset(client, { name: r.name, format: r.file === undefined ? 'jsonl' : r.format, content }),
      async () => findOne(await queryDatasets(client, { names: [r.name] }), r.name, 'dataset'),
      (obj) => ctx.mayAdopt(change, obj),
    );
    if (adopted) return { summary: `adopted (${await converge(ctx, r, obj.id)})`, id: obj.id };
    const name = datasetVersionName(r.contentHash, { protect: r.protect });
    await nameDatasetVersion(client, obj.id, obj.current_version_index, name);
    await recordedVersions(ctx.manifestDir, client.apiUrl).recordDatasetVersion(obj, name);
    ctx.ids.datasets.set(r.address, { id: obj.id, versionIndex: obj.current_version_index });
    return { summary: 'created', id: obj.id };
  }
  const id = needId(change);
  if (change.action === 'update') {
    // the rows already match (the planner read them): only the version name (hash, protection) changes
    const { index } = await nameCurrentVersion(ctx, r, id);
    return { summary: `named version ${index}`, id };
  }
  return { summary: await converge(ctx, r, id), id };
}
