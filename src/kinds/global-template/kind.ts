import type { DiffStateOptions } from '../../core/diff-state.js';
import type { KindDescriptor } from '../kind-descriptor.js';
import { stepBase } from '../step-base.js';
import { renameTemplate } from '../template/api.js';
import { canonicalTemplate, templateDisplayText } from '../template/canonical-template.js';
import { applyGlobalTemplate } from './apply.js';
import { exportGlobalTemplates } from './export.js';
import { classifyGlobalTemplate } from './classify.js';
import { globalTemplateFromManifest } from './from-manifest.js';
import { globalTemplateLive } from './live.js';
import { globalTemplateSchema } from './schema.js';

const diff: DiffStateOptions = { ignore: ['selectedVersion'], partial: ['settings'], displayText: templateDisplayText };

/** global template: org-level, by name; a change selects a matching older version or adds one, shown as a promotion. */
export const globalTemplateKind: KindDescriptor<'global_template'> = {
  id: 'global_template',
  label: 'global template',
  plural: 'global templates',
  scope: 'org',
  manifestKey: 'global_templates',
  fromManifest: globalTemplateFromManifest,
  schema: globalTemplateSchema,
  deleteRank: 3,
  owned: true,
  diff,
  desiredSteps: (r, ctx) => [
    {
      ...stepBase(r, ctx),
      kind: 'global_template',
      address: r.address,
      resource: r,
      state: { name: r.name, template: canonicalTemplate(r.template), settings: r.settings ?? {}, selectedVersion: 0 },
      dependsOn: [],
    },
  ],
  classify: (step, live, ctx, base) => classifyGlobalTemplate(step, live, diff, base, ctx),
  rename: ({ client, id, name }) => renameTemplate(client, id, name).then(() => undefined),
  orgLive: globalTemplateLive,
  orgExport: exportGlobalTemplates,
  apply: applyGlobalTemplate,
};
