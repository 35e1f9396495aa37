import { normalizeTemplate } from '../../engine/normalize-live.js';
import type { TemplateState } from '../../core/plan-types.js';
import type { Template } from '../../galileo/types.js';
import type { ProjectLiveRead, ProjectReadContext } from '../live-read.js';
import { listProjectTemplates } from './api.js';

/** A project's templates: one GET lists them with their selected versions. */
export const templateLive: ProjectLiveRead<TemplateState> = {
  list: listProjectTemplates,
  normalize: (found: Template, { projectId }: ProjectReadContext) => normalizeTemplate(found, projectId),
};
