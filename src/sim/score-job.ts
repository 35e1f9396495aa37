import { type CodeScore, type CodeStep, runCodeScorer } from './code-scorer-sandbox.js';
import { type JudgedContent, judgeNudge, judgeShare, riskPresetText, shareValue, unitValue } from './judge-heuristic.js';
import { hashHex, hashUnit } from './prng.js';
import { fakeScore, metricError, metricSuccess, outputTypeOf } from './scoring.js';
import type { Sim } from './sim-context.js';
import type { Obj, RunRec, ScorerRec, ScorerVersionRec, TraceRec } from './types.js';

/** The text of a record field: strings as they are, a message's `content`, a list of messages joined, else JSON. */
export function textOf(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.map(textOf).join('\n');
  if (typeof v === 'object' && 'content' in v) return textOf((v as Obj)['content']);
  return JSON.stringify(v);
}

function contentOf(t: TraceRec): JudgedContent {
  const expected = t.record['dataset_output'];
  return {
    input: textOf(t.record['input']), output: textOf(t.record['output']),
    expected: expected === null || expected === undefined || textOf(expected) === '' ? null : textOf(expected),
  };
}

/** What moves a judge's scores a little: its prompt, model and judges (a preset: its name). */
function judgeKey(s: ScorerRec, v: ScorerVersionRec | undefined): string {
  if (s.scorer_type === 'preset') return s.name;
  return JSON.stringify([v?.user_prompt ?? s.user_prompt, v?.instructions ?? null, v?.chain_poll_template ?? null, v?.model_name ?? null, v?.num_judges ?? null, v?.cot_enabled ?? null]);
}

/**
 * `step_object` for a code scorer [GUIDE "Code-based metric"]: input, output, metadata, spans, plus the dataset
 * fields. A trace Galileo generated through a prompt template (Flow A) has a message as `output`
 * (`step_object.output.content`); pre-generated outputs and ingested traces have the plain value.
 */
function stepOf(run: RunRec, t: TraceRec): CodeStep {
  const r = t.record;
  return {
    step: {
      id: r['id'], name: r['name'], input: r['input'], output: r['output'], metadata: r['user_metadata'] ?? {}, tags: r['tags'] ?? [],
      spans: t.spans, dataset_input: r['dataset_input'] ?? null, dataset_output: r['dataset_output'] ?? null, dataset_metadata: r['dataset_metadata'] ?? {},
    },
    message_output: run.prompt_template_version_id !== null && r['name'] === 'prompt_run',
  };
}

/** One scorer's score for one trace, by the rule for its kind (SPEC.md "Scores"). */
function valueFor(sim: Sim, s: ScorerRec, nudge: number, type: string, c: JudgedContent, traceId: string): string | number | boolean {
  if (s.scorer_type === 'llm' || s.scorer_type === 'preset') {
    const risk = s.scorer_type === 'preset' ? riskPresetText(s.name, c) : null;
    if (risk !== null) return unitValue(hashUnit('risk', s.name, risk), type, hashHex('risk', s.name, risk));
    return shareValue(judgeShare(c, nudge), type);
  }
  return fakeScore(sim.store.seed, s.id, traceId, type);
}

/** Writes a finished scoring job's results into its traces: success entries, or error entries for failed code runs. */
export function applyScores(sim: Sim, run: RunRec, s: ScorerRec, v: ScorerVersionRec | undefined, traceIds: string[]): void {
  const traces: [string, TraceRec][] = [];
  for (const id of traceIds) {
    const t = run.traces.get(id);
    if (t !== undefined) traces.push([id, t]);
  }
  const type = outputTypeOf(s, v);
  const nudge = judgeNudge(judgeKey(s, v));
  let code: CodeScore[] | null = null;
  if (s.scorer_type === 'code') {
    code = runCodeScorer(v?.code ?? '', v?.score_type ?? 'float', traces.map(([, t]) => stepOf(run, t)), sim.codeScorers);
  }
  traces.forEach(([id, t], i) => {
    const c = contentOf(t);
    const r = code?.[i];
    if (r !== undefined && !r.ok) {
      t.metric_info[s.name] = metricError(r.message);
      delete t.metrics[s.name];
      return;
    }
    const value = r !== undefined ? r.value : valueFor(sim, s, nudge, type, c, id);
    t.metric_info[s.name] = metricSuccess(s, v, value, c);
    t.metrics[s.name] = value;
  });
}
