import { stableStringify } from '../../core/content-hash.js';
import type { TemplateState } from '../../core/plan-types.js';
import { normalizeTemplateSettings } from '../../engine/normalize-live.js';
import type { Template, TemplateVersion } from '../../galileo/types.js';
import { canonicalTemplate } from '../template/canonical-template.js';
import type { TemplateVersionState } from './types.js';

/** A live version, canonical. */
export const versionState = (v: TemplateVersion): TemplateVersionState => ({
  version: v.version,
  template: canonicalTemplate(v.template),
  settings: normalizeTemplateSettings(v.settings),
});

/** Every version of a template as the list answers it (`all_versions`), else its selected one. */
export const versionsOf = (t: Template): TemplateVersionState[] =>
  (t.all_versions ?? (t.selected_version == null ? [] : [t.selected_version])).map(versionState);

/** A version says what the manifest says: the same text, and the same value for each setting the manifest sets. */
export function versionMatches(want: Pick<TemplateState, 'template' | 'settings'>, v: TemplateVersionState): boolean {
  return v.template === want.template && Object.entries(want.settings).every(([k, x]) => stableStringify(v.settings[k]) === stableStringify(x));
}

/** The newest version that says what the manifest says. */
export const newestMatch = (want: Pick<TemplateState, 'template' | 'settings'>, versions: readonly TemplateVersionState[]): TemplateVersionState | undefined =>
  versions.filter((v) => versionMatches(want, v)).sort((a, b) => b.version - a.version)[0];
