import type { ScorerSettingsState } from '../../core/plan-types.js';
import type { KindDescriptor } from '../kind-descriptor.js';
import { applyScorerSettings } from './apply.js';
import { readScorerSettings } from './read.js';
import { settingsFields } from './settings-fields.js';

/**
 * `<run>.scorers`: a run's scorer settings (one upsert of the whole list): its scorers, the run's overrides of
 * each (pinned version, model, judges, chain of thought) and its sampling (segment filters). A new run gets them
 * whole; an existing one is updated when a scorer was added or removed or a managed setting differs.
 */
export const scorerSettingsKind: KindDescriptor<'scorer_settings'> = {
  id: 'scorer_settings',
  label: 'run scorer settings',
  plural: 'run scorer settings',
  scope: 'run',
  owned: false,
  diff: {},
  classify: (step, live, ctx, base) => {
    const want = step.state;
    const runIsNew = ctx.runAction === 'create' || ctx.runAction === 'replace';
    if (runIsNew) {
      const fields = settingsFields(want, undefined);
      if (want.scorers.length === 0 && fields.length === 0) return { ...base, action: 'no-op' };
      return { ...base, action: 'create', fields, scorers: { added: want.scorers, removed: [] } };
    }
    const have = live === undefined ? undefined : (live.state as ScorerSettingsState);
    const haveScorers = have?.scorers ?? [];
    const added = want.scorers.filter((s) => !haveScorers.includes(s));
    const removed = haveScorers.filter((s) => !want.scorers.includes(s)).sort();
    const fields = settingsFields(want, have);
    if (added.length === 0 && removed.length === 0 && fields.length === 0) return { ...base, action: 'no-op' };
    return { ...base, action: 'update', fields, ...(added.length === 0 && removed.length === 0 ? {} : { scorers: { added, removed } }) };
  },
  readRuns: readScorerSettings,
  apply: applyScorerSettings,
};
