import { addressOf } from '../../core/address.js';
import { classifyByDiff, guardedReplace } from '../../core/classify-base.js';
import { updateScorer } from './api.js';
import type { ScorerState } from '../../core/plan-types.js';
import type { KindDescriptor } from '../kind-descriptor.js';
import { sorted, stepBase } from '../step-base.js';
import { applyScorer } from './apply.js';
import { normalizeCode } from './normalize-code.js';
import { SCORER_VERSION_FIELDS } from './version-fields.js';
import { scorerFromManifest } from './from-manifest.js';
import { scorerSchema } from './schema.js';

/**
 * scorer (llm, code): org-level, by name and type; version fields → new version, shell fields → update; a type
 * change (Galileo fixes it at creation) → a guarded replace, never a second scorer.
 */
export const scorerKind: KindDescriptor<'scorer'> = {
  id: 'scorer',
  label: 'scorer',
  plural: 'scorers',
  describe: (r) => `${r.scorerType} scorer`,
  scope: 'org',
  manifestKey: 'scorers',
  fromManifest: scorerFromManifest,
  schema: scorerSchema,
  deleteRank: 4,
  owned: true,
  diff: { ignore: ['version'], sets: ['tags', 'nodeTypes'] },
  desiredSteps: (r, ctx) => {
    const scope = r.scope && { global: r.scope.global, projects: sorted(r.scope.projects.map((p) => ctx.projectName(p))) };
    const shell = { name: r.name, scorerType: r.scorerType, description: r.description, tags: r.tags && sorted(r.tags), nodeTypes: sorted(r.nodeTypes), version: null, scope };
    const state: ScorerState =
      r.scorerType === 'code'
        ? { ...shell, code: normalizeCode(r.code) }
        : { ...shell, outputType: r.outputType, inputType: r.inputType, prompt: r.prompt, model: r.model, judges: r.judges, chainOfThought: r.chainOfThought };
    return [{ ...stepBase(r, ctx), kind: 'scorer', address: r.address, resource: r, state, dependsOn: (r.scope?.projects ?? []).map((p) => addressOf('project', p)) }];
  },
  classify: (step, live, _ctx, classified) => {
    const base = { ...classified, scorer_type: step.state.scorerType };
    return classifyByDiff(step.state, live, scorerKind.diff, base, (fields) => {
      if (live !== undefined && fields.some((f) => f.path === 'scorer_type')) {
        const before = (live.state as ScorerState).scorerType;
        const after = step.state.scorerType;
        const reason = `type changed from ${before} to ${after}: a scorer's type is fixed at creation, so apply deletes it and creates a ${after} scorer of the same name`;
        return guardedReplace(base, { fields: [{ path: 'type', before, after }], reason, name: step.name, guarded: step.protect || live.protected === true });
      }
      return { ...base, action: fields.some((f) => SCORER_VERSION_FIELDS.has(f.path)) ? 'new-version' : 'update', fields };
    });
  },
  rename: ({ client, id, name }) => updateScorer(client, id, { name }).then(() => undefined),
  seedIds: (ids, r, found) => void ids.scorers.set(r.address, { id: found.id, type: r.scorerType, name: r.name }),
  apply: applyScorer,
};
