import { MODEL_ALIASES_BY_PROVIDER as MODELS, REASONING_MODEL_ALIASES as REASONING } from '../../core/model-providers.js';
import type { RouteModule } from '../sim-context.js';

/** Model aliases per integration (validation helpers) [GUIDE], [SPEC]. The simulator knows a fixed list. */
export const llmIntegrationRoutes: RouteModule = (add) => {
  add('get_integrations_and_model_info_llm_integrations_get', () => ({ body: MODELS }));
  add('get_available_models_llm_integrations__llm_integration__models_get', (ctx) => ({ body: MODELS[ctx.params['llm_integration'] ?? ''] ?? [] }));
  add('get_available_scorer_models_llm_integrations__llm_integration__scorer_models_get', (ctx) => ({
    body: (MODELS[ctx.params['llm_integration'] ?? ''] ?? []).filter((m) => !REASONING.has(m)),
  }));
};
