import type { TemplateState } from '../../core/plan-types.js';
import { normalizeTemplate } from '../../engine/normalize-live.js';
import type { Template } from '../../galileo/types.js';
import type { OrgLiveRead } from '../live-read.js';
import { queryTemplates } from '../template/api.js';
import { versionsOf } from './versions.js';

/**
 * The org's templates: one paged query, each with its versions (names are unique org-wide, so a project's template
 * never matches a global one's name; the stack's own rows tell its global templates apart for --prune).
 */
export const globalTemplateLive: OrgLiveRead<TemplateState> = {
  list: (client) => queryTemplates(client),
  normalize: (found) => {
    const t = found as Template;
    return { state: normalizeTemplate(t, '').state, refs: { versions: versionsOf(t) } };
  },
};
