import type { TemplateRec, TemplateVersionRec } from './types.js';
import { userInfo } from './user-view.js';
import { maxOf } from '../core/append-all.js';

/** `PromptRunSettings` defaults [SPEC]; the server fills them in on readback. */
export const PROMPT_SETTINGS_DEFAULTS: Record<string, unknown> = {
  logprobs: true, top_logprobs: 5, echo: false, n: 1, reasoning_effort: 'medium', verbosity: 'medium',
  deployment_name: null, model_alias: 'gpt-5.1', temperature: null, max_tokens: 4096, stop_sequences: null, top_p: 1,
  top_k: 40, frequency_penalty: 0, presence_penalty: 0, tools: null, tool_choice: null, response_format: null, known_models: [],
};

export function fullSettings(s: Record<string, unknown>): Record<string, unknown> {
  return { ...PROMPT_SETTINGS_DEFAULTS, ...s };
}

/** Quirk: a template created as a message list reads back as a JSON string of that list [SPEC], [PY prompt.py]. */
export function templateText(t: string | Record<string, unknown>[]): string {
  return typeof t === 'string' ? t : JSON.stringify(t);
}

/** `BasePromptTemplateVersionResponse` [SPEC]. */
export function templateVersionView(t: TemplateRec, v: TemplateVersionRec): Record<string, unknown> {
  const prev = t.versions.filter((x) => x.version < v.version).at(-1);
  const text = templateText(v.template);
  const model = (s: TemplateVersionRec | undefined): unknown => s?.settings['model_alias'];
  return {
    template: text, raw: v.raw, version: v.version, settings: fullSettings(v.settings), output_type: v.output_type,
    id: v.id, model_changed: prev !== undefined && model(prev) !== model(v),
    lines_added: 0, lines_edited: 0, lines_removed: 0,
    settings_changed: prev !== undefined && JSON.stringify(prev.settings) !== JSON.stringify(v.settings),
    content_changed: prev !== undefined && templateText(prev.template) !== text,
    created_at: v.created_at, updated_at: v.updated_at, created_by_user: userInfo(),
  };
}

export function selectedVersion(t: TemplateRec): TemplateVersionRec {
  return (t.versions.find((v) => v.version === t.selected_version) ?? t.versions[t.versions.length - 1]) as TemplateVersionRec;
}

/** `BasePromptTemplateResponse` [SPEC]. */
export function templateView(t: TemplateRec): Record<string, unknown> {
  const sel = selectedVersion(t);
  return {
    id: t.id, permissions: [], name: t.name, template: templateText(sel.template), selected_version: templateVersionView(t, sel),
    selected_version_id: sel.id, all_versions: t.versions.map((v) => templateVersionView(t, v)),
    all_available_versions: t.versions.map((v) => v.version), total_versions: t.versions.length,
    max_version: maxOf(t.versions.map((v) => v.version)), created_at: t.created_at, updated_at: t.updated_at,
    created_by_user: userInfo(),
  };
}
