/**
 * Which LLM provider integrations serve a Galileo model alias (its display name, e.g. `GPT-4o mini`): the aliases
 * `GET /llm_integrations/{provider}/models` lists per provider [GUIDE "model_alias is Galileo's display name"],
 * [SPEC LLMIntegration]. Galileo judges and generates with a model only through an integration of a provider that
 * serves it. PURE: the one table galctl (plan's warning) and the simulator (its model lists) share. An alias this
 * table does not know maps to no provider: galctl cannot tell, so it says nothing.
 */

/** provider → the model aliases its integration serves (the simulator's `/llm_integrations` answers) */
export const MODEL_ALIASES_BY_PROVIDER: Readonly<Record<string, readonly string[]>> = {
  openai: ['GPT-4o', 'GPT-4o mini', 'gpt-4.1', 'gpt-4.1-mini', 'gpt-4.1-nano', 'gpt-5.1', 'o3-mini', 'o4-mini'],
  anthropic: ['claude-sonnet-4', 'claude-3-5-haiku'],
  azure: ['GPT-4o', 'GPT-4o mini', 'gpt-4.1-mini'],
};

/** Reasoning models: Galileo lists them for generation, not as scorer (judge) models (`…/scorer_models`). */
export const REASONING_MODEL_ALIASES: ReadonlySet<string> = new Set(['o3-mini', 'o4-mini']);

/** The model a judge uses when neither the scorer nor the run names one [SPEC GeneratedScorerConfiguration]. */
export const DEFAULT_JUDGE_MODEL = 'gpt-4.1-mini';

/** The providers whose integration serves `alias` (any one of them will do); [] for an alias galctl does not know. */
export function providersOfModel(alias: string): string[] {
  return Object.entries(MODEL_ALIASES_BY_PROVIDER).flatMap(([provider, aliases]) => (aliases.includes(alias) ? [provider] : []));
}
