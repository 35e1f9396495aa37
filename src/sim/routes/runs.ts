import { objectBody } from '../body.js';
import { invalid, missing, notFound } from '../http-error.js';
import { jobStatus, jobView, settleRun } from '../jobs.js';
import { generateExperiment } from '../experiment-generate.js';
import { getRun, replaceScorers, scorerConfigs } from '../run-ops.js';
import type { RouteContext } from '../router.js';
import type { RouteModule } from '../sim-context.js';
import type { Obj } from '../types.js';

/**
 * Run-level routes shared by experiments and log streams: scorer-settings (GET; POST = PATCH = replace,
 * `run_id` required in the body [SPEC]) and jobs [GUIDE], [GEN].
 */
export const runRoutes: RouteModule = (add, sim) => {
  const { store } = sim;

  add('get_settings_projects__project_id__runs__run_id__scorer_settings_get', (ctx) => {
    const run = getRun(sim, ctx.params['project_id'], ctx.params['run_id']);
    return { body: { run_id: run.id, scorers: run.scorers, segment_filters: run.segment_filters } };
  });

  const upsert = (ctx: RouteContext): { body: Obj } => {
    const run = getRun(sim, ctx.params['project_id'], ctx.params['run_id']);
    const body = objectBody(ctx);
    if (body['run_id'] === undefined) throw missing(['body', 'run_id']);
    if (body['run_id'] !== run.id) throw invalid(['body', 'run_id'], `run_id in the body (${String(body['run_id'])}) does not match the path (${run.id})`, 'value_error', body['run_id']);
    const configs = body['scorers'] === undefined ? run.scorers : scorerConfigs(body['scorers'], ['body', 'scorers']);
    replaceScorers(sim, run, configs, body['segment_filters']);
    return { body: { run_id: run.id, scorers: run.scorers, segment_filters: run.segment_filters } };
  };
  add('upsert_scorers_config_projects__project_id__runs__run_id__scorer_settings_post', upsert);
  add('upsert_scorers_config_projects__project_id__runs__run_id__scorer_settings_patch', upsert);

  add('get_jobs_for_project_run_projects__project_id__runs__run_id__jobs_get', (ctx) => {
    const run = getRun(sim, ctx.params['project_id'], ctx.params['run_id']);
    const now = Date.now();
    const status = ctx.query.get('status');
    const jobs = run.jobs.filter((j) => status === null || jobStatus(j, now, sim.jobStepMs) === status);
    return { body: jobs.map((j) => jobView(j, now, sim.jobStepMs)) };
  });

  add('sim:latest_job', (ctx) => {
    const run = getRun(sim, ctx.params['project_id'], ctx.params['run_id']);
    const last = run.jobs[run.jobs.length - 1];
    return { body: last === undefined ? null : jobView(last, Date.now(), sim.jobStepMs) };
  });

  add('get_job_jobs__job_id__get', (ctx) => {
    const id = ctx.params['job_id'] ?? '';
    const run = store.runs.get(store.jobRun.get(id) ?? '');
    const job = run?.jobs.find((j) => j.id === id);
    if (run === undefined || job === undefined) throw notFound('Job', id);
    settleRun(sim, run);
    return { body: jobView(job, Date.now(), sim.jobStepMs) };
  });

  add('create_job_jobs_post', (ctx) => {
    const body = objectBody(ctx);
    for (const f of ['project_id', 'run_id']) if (body[f] === undefined) throw missing(['body', f]);
    const run = getRun(sim, String(body['project_id']), String(body['run_id']));
    if (body['scorers'] !== undefined) replaceScorers(sim, run, scorerConfigs(body['scorers'], ['body', 'scorers']), undefined);
    if (run.kind === 'experiment' && typeof body['dataset_id'] === 'string' && run.traces.size === 0) {
      const d = store.datasets.get(body['dataset_id']);
      if (d === undefined) throw notFound('Dataset', body['dataset_id']);
      const vi = typeof body['dataset_version_index'] === 'number' ? body['dataset_version_index'] : (d.versions[d.versions.length - 1]?.version_index ?? 1);
      run.dataset = { dataset_id: d.id, version_index: vi };
      if (typeof body['prompt_template_version_id'] === 'string') {
        if (!store.templateVersionOwner.has(body['prompt_template_version_id'])) throw notFound('Prompt template version', body['prompt_template_version_id']);
        run.prompt_template_version_id = body['prompt_template_version_id'];
      }
      if (body['prompt_settings'] !== null && typeof body['prompt_settings'] === 'object') run.prompt_settings = body['prompt_settings'] as Obj;
      generateExperiment(sim, run);
    }
    return { body: { ...body, job_name: body['job_name'] ?? 'log_stream_scorer', message: 'Job created (simulated)', link: `/projects/${run.project_id}/runs/${run.id}/jobs` } };
  });
};
