import type { KindDescriptor } from '../kind-descriptor.js';
import { applyTraces } from './apply.js';

/**
 * `<run>.traces`: the run's trace file, or a runner's application answering the dataset rows; only the traces the
 * run does not hold yet are ingested (a runner calls its application only for those rows).
 */
export const tracesKind: KindDescriptor<'traces'> = {
  id: 'traces',
  label: 'traces',
  plural: 'traces',
  scope: 'run',
  owned: false,
  diff: {},
  classify: (step, _live, ctx, base) => {
    // a runner's step has no trace file: its state names the application
    const file = ctx.traceFile ?? step.state.file;
    const counts = ctx.traceCounts;
    if (counts === undefined) {
      return { ...base, action: 'ingest', fields: [{ path: 'traces', known_after_apply: true }], traces: { new: 0, present: 0, file } };
    }
    const runIsNew = ctx.runAction === 'create' || ctx.runAction === 'replace';
    const present = runIsNew ? 0 : counts.present;
    const fresh = counts.total - present;
    // an interrupted ingest left traces stored incomplete (never scored): the ingest finishes them even with nothing new
    const incomplete = runIsNew ? 0 : (counts.incomplete ?? 0);
    if (fresh <= 0 && incomplete === 0) return { ...base, action: 'no-op', traces: { new: 0, present, file } };
    return { ...base, action: 'ingest', traces: { new: Math.max(fresh, 0), present, file, ...(incomplete > 0 ? { incomplete } : {}) } };
  },
  apply: applyTraces,
};
