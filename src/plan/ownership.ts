/**
 * galctl's ownership markers: what `--prune` may delete is only what carries one. They are added by apply and
 * hidden by normalization, so the manifest never has to list them and they never show up as a diff.
 *
 * - scorers: the tag `galctl:managed`
 * - projects: the label `galctl:managed`
 * - datasets: the current version's name starts with `galctl:` (galctl names each version `galctl:sha256:<hex>`)
 * - templates, experiments, log streams: owned when they sit inside a project that carries the label
 *   (Galileo offers no tag or label on them)
 */
export const OWNERSHIP_TAG = 'galctl:managed';
export const OWNERSHIP_LABEL = 'galctl:managed';
export const OWNED_DATASET_VERSION_PREFIX = 'galctl:';

/** The list without galctl's marker, sorted (tags and labels are sets). */
export function withoutMarker(values: readonly string[] | null | undefined, marker: string): string[] {
  return (values ?? []).filter((v) => v !== marker).sort();
}

export function hasMarker(values: readonly string[] | null | undefined, marker: string): boolean {
  return (values ?? []).includes(marker);
}
