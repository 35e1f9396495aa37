import { addressOf } from '../../core/address.js';
import type { DesiredTemplate } from '../../core/desired-types.js';
import type { TemplateSpec } from '../../manifest/manifest-v1.js';
import type { ManifestEntry } from '../manifest-entry.js';

/** `projects.<p>.templates.<key>` → a desired template (inline text, messages, or its file's text). */
export function templateFromManifest({ key, spec: t, path, project, base, fileOf }: ManifestEntry<TemplateSpec>): DesiredTemplate {
  return {
    kind: 'template',
    address: addressOf('template', key, project),
    ...base,
    project,
    template: t.messages ?? t.template ?? fileOf([...path, 'template_file'])?.text ?? '',
    ...(t.settings !== undefined ? { settings: t.settings } : {}),
  };
}
