import type { LoggedRequest, SimStateDump } from '../../src/sim/start-simulator.js';

/**
 * The guide's ordering rules, checked over the simulator's recorded request sequence (src/sim/request-log.ts).
 * Each returns one line per violation, naming the rule and the run or request, so a failing test says what broke.
 */

/** A trace ingest request must stay under this many bytes (issue 13 item 4: about 8 MB; Galileo answers 413 above 10 MB). */
export const TRACE_REQUEST_BYTE_CAP = 8_000_000;

/** Keys both SDKs' default prompt settings have [JS types/experiment.types.ts DEFAULT_PROMPT_RUN_SETTINGS], [PY PromptRunSettings]. */
export const DEFAULT_PROMPT_SETTING_KEYS = ['model_alias', 'temperature', 'max_tokens', 'top_p', 'frequency_penalty', 'presence_penalty', 'n'];

/** The LLM scorer shell's defaults [GUIDE Call 1], [JS utils/scorers.ts "Required for LLM scorers"]. */
export const LLM_SHELL_DEFAULT_KEYS = ['model_name', 'num_judges', 'cot_enabled', 'output_type'];

type Obj = Record<string, unknown>;
interface RunInfo { id: string; name: string; kind: string; project_id: string }
interface TemplateInfo { versions: { id: string; settings: Obj }[] }

const ok = (r: LoggedRequest): boolean => r.status >= 200 && r.status < 300;
const fields = (r: LoggedRequest): Obj => ((r.body ?? r.scalars ?? {}) as Obj);
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const nonEmptyList = (v: unknown): boolean => Array.isArray(v) && v.length > 0;

/** the request that created the run: POST …/experiments or …/log_streams with its name, in its project */
function createOf(requests: LoggedRequest[], run: RunInfo): LoggedRequest | undefined {
  const route = run.kind === 'experiment' ? '/projects/:project_id/experiments' : '/projects/:project_id/log_streams';
  return requests.find((r) => r.method === 'POST' && r.route === route && ok(r) && r.path.includes(run.project_id) && fields(r)['name'] === run.name);
}

/**
 * Rule 1 [GUIDE "Order matters: register scorers before ingesting traces"], [JS entities/experiments.ts],
 * [PY experiments.py]: a run's scorers are registered with a scorer-settings call before its first traces — an
 * ingest naming the run, or a job that generates or scores them — unless the run was created with `trigger: true`.
 * A run with no scorers anywhere (create body, job body, final state) has nothing to register.
 */
export function scorersBeforeTraces(requests: LoggedRequest[], state: SimStateDump): string[] {
  const out: string[] = [];
  for (const run of state.runs as unknown as (RunInfo & { scorers: unknown[] })[]) {
    const created = createOf(requests, run);
    if (created !== undefined && fields(created)['trigger'] === true) continue;
    const mine = requests.filter((r) => ok(r) && (r.path.includes(run.id) || [fields(r)['experiment_id'], fields(r)['log_stream_id'], fields(r)['run_id']].includes(run.id)));
    const first = mine.find((r) => (r.method === 'POST' && r.route === '/projects/:project_id/traces') || (r.method === 'POST' && r.route === '/jobs'));
    if (first === undefined) continue;
    const wanted = nonEmptyList(run.scorers) || (created !== undefined && nonEmptyList(fields(created)['scorers'])) || mine.some((r) => r.route === '/jobs' && nonEmptyList(fields(r)['scorers']));
    if (!wanted) continue;
    const registered = mine.some((r) => r.seq <= first.seq && (r.route === '/projects/:project_id/runs/:run_id/scorer-settings' || (r.route === '/jobs' && nonEmptyList(fields(r)['scorers']))));
    if (!registered) {
      out.push(`scorers-before-traces: ${run.kind} '${run.name}' got traces (#${first.seq} ${first.method} ${first.route}) with no scorer-settings call before it, and was created ${created === undefined ? '(create not recorded)' : `with trigger: ${String(fields(created)['trigger'] ?? 'absent')}`}`);
    }
  }
  return out;
}

/**
 * Rule 2 [PY experiments.py ~L37-42 "silently never starts"], [JS entities/experiments.ts ~L418]: an experiment
 * created with a template carries full `prompt_settings` — the template version's settings merged over the SDKs'
 * defaults: every default key and every key the template version sets is present.
 */
export function templatedCreatesCarryPromptSettings(requests: LoggedRequest[], state: SimStateDump): string[] {
  const settingsOf = new Map<string, Obj>();
  for (const t of state.templates as unknown as TemplateInfo[]) for (const v of t.versions) settingsOf.set(v.id, v.settings);
  const out: string[] = [];
  for (const r of requests) {
    if (r.method !== 'POST' || r.route !== '/projects/:project_id/experiments') continue;
    const body = fields(r);
    const version = body['prompt_template_version_id'];
    if (typeof version !== 'string') continue;
    const ps = body['prompt_settings'];
    if (!isObj(ps)) {
      out.push(`prompt-settings: experiment '${String(body['name'])}' (#${r.seq}) is created with a template but no prompt_settings`);
      continue;
    }
    const missing = DEFAULT_PROMPT_SETTING_KEYS.filter((k) => !(k in ps));
    if (missing.length > 0) out.push(`prompt-settings: experiment '${String(body['name'])}' (#${r.seq}) prompt_settings lack the defaults ${missing.join(', ')}`);
    // the template's own settings are merged in (their values may be overridden by the experiment's prompt_settings)
    const dropped = Object.keys(settingsOf.get(version) ?? {}).filter((k) => !(k in ps));
    if (dropped.length > 0) out.push(`prompt-settings: experiment '${String(body['name'])}' (#${r.seq}) prompt_settings drop the template's ${dropped.join(', ')}`);
  }
  return out;
}

/** Rule 3 [GUIDE Call 1], [JS utils/scorers.ts]: every LLM scorer shell create carries `defaults`. */
export function llmShellsCarryDefaults(requests: LoggedRequest[]): string[] {
  const out: string[] = [];
  for (const r of requests) {
    if (r.method !== 'POST' || r.route !== '/scorers' || fields(r)['scorer_type'] !== 'llm') continue;
    const d = fields(r)['defaults'];
    const name = String(fields(r)['name']);
    if (!isObj(d)) {
      out.push(`llm-shell-defaults: scorer '${name}' (#${r.seq}) is created without defaults`);
      continue;
    }
    const missing = LLM_SHELL_DEFAULT_KEYS.filter((k) => d[k] === undefined || d[k] === null);
    if (missing.length > 0) out.push(`llm-shell-defaults: scorer '${name}' (#${r.seq}) defaults lack ${missing.join(', ')}`);
  }
  return out;
}

/** Rule 4 [PY: flushes at 10 MB], issue 13 item 4: every trace ingest request stays under the byte cap. */
export function traceRequestsUnderCap(requests: LoggedRequest[], cap = TRACE_REQUEST_BYTE_CAP): string[] {
  return requests
    .filter((r) => r.method === 'POST' && r.route === '/projects/:project_id/traces' && r.bytes > cap)
    .map((r) => `trace-bytes: #${r.seq} sends ${r.bytes} bytes of traces, over the ${cap}-byte cap`);
}

/** Every rule at once. */
export function orderingViolations(requests: LoggedRequest[], state: SimStateDump): string[] {
  return [
    ...scorersBeforeTraces(requests, state), ...templatedCreatesCarryPromptSettings(requests, state),
    ...llmShellsCarryDefaults(requests), ...traceRequestsUnderCap(requests),
  ];
}
