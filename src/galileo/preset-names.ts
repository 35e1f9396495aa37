/**
 * Galileo's preset scorers go by two names: the public one (the JS SDK's GalileoMetrics: what manifests, scorer
 * settings and aggregate metrics use, e.g. `correctness`) and an internal one that scoring jobs carry in
 * `request_data.scorer_config.name` / `prompt_scorer_settings.scorer_name` (e.g. `factuality`), at times with a
 * leading `_` or `_customized_` (the spec's ScorerName enum). Sources: [JS types/job.types.ts `Scorers` ~L93-121]
 * (its keys are the older public names, `_plus` = the LLM-judged preset, `_luna` = the Luna one; its values the
 * internal names), [JS utils/job-progress.ts `normalizeScorerName` ~L84-92], [PY galileo_core Scorers]. PURE: the
 * one table galctl (--wait, check) and the simulator (its jobs) share.
 */

/** public preset name → the internal names its jobs may carry (the first is the one the simulator uses) */
export const PRESET_INTERNAL_NAMES: Readonly<Record<string, readonly string[]>> = {
  correctness: ['factuality'],
  context_adherence: ['groundedness'],
  context_adherence_luna: ['adherence_nli'],
  completeness: ['completeness_gpt'],
  completeness_luna: ['completeness_nli'],
  chunk_attribution_utilization: ['chunk_attribution_utilization_gpt'],
  chunk_attribution_utilization_luna: ['chunk_attribution_utilization_nli'],
  prompt_injection: ['prompt_injection_gpt'],
  input_sexist: ['input_sexist_gpt'],
  output_sexist: ['sexist_gpt', 'sexist'],
  input_toxicity: ['input_toxicity_gpt'],
  output_toxicity: ['toxicity_gpt', 'toxicity'],
  output_tone: ['tone'],
  output_pii: ['pii'],
};

const PUBLIC_OF_INTERNAL: ReadonlyMap<string, string> = new Map(
  Object.entries(PRESET_INTERNAL_NAMES).flatMap(([preset, internal]) => internal.map((i) => [i, preset] as const)),
);

/** The internal name Galileo's jobs give a preset (the public name when it has no other). */
export function internalPresetName(preset: string): string {
  return PRESET_INTERNAL_NAMES[preset]?.[0] ?? preset;
}

/**
 * The public name of a scorer name Galileo reported (`factuality`, `_factuality`, `_customized_factuality` →
 * `correctness`); a name that is no internal preset name comes back unchanged.
 */
export function publicScorerName(name: string): string {
  const direct = PUBLIC_OF_INTERNAL.get(name);
  if (direct !== undefined) return direct;
  const bare = name.replace(/^_+/, '').replace(/^customized_/, '');
  if (bare === name) return name;
  return PUBLIC_OF_INTERNAL.get(bare) ?? (bare in PRESET_INTERNAL_NAMES ? bare : name);
}

/** Whether two reported scorer names name the same scorer (a preset under either of its names). */
export function sameScorerName(a: string, b: string): boolean {
  return a === b || publicScorerName(a) === publicScorerName(b);
}

/**
 * What judges each preset ([JS] GalileoMetrics and the console's metric list): `llm` (an LLM judge, paid per call),
 * `slm` (a Luna small model) or `code`. The simulator's preset list and galctl's call estimates both read it.
 */
export const PRESET_MODEL_TYPES: Readonly<Record<string, 'llm' | 'slm' | 'code'>> = {
  correctness: 'llm',
  context_adherence: 'llm',
  context_adherence_luna: 'slm',
  completeness: 'llm',
  completeness_luna: 'slm',
  instruction_adherence: 'llm',
  ground_truth_adherence: 'llm',
  output_toxicity: 'llm',
  output_toxicity_luna: 'slm',
  prompt_injection: 'llm',
  prompt_injection_luna: 'slm',
  chunk_attribution_utilization: 'llm',
  context_relevance: 'llm',
  input_pii: 'slm',
  output_pii: 'slm',
  input_toxicity: 'llm',
  input_tone: 'slm',
  output_tone: 'slm',
  input_sexist: 'llm',
  output_sexist: 'llm',
  tool_selection_quality: 'llm',
  tool_error_rate: 'llm',
  action_completion_luna: 'slm',
  agentic_session_success: 'llm',
  agentic_workflow_success: 'llm',
  uncertainty: 'code',
  bleu: 'code',
  rouge: 'code',
};
