import { addressOf } from '../../core/address.js';
import { renameTemplate } from './api.js';
import { classifyByDiff } from '../../core/classify-base.js';
import type { KindDescriptor } from '../kind-descriptor.js';
import { stepBase } from '../step-base.js';
import { applyTemplate } from './apply.js';
import { canonicalTemplate, templateDisplayText } from './canonical-template.js';
import { templateFromManifest } from './from-manifest.js';
import { templateLive } from './live.js';
import { templateSchema } from './schema.js';

/** template: inside a project, by name; a text or settings change → a new version, then selected. */
export const templateKind: KindDescriptor<'template'> = {
  id: 'template',
  label: 'template',
  plural: 'templates',
  scope: 'project',
  manifestKey: 'templates',
  fromManifest: templateFromManifest,
  schema: templateSchema,
  deleteRank: 1,
  owned: true,
  diff: { ignore: ['selectedVersion'], partial: ['settings'], displayText: templateDisplayText },
  desiredSteps: (r, ctx) => [
    {
      ...stepBase(r, ctx),
      kind: 'template',
      address: r.address,
      resource: r,
      state: { name: r.name, template: canonicalTemplate(r.template), settings: r.settings ?? {}, selectedVersion: 0 },
      dependsOn: [addressOf('project', r.project)],
    },
  ],
  classify: (step, live, _ctx, base) => classifyByDiff(step.state, live, templateKind.diff, base, (fields) => ({ ...base, action: 'new-version', fields })),
  rename: ({ client, id, name }) => renameTemplate(client, id, name).then(() => undefined),
  seedIds: (ids, r, found) => {
    const selected = found.refs?.selectedVersionId;
    if (typeof selected === 'string') ids.templates.set(r.address, { id: found.id, selectedVersionId: selected });
  },
  live: templateLive,
  apply: applyTemplate,
};
