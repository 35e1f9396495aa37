import type { InventoryRow, PreviewLeftover } from '../core/plan-types.js';
import { parsePreviewStack } from '../engine/ownership.js';

/** `galctl plan --preview-max-age`'s default: a week. */
export const DEFAULT_PREVIEW_MAX_AGE = '7d';

/**
 * The stack's previews that look abandoned (PURE): grouped by preview id from the inventory rows of the stacks
 * `<stack>/preview/<id>`, each whose newest row was written more than `maxAgeMs` before `now`, with the command
 * that destroys it. A preview whose rows carry no date is not listed (its age is unknown).
 */
export function previewLeftovers(rows: readonly InventoryRow[], stack: string, opts: { now: Date; maxAgeMs: number; manifest: string }): PreviewLeftover[] {
  const byId = new Map<string, InventoryRow[]>();
  for (const r of rows) {
    const p = parsePreviewStack(r.stack);
    if (p === undefined || p.stack !== stack) continue;
    byId.set(p.id, [...(byId.get(p.id) ?? []), r]);
  }
  const leftovers: PreviewLeftover[] = [];
  for (const [id, of] of [...byId].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const dates = of.flatMap((r) => (r.writtenAt === undefined || Number.isNaN(Date.parse(r.writtenAt)) ? [] : [Date.parse(r.writtenAt)]));
    if (dates.length === 0) continue;
    const newest = Math.max(...dates);
    if (opts.now.getTime() - newest <= opts.maxAgeMs) continue;
    leftovers.push({
      id,
      objects: of.filter((r) => r.id !== '').length,
      last_written: new Date(newest).toISOString(),
      command: `galctl preview --destroy --id ${id} -f ${opts.manifest}`,
    });
  }
  return leftovers;
}
