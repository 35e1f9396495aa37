import type { Desired, DesiredExperiment, DesiredLogStream } from '../../core/desired-types.js';
import { DEFAULT_JUDGE_MODEL, providersOfModel } from '../../core/model-providers.js';
import type { GalileoClient } from '../../galileo/create-client.js';
import { PRESET_MODEL_TYPES } from '../../galileo/preset-names.js';
import { DEFAULT_PROMPT_RUN_SETTINGS } from '../experiment/api.js';
import { listIntegrations } from './api.js';

/** A model the manifest makes Galileo call, where, and the providers whose integration serves it. */
export interface ModelNeed {
  address: string;
  /** what uses the model: `judge model`, `prompt model` */
  use: string;
  model: string;
  /** any one of them will do; never empty (an alias galctl does not know needs nothing it can tell) */
  providers: string[];
}

const aliasOf = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** A run's judges: each LLM preset's model (its override's, else Galileo's default) and each override's model. */
function runJudgeModels(r: DesiredExperiment | DesiredLogStream): { use: string; model: string }[] {
  const overrides = r.scorerOverrides ?? {};
  return r.scorers.flatMap((s) => {
    const ref = s.type === 'preset' ? `preset:${s.name}` : s.key;
    const override = aliasOf(overrides[ref]?.model);
    if (override !== undefined) return [{ use: `judge model of ${ref}`, model: override }];
    return s.type === 'preset' && PRESET_MODEL_TYPES[s.name] === 'llm' ? [{ use: `judge model of ${ref}`, model: DEFAULT_JUDGE_MODEL }] : [];
  });
}

/**
 * The models the manifest makes Galileo call through a provider's integration: each LLM scorer's judge model (its
 * `model`, else Galileo's default), each run's LLM presets and per-run model overrides, and each flow A experiment's
 * prompt model (its `prompt_settings.model_alias`, else its template's, else the SDKs' default). PURE.
 */
export function modelNeeds(desired: Desired): ModelNeed[] {
  const templateModel = new Map(
    desired.resources.flatMap((r) => (r.kind === 'template' ? [[`${r.project}/${r.key}`, aliasOf(r.settings?.['model_alias'])] as const] : [])),
  );
  const uses = desired.resources.flatMap((r): { address: string; use: string; model: string }[] => {
    if (r.kind === 'scorer') return r.scorerType === 'llm' ? [{ address: r.address, use: 'judge model', model: r.model ?? DEFAULT_JUDGE_MODEL }] : [];
    if (r.kind !== 'experiment' && r.kind !== 'log_stream') return [];
    const judges = runJudgeModels(r).map((u) => ({ address: r.address, ...u }));
    if (r.kind !== 'experiment' || r.template === undefined || r.runner !== undefined) return judges;
    const prompt =
      aliasOf(r.promptSettings?.['model_alias']) ?? templateModel.get(`${r.project}/${r.template}`) ?? (DEFAULT_PROMPT_RUN_SETTINGS['model_alias'] as string);
    return [{ address: r.address, use: 'prompt model', model: prompt }, ...judges];
  });
  return uses.flatMap((u) => {
    const providers = providersOfModel(u.model);
    return providers.length === 0 ? [] : [{ ...u, providers }];
  });
}

/** One warning per need that no provider in `integrated` serves. PURE. */
export function missingIntegrationWarnings(needs: readonly ModelNeed[], integrated: ReadonlySet<string>): string[] {
  return needs
    .filter((n) => !n.providers.some((p) => integrated.has(p)))
    .map(
      (n) =>
        `${n.address}: ${n.use} "${n.model}" needs an integration of ${n.providers.join(' or ')}, which the org lacks and the manifest does not declare (integrations.${n.providers[0]}): Galileo cannot call it`,
    );
}

/**
 * Plan's warnings about models no integration serves: a provider the manifest declares counts (apply creates it);
 * the org's integrations are listed (`GET /integrations`, one call) only when some need is not met by a declared one.
 */
export async function providerWarnings(client: GalileoClient, desired: Desired): Promise<string[]> {
  const needs = modelNeeds(desired);
  const declared = new Set(desired.resources.flatMap((r) => (r.kind === 'integration' ? [r.provider as string] : [])));
  if (needs.every((n) => n.providers.some((p) => declared.has(p)))) return [];
  const live = await listIntegrations(client);
  return missingIntegrationWarnings(needs, new Set([...declared, ...live.flatMap((i) => [i.provider, i.name])]));
}
