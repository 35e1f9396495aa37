import type { FieldChange } from '../../core/plan-types.js';
import type { GalileoClient } from '../../galileo/create-client.js';
import { RUN_TAG_TYPE, type RunTag } from '../../runs/run-tags.js';
import { addExperimentTag, listExperimentTags, updateExperimentTag } from './api.js';

/**
 * The declared tags the run lacks or holds with another value, as field changes (`tags.team`). Only declared keys
 * are compared: a tag added by hand is left alone, and so is one the manifest stops declaring (galctl cannot
 * prove it wrote it).
 */
export function declaredTagFields(want: Readonly<Record<string, string>> | undefined, have: Readonly<Record<string, string>> | undefined): FieldChange[] {
  const fields: FieldChange[] = [];
  for (const [key, value] of Object.entries(want ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) {
    const before = have?.[key];
    if (before !== value) fields.push({ path: `tags.${key}`, ...(before === undefined ? {} : { before }), after: value });
  }
  return fields;
}

/** The declared tags as `RunTagCreateRequest`s, sent with galctl's run tags (same type). */
export function declaredRunTags(tags: Readonly<Record<string, string>> | undefined): RunTag[] {
  return Object.entries(tags ?? {}).map(([key, value]) => ({ key, value, tag_type: RUN_TAG_TYPE }));
}

/**
 * Puts the declared tags on an existing run: one read, then a POST per missing key and a PUT per changed value.
 * Repeating it is harmless (a re-sent POST that finds its key taken with this value is done: addExperimentTag).
 */
export async function syncDeclaredTags(
  client: GalileoClient,
  projectId: string,
  runId: string,
  tags: Readonly<Record<string, string>> | undefined,
): Promise<number> {
  const want = declaredRunTags(tags);
  if (want.length === 0) return 0;
  const held = await listExperimentTags(client, projectId, runId);
  let written = 0;
  for (const tag of want) {
    const same = held.find((t) => t.key === tag.key);
    if (same?.value === tag.value) continue;
    if (same?.id === undefined) await addExperimentTag(client, projectId, runId, tag);
    else await updateExperimentTag(client, projectId, runId, same.id, tag);
    written += 1;
  }
  return written;
}
