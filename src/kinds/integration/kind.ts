import { classifyByDiff } from '../../core/classify-base.js';
import type { KindDescriptor } from '../kind-descriptor.js';
import { stepBase } from '../step-base.js';
import { applyIntegration } from './apply.js';
import { exportIntegrations } from './export.js';
import { integrationFromManifest } from './from-manifest.js';
import { integrationLive } from './live.js';
import { integrationSchema } from './schema.js';
import { tokenFingerprint } from './token-fingerprint.js';

/**
 * integration: org-level, one per provider (named by it); create or update by one PUT; its token is write-only, so
 * the plan compares its salted fingerprint with the one galctl recorded in the stack's inventory row.
 */
export const integrationKind: KindDescriptor<'integration'> = {
  id: 'integration',
  label: 'integration',
  plural: 'integrations',
  scope: 'org',
  manifestKey: 'integrations',
  fromManifest: integrationFromManifest,
  schema: integrationSchema,
  secretFields: ['token'],
  deleteRank: 5,
  owned: true,
  diff: { partial: ['config'] },
  desiredSteps: (r, ctx) => [
    {
      ...stepBase(r, ctx),
      kind: 'integration',
      address: r.address,
      resource: r,
      state: { name: r.name, token: tokenFingerprint(r.provider, r.token), config: r.config },
      dependsOn: [],
    },
  ],
  classify: (step, live, _ctx, base) => classifyByDiff(step.state, live, integrationKind.diff, base),
  orgLive: integrationLive,
  orgExport: exportIntegrations,
  apply: applyIntegration,
};
