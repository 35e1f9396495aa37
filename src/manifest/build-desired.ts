import { addressOf } from '../core/address.js';
import { hashDatasetContent } from '../core/content-hash.js';
import type { ManifestV1 } from './manifest-v1.js';
import type { DatasetFormat, ParsedDataset } from './parse-dataset.js';
import { PRESET_PREFIX } from './presets.js';
import type {
  Desired,
  DesiredDataset,
  DesiredExperiment,
  DesiredLogStream,
  DesiredResource,
  DesiredScorer,
  DesiredTemplate,
  ScorerRef,
  SourceLocation,
} from '../core/desired-types.js';
import type { DataPath } from './yaml-source.js';

/** What loadManifest read from disk for a valid manifest. */
export interface LoadedFiles {
  /** file field path (`scorers/x/file`) → absolute path and text */
  files: Map<string, { abs: string; text: string }>;
  /** dataset key → parsed rows (and their content hash when already computed) */
  datasets: Map<string, LoadedDataset>;
  /** trace file (absolute path) → its good records, counted when it was checked */
  traceRecords: Map<string, number>;
  /** trace file (absolute path) → sha256 of its good records, from the same check */
  traceHashes: Map<string, string>;
}

export type LoadedDataset = ParsedDataset & { format: DatasetFormat; abs?: string; contentHash?: string };

export const filePathKey = (path: DataPath): string => path.join('/');

/** Resolves a valid manifest into the flat desired state: projects first, then in manifest order. Pure. */
export function buildDesired(m: ManifestV1, file: string, loaded: LoadedFiles, locate: (path: DataPath) => SourceLocation): Desired {
  const resources: DesiredResource[] = [];
  const base = (path: DataPath, key: string, spec: { name?: string; protect?: boolean; adopt?: boolean }) => ({
    key,
    name: spec.name ?? key,
    loc: locate(path),
    protect: spec.protect ?? false,
    adopt: spec.adopt ?? false,
  });
  const fileOf = (path: DataPath) => loaded.files.get(filePathKey(path));
  const traces = (path: DataPath) => {
    const f = fileOf(path);
    if (f === undefined) return undefined;
    const records = loaded.traceRecords.get(f.abs);
    const contentHash = loaded.traceHashes.get(f.abs);
    return { file: f.abs, loc: locate(path), ...(records === undefined ? {} : { records }), ...(contentHash === undefined ? {} : { contentHash }) };
  };
  const projects = Object.entries(m.projects ?? {});
  for (const [p, spec] of projects) {
    resources.push({
      kind: 'project',
      address: addressOf('project', p),
      ...base(['projects', p], p, spec),
      ...(spec.description !== undefined ? { description: spec.description } : {}),
      ...(spec.labels !== undefined ? { labels: spec.labels } : {}),
    });
  }
  for (const [k, s] of Object.entries(m.scorers ?? {})) {
    const common = {
      kind: 'scorer' as const,
      address: addressOf('scorer', k),
      ...base(['scorers', k], k, s),
      ...(s.description !== undefined ? { description: s.description } : {}),
      ...(s.tags !== undefined ? { tags: s.tags } : {}),
      nodeTypes: s.node_types,
    };
    let scorer: DesiredScorer;
    if (s.type === 'code') {
      const f = fileOf(['scorers', k, 'file']);
      scorer = { ...common, scorerType: 'code', file: f?.abs ?? '', code: f?.text ?? '' };
    } else {
      scorer = {
        ...common,
        scorerType: 'llm',
        outputType: s.output_type ?? 'boolean',
        prompt: s.prompt ?? fileOf(['scorers', k, 'prompt_file'])?.text ?? '',
        ...(s.input_type !== undefined ? { inputType: s.input_type } : {}),
        ...(s.model !== undefined ? { model: s.model } : {}),
        ...(s.judges !== undefined ? { judges: s.judges } : {}),
        ...(s.chain_of_thought !== undefined ? { chainOfThought: s.chain_of_thought } : {}),
      };
    }
    resources.push(scorer);
  }
  for (const [k, d] of Object.entries(m.datasets ?? {})) {
    const dataset: DesiredDataset = {
      kind: 'dataset',
      address: addressOf('dataset', k),
      ...base(['datasets', k], k, d),
      ...datasetContent(loaded.datasets.get(k)),
    };
    resources.push(dataset);
  }
  for (const [p, spec] of projects) {
    for (const [k, t] of Object.entries(spec.templates ?? {})) {
      const path = ['projects', p, 'templates', k];
      const template: DesiredTemplate = {
        kind: 'template',
        address: addressOf('template', k, p),
        ...base(path, k, t),
        project: p,
        template: t.messages ?? t.template ?? fileOf([...path, 'template_file'])?.text ?? '',
        ...(t.settings !== undefined ? { settings: t.settings } : {}),
      };
      resources.push(template);
    }
    for (const [k, l] of Object.entries(spec.log_streams ?? {})) {
      const path = ['projects', p, 'log_streams', k];
      const t = traces([...path, 'traces']);
      const logStream: DesiredLogStream = {
        kind: 'log_stream',
        address: addressOf('log_stream', k, p),
        ...base(path, k, l),
        project: p,
        scorers: (l.scorers ?? []).map(toScorerRef),
        ...(t !== undefined ? { traces: t } : {}),
      };
      resources.push(logStream);
    }
    for (const [k, e] of Object.entries(spec.experiments ?? {})) {
      const path = ['projects', p, 'experiments', k];
      const t = traces([...path, 'traces']);
      const experiment: DesiredExperiment = {
        kind: 'experiment',
        address: addressOf('experiment', k, p),
        ...base(path, k, e),
        project: p,
        scorers: (e.scorers ?? []).map(toScorerRef),
        trigger: e.trigger ?? e.dataset !== undefined,
        thresholds: e.thresholds ?? {},
        ...(e.dataset !== undefined ? { dataset: e.dataset } : {}),
        ...(e.template !== undefined ? { template: e.template } : {}),
        ...(e.prompt_settings !== undefined ? { promptSettings: e.prompt_settings } : {}),
        ...(t !== undefined ? { traces: t } : {}),
        ...(e.keep_runs !== undefined ? { keepRuns: e.keep_runs } : {}),
      };
      resources.push(experiment);
    }
  }
  return {
    file,
    resources,
    ...(m.stack === undefined ? {} : { stack: m.stack }),
    ...(m.prune === undefined ? {} : { prune: m.prune }),
    ...(m.moved === undefined ? {} : { moved: m.moved }),
  };
}

/** A desired dataset's content fields from its parsed file or inline rows (none yet: no rows). Pure. */
export function datasetContent(parsed: LoadedDataset | undefined): Pick<DesiredDataset, 'format' | 'columns' | 'rows' | 'contentHash' | 'file'> {
  const columns = parsed?.columns ?? [];
  const rows = parsed?.rows ?? [];
  return {
    format: parsed?.format ?? 'jsonl',
    columns,
    rows,
    contentHash: parsed?.contentHash ?? hashDatasetContent(columns, rows),
    ...(parsed?.abs !== undefined ? { file: parsed.abs } : {}),
  };
}

/** `preset:correctness` → preset; anything else → a manifest scorer key. */
export function toScorerRef(ref: string): ScorerRef {
  return ref.startsWith(PRESET_PREFIX) ? { type: 'preset', name: ref.slice(PRESET_PREFIX.length) } : { type: 'custom', key: ref };
}
