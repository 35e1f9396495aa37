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

/** alias → the providers serving it, from MODEL_ALIASES_BY_PROVIDER (a plan asks once per judge and prompt: thousands) */
const PROVIDERS_BY_ALIAS = new Map<string, readonly string[]>();
for (const [provider, aliases] of Object.entries(MODEL_ALIASES_BY_PROVIDER)) {
  for (const alias of aliases) PROVIDERS_BY_ALIAS.set(alias, [...(PROVIDERS_BY_ALIAS.get(alias) ?? []), provider]);
}

/** The providers whose integration serves `alias` (any one of them will do); [] for an alias galctl does not know. */
export function providersOfModel(alias: string): string[] {
  return [...(PROVIDERS_BY_ALIAS.get(alias) ?? [])];
}
