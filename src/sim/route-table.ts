/**
 * Every route the simulator serves, in one place: method, path, and the Galileo spec operationId it implements
 * (`test/fixtures/galileo-openapi-operations.json`, extracted from galileo-openapi.yaml). A route outside the spec
 * has a `sim:` id and says why it exists (`sim`, with its source tag). Handlers live in `routes/*.ts` (API) and
 * `admin.ts` (`/__sim/*`); each registers under its id with `add(id, handler)`, and `route-registry.ts` builds the
 * router from this table — a row without a handler, or a handler without a row, stops the simulator at start.
 * `test/sim/route-table.test.ts` checks the ids against the spec, that SPEC.md names every route, and that every spec
 * operation galctl calls has a row.
 */
export type RouteMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteRow {
  /** the spec operationId, or `sim:<name>` for a route the spec lacks */
  readonly id: string;
  readonly method: RouteMethod;
  /** path template; `:name` is a path parameter (the spec's `{name}`, names may differ) */
  readonly path: string;
  /** `sim:` routes only: why the simulator serves it, with the source tag ([JS], [GEN], choice:) */
  readonly sim?: string;
  /** `/__sim/*` admin routes: no API key, never faulted, counted apart, not mirrored under `/v2` */
  readonly admin?: true;
}

/** Galileo's API, served at the root and mirrored under `/v2`. */
export const API_ROUTES = [
  // routes/health-auth.ts
  { id: 'healthcheck_healthcheck_get', method: 'GET', path: '/healthcheck' },
  { id: 'login_api_key_login_api_key_post', method: 'POST', path: '/login/api_key' },
  { id: 'login_email_login_post', method: 'POST', path: '/login' },
  { id: 'sim:current_user', method: 'GET', path: '/current_user', sim: 'the signed-in user (`UserDB`); absent from [SPEC] and [JS]. choice: a fixed user, for clients that probe who they are' },
  // routes/projects.ts
  { id: 'create_project_projects_post', method: 'POST', path: '/projects' },
  { id: 'get_projects_projects_get', method: 'GET', path: '/projects' },
  { id: 'get_all_projects_projects_all_get', method: 'GET', path: '/projects/all' },
  { id: 'get_projects_paginated_projects_paginated_post', method: 'POST', path: '/projects/paginated' },
  { id: 'get_projects_count_projects_count_post', method: 'POST', path: '/projects/count' },
  { id: 'get_project_projects__project_id__get', method: 'GET', path: '/projects/:project_id' },
  { id: 'update_project_projects__project_id__put', method: 'PUT', path: '/projects/:project_id' },
  { id: 'delete_project_projects__project_id__delete', method: 'DELETE', path: '/projects/:project_id' },
  // routes/scorers.ts
  { id: 'create_scorers_post', method: 'POST', path: '/scorers' },
  { id: 'list_scorers_with_filters_scorers_list_post', method: 'POST', path: '/scorers/list' },
  { id: 'list_tags_scorers_tags_get', method: 'GET', path: '/scorers/tags' },
  { id: 'get_scorer_scorers__scorer_id__get', method: 'GET', path: '/scorers/:scorer_id' },
  { id: 'update_scorers__scorer_id__patch', method: 'PATCH', path: '/scorers/:scorer_id' },
  { id: 'delete_scorer_scorers__scorer_id__delete', method: 'DELETE', path: '/scorers/:scorer_id' },
  // routes/scorer-versions.ts
  { id: 'create_llm_scorer_version_scorers__scorer_id__version_llm_post', method: 'POST', path: '/scorers/:scorer_id/version/llm' },
  { id: 'create_preset_scorer_version_scorers__scorer_id__version_preset_post', method: 'POST', path: '/scorers/:scorer_id/version/preset' },
  { id: 'create_luna_scorer_version_scorers__scorer_id__version_luna_post', method: 'POST', path: '/scorers/:scorer_id/version/luna' },
  { id: 'create_code_scorer_version_scorers__scorer_id__version_code_post', method: 'POST', path: '/scorers/:scorer_id/version/code' },
  { id: 'get_scorer_version_or_latest_scorers__scorer_id__version_get', method: 'GET', path: '/scorers/:scorer_id/version' },
  { id: 'list_all_versions_for_scorer_scorers__scorer_id__versions_get', method: 'GET', path: '/scorers/:scorer_id/versions' },
  { id: 'get_scorer_version_code_scorers__scorer_id__version_code_get', method: 'GET', path: '/scorers/:scorer_id/version/code' },
  { id: 'restore_scorer_version_scorers__scorer_id__versions__version_number__restore_post', method: 'POST', path: '/scorers/:scorer_id/versions/:version_number/restore' },
  { id: 'validate_code_scorer_scorers_code_validate_post', method: 'POST', path: '/scorers/code/validate' },
  { id: 'get_validate_code_scorer_task_result_scorers_code_validate__task_id__get', method: 'GET', path: '/scorers/code/validate/:task_id' },
  // routes/scorer-scope.ts
  { id: 'set_scorer_scope_scorers__scorer_id__scope_put', method: 'PUT', path: '/scorers/:scorer_id/scope' },
  // routes/datasets.ts
  { id: 'create_dataset_datasets_post', method: 'POST', path: '/datasets' },
  { id: 'list_datasets_datasets_get', method: 'GET', path: '/datasets' },
  { id: 'query_datasets_datasets_query_post', method: 'POST', path: '/datasets/query' },
  { id: 'count_datasets_datasets_query_count_post', method: 'POST', path: '/datasets/query/count' },
  { id: 'get_dataset_datasets__dataset_id__get', method: 'GET', path: '/datasets/:dataset_id' },
  { id: 'update_dataset_datasets__dataset_id__patch', method: 'PATCH', path: '/datasets/:dataset_id' },
  { id: 'delete_dataset_datasets__dataset_id__delete', method: 'DELETE', path: '/datasets/:dataset_id' },
  // routes/dataset-content.ts
  { id: 'get_dataset_content_datasets__dataset_id__content_get', method: 'GET', path: '/datasets/:dataset_id/content' },
  { id: 'query_dataset_content_datasets__dataset_id__content_query_post', method: 'POST', path: '/datasets/:dataset_id/content/query' },
  { id: 'update_dataset_content_datasets__dataset_id__content_patch', method: 'PATCH', path: '/datasets/:dataset_id/content' },
  { id: 'upsert_dataset_content_datasets__dataset_id__content_put', method: 'PUT', path: '/datasets/:dataset_id/content' },
  { id: 'query_dataset_versions_datasets__dataset_id__versions_query_post', method: 'POST', path: '/datasets/:dataset_id/versions/query' },
  { id: 'get_dataset_version_content_datasets__dataset_id__versions__version_index__content_get', method: 'GET', path: '/datasets/:dataset_id/versions/:version_index/content' },
  { id: 'update_dataset_version_datasets__dataset_id__versions__version_index__patch', method: 'PATCH', path: '/datasets/:dataset_id/versions/:version_index' },
  // routes/dataset-projects.ts
  { id: 'list_dataset_projects_datasets__dataset_id__projects_get', method: 'GET', path: '/datasets/:dataset_id/projects' },
  // routes/templates.ts
  { id: 'create_prompt_template_with_version_projects__project_id__templates_post', method: 'POST', path: '/projects/:project_id/templates' },
  { id: 'get_project_templates_projects__project_id__templates_get', method: 'GET', path: '/projects/:project_id/templates' },
  { id: 'get_template_version_by_name_projects__project_id__templates_versions_get', method: 'GET', path: '/projects/:project_id/templates/versions' },
  { id: 'get_template_from_project_projects__project_id__templates__template_id__get', method: 'GET', path: '/projects/:project_id/templates/:template_id' },
  { id: 'delete_template_projects__project_id__templates__template_id__delete', method: 'DELETE', path: '/projects/:project_id/templates/:template_id' },
  { id: 'create_prompt_template_version_projects__project_id__templates__template_id__versions_post', method: 'POST', path: '/projects/:project_id/templates/:template_id/versions' },
  { id: 'get_template_version_projects__project_id__templates__template_id__versions__version__get', method: 'GET', path: '/projects/:project_id/templates/:template_id/versions/:version' },
  { id: 'set_selected_template_version_projects__project_id__templates__template_id__versions__version__put', method: 'PUT', path: '/projects/:project_id/templates/:template_id/versions/:version' },
  { id: 'create_global_prompt_template_templates_post', method: 'POST', path: '/templates' },
  { id: 'query_templates_templates_query_post', method: 'POST', path: '/templates/query' },
  { id: 'get_global_template_templates__template_id__get', method: 'GET', path: '/templates/:template_id' },
  { id: 'update_global_template_templates__template_id__patch', method: 'PATCH', path: '/templates/:template_id' },
  { id: 'delete_global_template_templates__template_id__delete', method: 'DELETE', path: '/templates/:template_id' },
  { id: 'create_global_prompt_template_version_templates__template_id__versions_post', method: 'POST', path: '/templates/:template_id/versions' },
  { id: 'query_template_versions_templates__template_id__versions_query_post', method: 'POST', path: '/templates/:template_id/versions/query' },
  { id: 'get_global_template_version_templates__template_id__versions__version__get', method: 'GET', path: '/templates/:template_id/versions/:version' },
  { id: 'set_selected_global_template_version_templates__template_id__versions__version__put', method: 'PUT', path: '/templates/:template_id/versions/:version' },
  // routes/experiments.ts
  { id: 'create_experiment_projects__project_id__experiments_post', method: 'POST', path: '/projects/:project_id/experiments' },
  { id: 'list_experiments_projects__project_id__experiments_get', method: 'GET', path: '/projects/:project_id/experiments' },
  { id: 'list_experiments_paginated_projects__project_id__experiments_paginated_get', method: 'GET', path: '/projects/:project_id/experiments/paginated' },
  { id: 'search_experiments_projects__project_id__experiments_search_post', method: 'POST', path: '/projects/:project_id/experiments/search' },
  { id: 'get_experiment_projects__project_id__experiments__experiment_id__get', method: 'GET', path: '/projects/:project_id/experiments/:experiment_id' },
  { id: 'update_experiment_projects__project_id__experiments__experiment_id__put', method: 'PUT', path: '/projects/:project_id/experiments/:experiment_id' },
  { id: 'delete_experiment_projects__project_id__experiments__experiment_id__delete', method: 'DELETE', path: '/projects/:project_id/experiments/:experiment_id' },
  { id: 'get_metric_settings_projects__project_id__experiments__experiment_id__metric_settings_get', method: 'GET', path: '/projects/:project_id/experiments/:experiment_id/metric_settings' },
  { id: 'update_metric_settings_projects__project_id__experiments__experiment_id__metric_settings_patch', method: 'PATCH', path: '/projects/:project_id/experiments/:experiment_id/metric_settings' },
  { id: 'get_experiment_metrics_projects__project_id__experiments__experiment_id__metrics_post', method: 'POST', path: '/projects/:project_id/experiments/:experiment_id/metrics' },
  { id: 'get_experiments_metrics_projects__project_id__experiments_metrics_post', method: 'POST', path: '/projects/:project_id/experiments/metrics' },
  // routes/experiment-tags.ts
  { id: 'get_experiment_tags_projects__project_id__experiments__experiment_id__tags_get', method: 'GET', path: '/projects/:project_id/experiments/:experiment_id/tags' },
  { id: 'set_tag_for_experiment_projects__project_id__experiments__experiment_id__tags_post', method: 'POST', path: '/projects/:project_id/experiments/:experiment_id/tags' },
  { id: 'get_experiment_tag_projects__project_id__experiments__experiment_id__tags__tag_id__get', method: 'GET', path: '/projects/:project_id/experiments/:experiment_id/tags/:tag_id' },
  { id: 'update_tag_for_experiment_projects__project_id__experiments__experiment_id__tags__tag_id__put', method: 'PUT', path: '/projects/:project_id/experiments/:experiment_id/tags/:tag_id' },
  { id: 'delete_experiment_tag_projects__project_id__experiments__experiment_id__tags__tag_id__delete', method: 'DELETE', path: '/projects/:project_id/experiments/:experiment_id/tags/:tag_id' },
  // routes/log-streams.ts
  { id: 'create_log_stream_projects__project_id__log_streams_post', method: 'POST', path: '/projects/:project_id/log_streams' },
  { id: 'list_log_streams_projects__project_id__log_streams_get', method: 'GET', path: '/projects/:project_id/log_streams' },
  { id: 'list_log_streams_paginated_projects__project_id__log_streams_paginated_get', method: 'GET', path: '/projects/:project_id/log_streams/paginated' },
  { id: 'search_log_streams_projects__project_id__log_streams_search_post', method: 'POST', path: '/projects/:project_id/log_streams/search' },
  { id: 'get_log_stream_projects__project_id__log_streams__log_stream_id__get', method: 'GET', path: '/projects/:project_id/log_streams/:log_stream_id' },
  { id: 'update_log_stream_projects__project_id__log_streams__log_stream_id__put', method: 'PUT', path: '/projects/:project_id/log_streams/:log_stream_id' },
  { id: 'delete_log_stream_projects__project_id__log_streams__log_stream_id__delete', method: 'DELETE', path: '/projects/:project_id/log_streams/:log_stream_id' },
  { id: 'get_metric_settings_projects__project_id__log_streams__log_stream_id__metric_settings_get', method: 'GET', path: '/projects/:project_id/log_streams/:log_stream_id/metric_settings' },
  { id: 'update_metric_settings_projects__project_id__log_streams__log_stream_id__metric_settings_patch', method: 'PATCH', path: '/projects/:project_id/log_streams/:log_stream_id/metric_settings' },
  // routes/runs.ts
  { id: 'get_settings_projects__project_id__runs__run_id__scorer_settings_get', method: 'GET', path: '/projects/:project_id/runs/:run_id/scorer-settings' },
  { id: 'upsert_scorers_config_projects__project_id__runs__run_id__scorer_settings_post', method: 'POST', path: '/projects/:project_id/runs/:run_id/scorer-settings' },
  { id: 'upsert_scorers_config_projects__project_id__runs__run_id__scorer_settings_patch', method: 'PATCH', path: '/projects/:project_id/runs/:run_id/scorer-settings' },
  { id: 'get_jobs_for_project_run_projects__project_id__runs__run_id__jobs_get', method: 'GET', path: '/projects/:project_id/runs/:run_id/jobs' },
  { id: 'sim:latest_job', method: 'GET', path: '/projects/:project_id/runs/:run_id/jobs/latest', sim: '[JS routes.types.ts jobsLatestForProjectRun], [GEN jobsGetLatestJobForProjectRun…]; absent from [SPEC]' },
  { id: 'get_job_jobs__job_id__get', method: 'GET', path: '/jobs/:job_id' },
  { id: 'create_job_jobs_post', method: 'POST', path: '/jobs' },
  // routes/traces.ts
  { id: 'log_traces_projects__project_id__traces_post', method: 'POST', path: '/projects/:project_id/traces' },
  { id: 'query_traces_projects__project_id__traces_search_post', method: 'POST', path: '/projects/:project_id/traces/search' },
  { id: 'count_traces_projects__project_id__traces_count_post', method: 'POST', path: '/projects/:project_id/traces/count' },
  { id: 'delete_traces_projects__project_id__traces_delete_post', method: 'POST', path: '/projects/:project_id/traces/delete' },
  { id: 'get_trace_projects__project_id__traces__trace_id__get', method: 'GET', path: '/projects/:project_id/traces/:trace_id' },
  { id: 'update_trace_projects__project_id__traces__trace_id__patch', method: 'PATCH', path: '/projects/:project_id/traces/:trace_id' },
  { id: 'log_spans_projects__project_id__spans_post', method: 'POST', path: '/projects/:project_id/spans' },
  { id: 'get_span_projects__project_id__spans__span_id__get', method: 'GET', path: '/projects/:project_id/spans/:span_id' },
  { id: 'query_spans_projects__project_id__spans_search_post', method: 'POST', path: '/projects/:project_id/spans/search' },
  { id: 'count_spans_projects__project_id__spans_count_post', method: 'POST', path: '/projects/:project_id/spans/count' },
  // routes/llm-integrations.ts
  { id: 'get_integrations_and_model_info_llm_integrations_get', method: 'GET', path: '/llm_integrations' },
  { id: 'get_available_models_llm_integrations__llm_integration__models_get', method: 'GET', path: '/llm_integrations/:llm_integration/models' },
  { id: 'get_available_scorer_models_llm_integrations__llm_integration__scorer_models_get', method: 'GET', path: '/llm_integrations/:llm_integration/scorer_models' },
  // routes/integrations.ts
  { id: 'list_integrations_integrations_get', method: 'GET', path: '/integrations' },
  { id: 'get_integration_integrations__name__get', method: 'GET', path: '/integrations/:name' },
  { id: 'delete_integration_integrations__name__delete', method: 'DELETE', path: '/integrations/:name' },
  { id: 'create_or_update_integration_integrations_openai_put', method: 'PUT', path: '/integrations/openai' },
  { id: 'create_or_update_integration_integrations_anthropic_put', method: 'PUT', path: '/integrations/anthropic' },
  { id: 'create_or_update_integration_integrations_azure_put', method: 'PUT', path: '/integrations/azure' },
  { id: 'create_or_update_integration_integrations_mistral_put', method: 'PUT', path: '/integrations/mistral' },
  // routes/stages.ts
  { id: 'create_stage_projects__project_id__stages_post', method: 'POST', path: '/projects/:project_id/stages' },
  { id: 'get_stage_projects__project_id__stages_get', method: 'GET', path: '/projects/:project_id/stages' },
  { id: 'update_stage_projects__project_id__stages__stage_id__post', method: 'POST', path: '/projects/:project_id/stages/:stage_id' },
  { id: 'pause_stage_projects__project_id__stages__stage_id__put', method: 'PUT', path: '/projects/:project_id/stages/:stage_id' },
  // routes/annotation-queues.ts
  { id: 'create_annotation_queue_annotation_queues_post', method: 'POST', path: '/annotation_queues' },
  { id: 'query_annotation_queues_annotation_queues_query_post', method: 'POST', path: '/annotation_queues/query' },
  { id: 'get_annotation_queue_annotation_queues__queue_id__get', method: 'GET', path: '/annotation_queues/:queue_id' },
  { id: 'update_annotation_queue_annotation_queues__queue_id__patch', method: 'PATCH', path: '/annotation_queues/:queue_id' },
  { id: 'delete_annotation_queue_annotation_queues__queue_id__delete', method: 'DELETE', path: '/annotation_queues/:queue_id' },
  { id: 'get_queue_templates_annotation_queues__queue_id__templates_get', method: 'GET', path: '/annotation_queues/:queue_id/templates' },
  { id: 'create_queue_template_annotation_queues__queue_id__templates_post', method: 'POST', path: '/annotation_queues/:queue_id/templates' },
  { id: 'update_queue_template_annotation_queues__queue_id__templates__template_id__patch', method: 'PATCH', path: '/annotation_queues/:queue_id/templates/:template_id' },
  { id: 'delete_queue_template_annotation_queues__queue_id__templates__template_id__delete', method: 'DELETE', path: '/annotation_queues/:queue_id/templates/:template_id' },
  { id: 'share_annotation_queue_with_users_annotation_queues__queue_id__users_post', method: 'POST', path: '/annotation_queues/:queue_id/users' },
  { id: 'list_annotation_queue_users_annotation_queues__queue_id__users_get', method: 'GET', path: '/annotation_queues/:queue_id/users' },
  { id: 'update_annotation_queue_user_role_annotation_queues__queue_id__users__user_id__patch', method: 'PATCH', path: '/annotation_queues/:queue_id/users/:user_id' },
  { id: 'remove_annotation_queue_user_annotation_queues__queue_id__users__user_id__delete', method: 'DELETE', path: '/annotation_queues/:queue_id/users/:user_id' },
] as const satisfies readonly RouteRow[];

const ADMIN = 'simulator admin, outside the Galileo API (SPEC.md "Admin")';

/** The simulator's own admin routes (`admin.ts`, `request-log.ts`). */
export const ADMIN_ROUTES = [
  { id: 'sim:stats', method: 'GET', path: '/__sim/stats', sim: ADMIN, admin: true },
  { id: 'sim:state', method: 'GET', path: '/__sim/state', sim: ADMIN, admin: true },
  { id: 'sim:reset', method: 'POST', path: '/__sim/reset', sim: ADMIN, admin: true },
  { id: 'sim:get_faults', method: 'GET', path: '/__sim/faults', sim: ADMIN, admin: true },
  { id: 'sim:set_faults', method: 'POST', path: '/__sim/faults', sim: ADMIN, admin: true },
  { id: 'sim:get_scorer_failures', method: 'GET', path: '/__sim/scorer-failures', sim: ADMIN, admin: true },
  { id: 'sim:set_scorer_failures', method: 'POST', path: '/__sim/scorer-failures', sim: ADMIN, admin: true },
  { id: 'sim:save', method: 'POST', path: '/__sim/save', sim: ADMIN, admin: true },
  { id: 'sim:get_requests', method: 'GET', path: '/__sim/requests', sim: ADMIN, admin: true },
  { id: 'sim:set_requests', method: 'POST', path: '/__sim/requests', sim: ADMIN, admin: true },
] as const satisfies readonly RouteRow[];

/** The whole table. */
export const ROUTE_TABLE: readonly RouteRow[] = [...API_ROUTES, ...ADMIN_ROUTES];

export type ApiRouteId = (typeof API_ROUTES)[number]['id'];
export type AdminRouteId = (typeof ADMIN_ROUTES)[number]['id'];
