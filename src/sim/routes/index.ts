import type { RouteModule } from '../sim-context.js';
import { annotationQueueRoutes } from './annotation-queues.js';
import { datasetContentRoutes } from './dataset-content.js';
import { datasetProjectRoutes } from './dataset-projects.js';
import { datasetRoutes } from './datasets.js';
import { experimentTagRoutes } from './experiment-tags.js';
import { experimentRoutes } from './experiments.js';
import { healthAuthRoutes } from './health-auth.js';
import { integrationRoutes } from './integrations.js';
import { llmIntegrationRoutes } from './llm-integrations.js';
import { logStreamRoutes } from './log-streams.js';
import { projectRoutes } from './projects.js';
import { runRoutes } from './runs.js';
import { scorerScopeRoutes } from './scorer-scope.js';
import { scorerVersionRoutes } from './scorer-versions.js';
import { scorerRoutes } from './scorers.js';
import { stageRoutes } from './stages.js';
import { templateRoutes } from './templates.js';
import { traceRoutes } from './traces.js';

export const routeModules: RouteModule[] = [
  healthAuthRoutes, projectRoutes, scorerRoutes, scorerVersionRoutes, datasetRoutes, datasetContentRoutes,
  datasetProjectRoutes,
  templateRoutes, experimentRoutes, experimentTagRoutes, logStreamRoutes, runRoutes, traceRoutes, llmIntegrationRoutes, integrationRoutes, stageRoutes, annotationQueueRoutes, scorerScopeRoutes,
];
