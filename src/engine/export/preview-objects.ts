import type { InventoryRow } from '../../core/plan-types.js';
import { parsePreviewStack } from '../ownership.js';
import type { Experiment } from '../../galileo/types.js';
import { flattenRunTags, RUN_TAG_KEYS } from '../../runs/run-tags.js';

/**
 * The ids of what pull request previews made (docs/previews.md): the objects the inventory records under a preview
 * stack (`<stack>/preview/<id>`). An export leaves them out: they are a pull request's scratch copies, never part of
 * the org's configuration, and `galctl preview --destroy` removes them.
 */
export function previewObjectIds(rows: readonly InventoryRow[]): Set<string> {
  return new Set(rows.filter((r) => r.id !== '' && parsePreviewStack(r.stack) !== undefined).map((r) => r.id));
}

/** A preview's run, by its tag: found even when the preview was killed before its inventory row was confirmed. */
export function isPreviewRun(run: Experiment): boolean {
  return flattenRunTags(run.tags ?? undefined).some((t) => t.key === RUN_TAG_KEYS.preview);
}
