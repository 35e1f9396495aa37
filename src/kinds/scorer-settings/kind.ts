import type { ScorerSettingsState } from '../../core/plan-types.js';
import type { KindDescriptor } from '../kind-descriptor.js';
import { applyScorerSettings } from './apply.js';
import { readScorerSettings } from './read.js';

/**
 * `<run>.scorers`: a run's scorer list (one upsert of the whole list). A new run gets it whole; an existing one
 * is updated when a scorer was added or removed.
 */
export const scorerSettingsKind: KindDescriptor<'scorer_settings'> = {
  id: 'scorer_settings',
  label: 'run scorer settings',
  plural: 'run scorer settings',
  scope: 'run',
  owned: false,
  diff: {},
  classify: (step, live, ctx, base) => {
    const want = step.state.scorers;
    const runIsNew = ctx.runAction === 'create' || ctx.runAction === 'replace';
    if (runIsNew) {
      return want.length === 0 ? { ...base, action: 'no-op' } : { ...base, action: 'create', scorers: { added: want, removed: [] } };
    }
    const have = live === undefined ? [] : (live.state as ScorerSettingsState).scorers;
    const added = want.filter((s) => !have.includes(s));
    const removed = have.filter((s) => !want.includes(s)).sort();
    if (added.length === 0 && removed.length === 0) return { ...base, action: 'no-op' };
    return { ...base, action: 'update', scorers: { added, removed } };
  },
  readRuns: readScorerSettings,
  apply: applyScorerSettings,
};
