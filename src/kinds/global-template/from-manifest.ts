import { addressOf } from '../../core/address.js';
import type { ManifestEntry } from '../manifest-entry.js';
import type { DesiredGlobalTemplate, GlobalTemplateSpec } from './types.js';

/** `global_templates.<key>` → a desired org-wide template (inline text or messages). */
export function globalTemplateFromManifest({ key, spec: t, base }: ManifestEntry<GlobalTemplateSpec>): DesiredGlobalTemplate {
  return {
    kind: 'global_template',
    address: addressOf('global_template', key),
    ...base,
    template: t.messages ?? t.template ?? '',
    ...(t.settings !== undefined ? { settings: t.settings } : {}),
  };
}
