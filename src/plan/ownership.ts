/**
 * galctl's ownership and protection markers (docs/ownership.md). What `--prune` may delete is only what carries
 * galctl's ownership marker; what carries a protection marker is never deleted or replaced. Apply writes the
 * markers; normalization hides every `galctl:` tag and label, so the manifest never lists them and they never
 * show up as a diff.
 *
 * - scorers: tag `galctl:managed` (owned), tag `galctl:protected`
 * - projects: label `galctl:managed` (owned), label `galctl:protected`
 * - datasets: the current version's name `galctl:sha256:<hex>` (owned) or `galctl:protected:sha256:<hex>`
 *   (owned and protected)
 * - templates, log streams, experiments: a label on their project naming them, `galctl:<kind>:<name>` (owned),
 *   `galctl:protected:<kind>:<name>`. Galileo offers no tag or label on templates and log streams; the project's
 *   labels are the one place that is listed with the project, so ownership costs no extra read.
 */
export const MARKER_PREFIX = 'galctl:';
export const OWNERSHIP_TAG = 'galctl:managed';
export const OWNERSHIP_LABEL = 'galctl:managed';
export const PROTECTED_MARKER = 'galctl:protected';
export const OWNED_DATASET_VERSION_PREFIX = 'galctl:';
export const PROTECTED_DATASET_VERSION_PREFIX = 'galctl:protected:';

export type ChildKind = 'template' | 'log_stream' | 'experiment';

/** The project label that says galctl created this template, log stream or experiment in it. */
export function childOwnershipLabel(kind: ChildKind, name: string): string {
  return `${MARKER_PREFIX}${kind}:${name}`;
}

/** The project label that protects this template, log stream or experiment. */
export function childProtectionLabel(kind: ChildKind, name: string): string {
  return `${PROTECTED_MARKER}:${kind}:${name}`;
}

export const isMarker = (value: string): boolean => value.startsWith(MARKER_PREFIX);

/** The list without galctl's markers (every `galctl:` value), sorted (tags and labels are sets). */
export function withoutMarkers(values: readonly string[] | null | undefined): string[] {
  return (values ?? []).filter((v) => !isMarker(v)).sort();
}

export function hasMarker(values: readonly string[] | null | undefined, marker: string): boolean {
  return (values ?? []).includes(marker);
}

/** Owned/protected as read from a live object's markers. */
export interface Ownership {
  owned: boolean;
  protected: boolean;
}

/** A scorer's tags or a project's labels. */
export function ownershipOfMarkers(values: readonly string[] | null | undefined): Ownership {
  return { owned: hasMarker(values, OWNERSHIP_TAG), protected: hasMarker(values, PROTECTED_MARKER) };
}

/** A template, log stream or experiment, from its project's labels. */
export function ownershipOfChild(projectLabels: readonly string[] | null | undefined, kind: ChildKind, name: string): Ownership {
  return { owned: hasMarker(projectLabels, childOwnershipLabel(kind, name)), protected: hasMarker(projectLabels, childProtectionLabel(kind, name)) };
}

/** A dataset, from its current version's name. */
export function ownershipOfDatasetVersion(versionName: string | null | undefined): Ownership {
  const name = versionName ?? '';
  return { owned: name.startsWith(OWNED_DATASET_VERSION_PREFIX), protected: name.startsWith(PROTECTED_DATASET_VERSION_PREFIX) };
}

/** The name galctl gives a dataset version it creates (see plan/content-hash.ts for the hash). */
export function datasetVersionName(contentHash: string, protect: boolean): string {
  return `${protect ? PROTECTED_DATASET_VERSION_PREFIX : OWNED_DATASET_VERSION_PREFIX}sha256:${contentHash}`;
}

/**
 * The markers to send with a tag or label list: the user's values, then galctl's markers as they should be. `live`
 * is what the object carries now (undefined when creating); `set` is what to add (`[OWNERSHIP_TAG]` on create,
 * `[PROTECTED_MARKER]` when protect is on), `unset` what to remove (`[PROTECTED_MARKER]` when protect is off).
 * Other galctl markers already on the object (child labels of a project) are kept.
 */
export function withMarkers(
  userValues: readonly string[] | undefined,
  live: readonly string[] | null | undefined,
  change: { set?: readonly string[]; unset?: readonly string[] },
): string[] {
  const keep = (live ?? []).filter((v) => isMarker(v) && !(change.unset ?? []).includes(v));
  const base = userValues ?? withoutMarkers(live);
  return [...new Set([...base, ...keep, ...(change.set ?? [])])];
}
