import type { Action } from '../core/plan-types.js';

/** `Plan: 3 to create, 1 new version, 0 to update, 0 to replace, 0 to delete, 2 to ingest.` */
export function summaryLine(summary: Record<Action, number>): string {
  const versions = summary['new-version'];
  return (
    `Plan: ${summary.create} to create, ${versions} new version${versions === 1 ? '' : 's'}, ${summary.update} to update, ` +
    `${summary.replace} to replace, ${summary.delete} to delete, ${summary.ingest} to ingest.`
  );
}

export const NO_CHANGES = 'No changes. Galileo matches the manifest.';

/** Changes that do something (renderers hide no-ops). */
export const hasChanges = (summary: Record<Action, number>): boolean =>
  summary.create + summary.update + summary['new-version'] + summary.replace + summary.delete + summary.ingest > 0;

/** The last line of a plan whose only changes are orphans. */
export const orphanLine = (n: number): string => `Plan: nothing to change; ${n} object${n === 1 ? '' : 's'} no longer declared (\`--prune\` deletes ${n === 1 ? 'it' : 'them'}).`;
