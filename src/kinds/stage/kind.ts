import { addressOf } from '../../core/address.js';
import { classifyByDiff } from '../../core/classify-base.js';
import { GalctlError } from '../../core/errors.js';
import type { KindDescriptor } from '../kind-descriptor.js';
import { stepBase } from '../step-base.js';
import { applyStage } from './apply.js';
import { stageFromManifest } from './from-manifest.js';
import { stageLive } from './live.js';
import { rulesetsDigest } from './rulesets-digest.js';
import { stageSchema } from './schema.js';
import './types.js';

/** What the plan says of a rulesets change: the read-back has none. */
const RULESETS_REASON =
  "Galileo does not read a stage's rulesets back: galctl compares them with what it last applied (recorded in its inventory); new rulesets are a new version of the stage";

/**
 * Protect stage: inside a project, found by name (Galileo cannot list stages, so strays are never seen and never
 * pruned; it has no delete route either). Rulesets are compared by digest (rulesets-digest.ts).
 */
export const stageKind: KindDescriptor<'stage'> = {
  id: 'stage',
  label: 'stage',
  plural: 'stages',
  scope: 'project',
  manifestKey: 'stages',
  fromManifest: stageFromManifest,
  schema: stageSchema,
  owned: true,
  diff: {},
  desiredSteps: (r, ctx) => [
    {
      ...stepBase(r, ctx),
      kind: 'stage',
      address: r.address,
      resource: r,
      state: {
        name: r.name,
        paused: r.paused,
        ...(r.description === undefined ? {} : { description: r.description }),
        ...(r.type === undefined ? {} : { type: r.type }),
        ...(r.rulesets === undefined ? {} : { rulesets: rulesetsDigest(r.rulesets) }),
      },
      dependsOn: [addressOf('project', r.project)],
    },
  ],
  classify: (step, live, _ctx, base) =>
    classifyByDiff(step.state, live, stageKind.diff, base, (fields) => {
      const fixed = fields.filter((f) => f.path === 'description' || f.path === 'type');
      if (fixed.length > 0) {
        throw new GalctlError('stage-immutable', `stage "${step.name}" in project "${step.project ?? ''}": Galileo cannot change a stage's ${fixed.map((f) => f.path).join(' or ')} once it is made`, {
          hint: `give the stage a new name (a new stage), or put its ${fixed.map((f) => f.path).join(' and ')} back as they are in Galileo`,
        });
      }
      return { ...base, action: 'update', fields, ...(fields.some((f) => f.path === 'rulesets') ? { reason: RULESETS_REASON } : {}) };
    }),
  live: stageLive,
  apply: applyStage,
};
