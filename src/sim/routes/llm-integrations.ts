import type { RouteModule } from '../sim-context.js';

/** Model aliases per integration (validation helpers) [GUIDE], [SPEC]. The simulator knows a fixed list. */
const MODELS: Record<string, string[]> = {
  openai: ['GPT-4o', 'GPT-4o mini', 'gpt-4.1', 'gpt-4.1-mini', 'gpt-4.1-nano', 'gpt-5.1', 'o3-mini', 'o4-mini'],
  anthropic: ['claude-sonnet-4', 'claude-3-5-haiku'],
  azure: ['GPT-4o', 'GPT-4o mini', 'gpt-4.1-mini'],
};
const REASONING = new Set(['o3-mini', 'o4-mini']);

export const llmIntegrationRoutes: RouteModule = (add) => {
  add('get_integrations_and_model_info_llm_integrations_get', () => ({ body: MODELS }));
  add('get_available_models_llm_integrations__llm_integration__models_get', (ctx) => ({ body: MODELS[ctx.params['llm_integration'] ?? ''] ?? [] }));
  add('get_available_scorer_models_llm_integrations__llm_integration__scorer_models_get', (ctx) => ({
    body: (MODELS[ctx.params['llm_integration'] ?? ''] ?? []).filter((m) => !REASONING.has(m)),
  }));
};
