import { parseRunName } from '../../runs/run-name.js';
import { flattenRunTags, readRunTags } from '../../runs/run-tags.js';
import { declaredTagsOf } from '../../runs/run-tags.js';
import { newestFirst } from '../../core/newest-first.js';
import { stringify } from 'yaml';
import { appendAll } from '../../core/append-all.js';
import type { Experiment, Scorer, ScorerConfig, Template } from '../../galileo/types.js';
import { PRESET_SCORERS } from '../../manifest/presets.js';
import { explicitTemplateSettings, normalizeDataset, normalizeProject, normalizeScorer, normalizeSegmentFilters, normalizeTemplate, scorerOverrideOf } from '../normalize-live.js';
import { overrideManifestFields } from '../../core/scorer-override-fields.js';
import { KeyScope } from './assign-keys.js';
import { datasetFile } from './dataset-file.js';
import { stageEntries } from './stage-entries.js';
import { PROJECT_KINDS, type ExportKind, type ExportResult, type OrgProject, type OrgRun, type OrgSnapshot } from './types.js';

export interface BuildExportOptions {
  kinds: ReadonlySet<ExportKind>;
  /** `$schema` path written in the first line (relative to the export directory) */
  schemaPath: string;
  /** where it was exported from, for the header comment */
  source: string;
  /** the `stack:` the manifest gets (docs/ownership.md); nothing is claimed until it is applied */
  stack?: string;
}

/** A template longer than this (or with more lines) goes to templates/<key>.txt. */
const INLINE_TEMPLATE_CHARS = 400;
const INLINE_TEMPLATE_LINES = 12;

type Entry = Record<string, unknown>;

/** `name:` only when the key differs from the remote name; every exported resource is `adopt: true`. */
/** One run per experiment, its newest (`<name> · <fingerprint>` runs of one name are one experiment), sorted by name. */
function latestRuns<T extends { run: { id: string; name: string; created_at?: string } }>(runs: readonly T[]): T[] {
  const byName = new Map<string, T>();
  for (const r of runs) {
    const name = parseRunName(r.run.name)?.experiment ?? r.run.name;
    const seen = byName.get(name);
    if (seen === undefined || newestFirst([seen.run, r.run])[0] === r.run) byName.set(name, r);
  }
  return [...byName.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, r]) => r);
}

const named = (key: string, name: string): Entry => (key === name ? {} : { name });

/**
 * Live objects → a manifest and its data files such that `galctl plan` on the result is empty: every field the
 * reader compares is written as it is live, galctl's markers are left out, every resource is `adopt: true` (it was
 * made outside galctl), experiments are `trigger: false`. Presets are referenced as `preset:<name>`. What cannot be
 * written faithfully is reported in `warnings`. Pure.
 */
export function buildExport(org: OrgSnapshot, opts: BuildExportOptions): ExportResult {
  const warnings: string[] = [];
  const files = new Map<string, string>();
  const has = (k: ExportKind): boolean => opts.kinds.has(k);
  const scorerById = new Map(org.scorers.map((s) => [s.id, s]));

  const runsOf = (p: OrgProject): OrgRun<{ id: string; name: string }>[] => [...(has('log_streams') ? p.logStreams : []), ...(has('experiments') ? p.experiments : [])];
  const orgProjects = PROJECT_KINDS.some(has) ? org.projects : [];
  const usedScorers = new Set(orgProjects.flatMap((p) => runsOf(p).flatMap((r) => r.scorers.map((s) => s.id))));
  const usedDatasets = new Set(has('experiments') ? orgProjects.flatMap((p) => p.experiments.flatMap((e) => (e.run.dataset?.dataset_id ? [e.run.dataset.dataset_id] : []))) : []);

  // project keys first: a scorer's scope names them
  const projectScope = new KeyScope('project');
  const projectKeys = new Map(orgProjects.map((p) => [p.project.id, projectScope.key(p.project.name)]));

  // ---- scorers ----
  const scorerKeys = new Map<string, string>();
  const scorerScope = new KeyScope('scorer');
  const scorers: Record<string, Entry> = {};
  const custom = org.scorers
    .filter((s) => (s.scorer_type === 'llm' || s.scorer_type === 'code') && (has('scorers') || usedScorers.has(s.id)))
    .sort((a, b) => (a.name === b.name ? (a.scorer_type < b.scorer_type ? -1 : 1) : a.name < b.name ? -1 : 1));
  for (const s of custom) {
    const entry = scorerEntry(s, org.code[s.id], warnings);
    if (entry === undefined) continue;
    const key = scorerScope.key(s.name);
    if (s.scorer_type === 'code') {
      const file = `scorers/${key}.py`;
      files.set(file, `${entry['code'] as string}\n`);
      delete entry['code'];
      entry['file'] = file;
    }
    scorers[key] = { type: s.scorer_type, ...named(key, s.name), ...entry, ...scopeEntry(s, projectKeys, warnings), adopt: true };
    scorerKeys.set(s.id, key);
  }

  // ---- datasets ----
  const datasetKeys = new Map<string, string>();
  const currentVersions = new Map<string, number>();
  const datasetScope = new KeyScope('dataset');
  const datasets: Record<string, Entry> = {};
  for (const { dataset, content } of org.datasets.filter((d) => has('datasets') || usedDatasets.has(d.dataset.id)).sort((a, b) => (a.dataset.name < b.dataset.name ? -1 : 1))) {
    const key = datasetScope.key(dataset.name);
    const state = normalizeDataset(dataset, undefined, content).state;
    const rows = (state.rows ?? []).map((r) => r.values);
    const { format, text } = datasetFile(state.columns, rows);
    const file = `datasets/${key}.${format}`;
    files.set(file, text);
    datasets[key] = { ...named(key, dataset.name), file, adopt: true };
    datasetKeys.set(dataset.id, key);
    currentVersions.set(dataset.id, dataset.current_version_index);
  }

  // ---- projects ----
  const globalTemplateKeys = new Map(Object.entries(org.sections?.['global_templates']?.keysById ?? {}));
  const projects: Record<string, Entry> = {};
  const counts = { projects: 0, scorers: Object.keys(scorers).length, datasets: Object.keys(datasets).length, templates: 0, log_streams: 0, experiments: 0 };
  for (const p of orgProjects) {
    const pkey = projectKeys.get(p.project.id)!;
    const pstate = normalizeProject(p.project).state;
    const entry: Entry = { ...named(pkey, p.project.name) };
    if (pstate.description != null && pstate.description !== '') entry['description'] = pstate.description;
    if ((pstate.labels ?? []).length > 0) entry['labels'] = pstate.labels;
    entry['adopt'] = true;

    const usedTemplates = new Set(has('experiments') ? p.experiments.flatMap((e) => (e.run.prompt?.prompt_template_id ? [e.run.prompt.prompt_template_id] : [])) : []);
    const templateKeys = new Map<string, string>();
    const templates: Record<string, Entry> = {};
    const templateScope = new KeyScope('template');
    for (const t of [...p.templates].sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (!has('templates') && !usedTemplates.has(t.id)) continue;
      const key = templateScope.key(t.name);
      templates[key] = { ...named(key, t.name), ...templateEntry(t, p.project.id, `templates/${pkey}/${key}.txt`, files), adopt: true };
      templateKeys.set(t.id, key);
    }
    const refsOf = (run: OrgRun<{ name: string }>, where: string): string[] => scorerRefs(run.scorers, scorerById, scorerKeys, where, warnings);
    const logStreams: Record<string, Entry> = {};
    const lsScope = new KeyScope('log_stream');
    for (const ls of has('log_streams') ? [...p.logStreams].sort((a, b) => (a.run.name < b.run.name ? -1 : 1)) : []) {
      const key = lsScope.key(ls.run.name);
      logStreams[key] = { ...named(key, ls.run.name), scorers: refsOf(ls, `log stream "${ls.run.name}" in project "${p.project.name}"`), ...runSettingsEntry(ls, scorerById, scorerKeys), adopt: true };
    }
    const experiments: Record<string, Entry> = {};
    const expScope = new KeyScope('experiment');
    for (const e of has('experiments') ? latestRuns(p.experiments) : []) {
      // an experiment once, by its name: its runs (`<name> · <fingerprint>`, issue 17) are one experiment's history
      const name = parseRunName(e.run.name)?.experiment ?? e.run.name;
      const key = expScope.key(name);
      const where = `experiment "${e.run.name}" in project "${p.project.name}"`;
      if (isRunnerRun(e.run)) {
        warnings.push(`${where} is a runner experiment (its traces are your application's answers; Galileo has no record of the application): left out, declare it with its runner: by hand`);
        continue;
      }
      experiments[key] = { ...named(key, name), ...experimentInputs(e.run, { datasets: datasetKeys, currentVersions }, { project: templateKeys, global: globalTemplateKeys }, where, warnings), scorers: refsOf(e, where), ...runSettingsEntry(e, scorerById, scorerKeys), ...tagsEntry(e.run), trigger: false, adopt: true };
    }
    if (Object.keys(templates).length > 0) entry['templates'] = templates;
    if (Object.keys(logStreams).length > 0) entry['log_streams'] = logStreams;
    if (Object.keys(experiments).length > 0) entry['experiments'] = experiments;
    const stages = has('projects') ? stageEntries(p.stages ?? [], p.project.name, warnings) : {};
    if (Object.keys(stages).length > 0) entry['stages'] = stages;
    projects[pkey] = entry;
    counts.projects += 1;
    counts.templates += Object.keys(templates).length;
    counts.log_streams += Object.keys(logStreams).length;
    counts.experiments += Object.keys(experiments).length;
  }

  const doc: Entry = { version: 1, ...(opts.stack === undefined ? {} : { stack: opts.stack }) };
  if (counts.scorers > 0) doc['scorers'] = scorers;
  if (counts.datasets > 0) doc['datasets'] = datasets;
  if (counts.projects > 0) doc['projects'] = projects;
  for (const [section, { entries, warnings: w }] of Object.entries(org.sections ?? {})) {
    appendAll(warnings, w);
    Object.assign(counts, { [section]: Object.keys(entries).length });
    if (Object.keys(entries).length > 0) doc[section] = entries;
  }
  const header = [
    `# yaml-language-server: $schema=${opts.schemaPath}`,
    '#',
    `# Exported by \`galctl export\` from ${opts.source}. Every resource is \`adopt: true\`: it was made outside`,
    '# galctl, and galctl manages it from now on without taking ownership (--prune never deletes it).',
    '',
  ].join('\n');
  return { manifest: `${header}${stringify(doc, { lineWidth: 0 })}`, files, warnings, counts };
}

/** A scorer's access scope as project keys: written when it is global or scoped to projects the export writes. */
function scopeEntry(s: Scorer, projectKeys: ReadonlyMap<string, string>, warnings: string[]): Entry {
  if (s.is_global === true) return { scope: { global: true } };
  const projects = s.scope_projects ?? [];
  if (projects.length === 0) return {};
  const keys = projects.map((p) => projectKeys.get(p.id));
  if (keys.some((k) => k === undefined)) {
    warnings.push(`${s.scorer_type} scorer "${s.name}" is scoped to projects the export does not write: exported without its scope`);
    return {};
  }
  return { scope: { projects: (keys as string[]).sort() } };
}

/** The fields the planner compares, as they are live; undefined (with a warning) when it cannot be written. */
function scorerEntry(s: Scorer, code: string | undefined, warnings: string[]): Entry | undefined {
  const state = normalizeScorer(s, code).state;
  const what = `${s.scorer_type} scorer "${s.name}"`;
  if (state.version === null) {
    warnings.push(`${what} has no version yet: not exported`);
    return undefined;
  }
  const entry: Entry = {};
  if (state.description !== undefined && state.description !== '') entry['description'] = state.description;
  if ((state.tags ?? []).length > 0) entry['tags'] = state.tags;
  if (state.nodeTypes === null || state.nodeTypes.length === 0) {
    entry['node_types'] = s.scorer_type === 'code' ? ['trace'] : ['llm', 'chat'];
    warnings.push(`${what} has no node types (Galileo skips it on raw traces): exported with node_types ${JSON.stringify(entry['node_types'])}, which plan will set`);
  } else entry['node_types'] = state.nodeTypes;
  if (s.scorer_type === 'code') {
    if (state.code === undefined) {
      warnings.push(`${what}: its source could not be read: not exported`);
      return undefined;
    }
    return { ...entry, code: state.code };
  }
  if (state.outputType != null) entry['output_type'] = state.outputType;
  else warnings.push(`${what} has no output type: exported without one (plan will set boolean)`);
  if (state.inputType != null) entry['input_type'] = state.inputType;
  if (state.model != null) entry['model'] = state.model;
  if (state.judges != null) entry['judges'] = state.judges;
  if (state.chainOfThought != null) entry['chain_of_thought'] = state.chainOfThought;
  entry['prompt'] = state.prompt ?? '';
  return entry;
}

/** The selected version's text (inline, as messages, or in a file when long) and its user-settable settings but Galileo's defaults. */
function templateEntry(t: Template, projectId: string, file: string, files: Map<string, string>): Entry {
  const state = normalizeTemplate(t, projectId).state;
  const entry: Entry = {};
  let messages: unknown;
  if (state.template.startsWith('[{')) {
    try {
      messages = JSON.parse(state.template);
    } catch {
      messages = undefined;
    }
  }
  if (Array.isArray(messages)) entry['messages'] = messages;
  else if (state.template.length > INLINE_TEMPLATE_CHARS || state.template.split('\n').length > INLINE_TEMPLATE_LINES) {
    files.set(file, state.template);
    entry['template_file'] = file;
  } else entry['template'] = state.template;
  const settings = explicitTemplateSettings(state.settings);
  if (Object.keys(settings).length > 0) entry['settings'] = settings;
  return entry;
}

/** A run galctl made for a runner experiment (issue 19): its stored inputs summary has a runner part. */
function isRunnerRun(e: Experiment): boolean {
  return readRunTags(flattenRunTags(e.tags ?? undefined)).summary?.r !== undefined;
}

/** An experiment's dataset (pinned when the run read an older version) and template as manifest keys (both fixed at creation). */
function experimentInputs(
  e: Experiment,
  ds: { datasets: Map<string, string>; currentVersions: Map<string, number> },
  templateKeys: { project: Map<string, string>; global: Map<string, string> },
  where: string,
  warnings: string[],
): Entry {
  const datasetKeys = ds.datasets;
  const out: Entry = {};
  const datasetId = e.dataset?.dataset_id ?? null;
  if (datasetId !== null) {
    const key = datasetKeys.get(datasetId);
    if (key === undefined) warnings.push(`${where} uses dataset ${e.dataset?.name ?? datasetId}, which no longer exists: exported without it`);
    // a run on an older version than the dataset's current one is pinned to it (`dataset: {name, version}`)
    else {
      const version = e.dataset?.version_index;
      const current = ds.currentVersions.get(datasetId);
      out['dataset'] = version != null && current !== undefined && version !== current ? { name: key, version } : key;
    }
  }
  const templateId = e.prompt?.prompt_template_id ?? null;
  if (templateId !== null) {
    const key = templateKeys.project.get(templateId);
    const global = templateKeys.global.get(templateId);
    if (key !== undefined) out['template'] = key;
    // an org-wide template, exported with this export's global_templates
    else if (global !== undefined) out['template'] = { global };
    else warnings.push(`${where} uses template ${e.prompt?.name ?? templateId}, which is neither in its project nor an exported global template: exported without it`);
  }
  return out;
}

/** A run's scorer settings as references: manifest keys for custom scorers, `preset:<name>` for presets. */
function scorerRefs(configs: readonly ScorerConfig[], byId: Map<string, Scorer>, keys: Map<string, string>, where: string, warnings: string[]): string[] {
  const refs = new Set<string>();
  for (const c of configs) {
    const ref = scorerRefOf(c, byId, keys);
    if (typeof ref === 'string') refs.add(ref);
    else if (ref.preset) warnings.push(`${where} uses preset scorer "${ref.name}", which galctl does not know: left out`);
    else warnings.push(`${where} uses ${ref.type} scorer "${ref.name}", which could not be exported: left out`);
  }
  return [...refs].sort();
}

/** An experiment's tags but galctl's own, as `tags:` (nothing when it has none). */
function tagsEntry(e: Experiment): Entry {
  const tags = declaredTagsOf(e.tags);
  return Object.keys(tags).length === 0 ? {} : { tags };
}

/** One scorer config's manifest reference, or what it is when it has none. */
function scorerRefOf(c: ScorerConfig, byId: Map<string, Scorer>, keys: Map<string, string>): string | { preset: boolean; type: string; name: string } {
  const s = byId.get(c.id);
  const type = s?.scorer_type ?? c.scorer_type;
  const name = s?.name ?? c.name ?? c.id;
  if (type === 'preset') return PRESET_SCORERS.includes(name) ? `preset:${name}` : { preset: true, type, name };
  return keys.get(c.id) ?? { preset: false, type, name };
}

/**
 * A run's overrides of its scorers (`scorer_overrides`) and its sampling as the planner compares them; nothing when
 * it has neither (then the manifest leaves them unmanaged, which plans empty too). Galileo's defaults are left out.
 */
function runSettingsEntry(run: OrgRun<unknown>, byId: Map<string, Scorer>, keys: Map<string, string>): Entry {
  const out: Entry = {};
  const overrides: Entry = {};
  for (const c of run.scorers) {
    const ref = scorerRefOf(c, byId, keys);
    const o = overrideManifestFields(scorerOverrideOf(c));
    if (typeof ref === 'string' && Object.keys(o).length > 0) overrides[ref] = o;
  }
  if (Object.keys(overrides).length > 0) out['scorer_overrides'] = overrides;
  const sampling = normalizeSegmentFilters(run.segmentFilters).map((s) => {
    const f = s['filter'] as Entry | null;
    const filter = f === null ? undefined : Object.fromEntries(Object.entries(f).filter(([k, v]) => !(k === 'case_sensitive' && v === true) && !(k === 'name' && v === 'node_name')));
    return {
      sample_rate: s['sample_rate'],
      ...(filter === undefined ? {} : { filter }),
      ...(s['llm_scorers'] === true ? { llm_scorers: true } : {}),
      ...(s['multimodal_scorers'] === true ? { multimodal_scorers: true } : {}),
    };
  });
  if (sampling.length > 0) out['sampling'] = sampling;
  return out;
}
