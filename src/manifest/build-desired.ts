import { dirname } from 'node:path';
import { hashDatasetContent } from '../core/content-hash.js';
import { KIND_LIST } from '../kinds/registry.js';
import type { ManifestEntry } from '../kinds/manifest-entry.js';
import { mapEntries, type ManifestV1, type RunScorerSettingsSpec } from './manifest-v1.js';
import type { DatasetFormat, ParsedDataset } from './parse-dataset.js';
import { PRESET_PREFIX } from './presets.js';
import { overrideFromManifest } from '../core/scorer-override-fields.js';
import type { Desired, DesiredDataset, DesiredResource, RunScorerSettings, ScorerRef, SourceLocation } from '../core/desired-types.js';
import type { DataPath } from './yaml-source.js';

/** What loadManifest read from disk for a valid manifest. */
export interface LoadedFiles {
  /** file field path (`scorers/x/file`) → absolute path and text */
  files: Map<string, { abs: string; text: string }>;
  /** trace file field path (`…/log_streams/x/traces`) → absolute path and sha256 of its bytes (once checked); never read as text */
  traceFiles: Map<string, { abs: string; digest?: string }>;
  /** dataset file field path (`datasets/x/file`) → absolute path and sha256 of its bytes (once checked); read only when its rows are */
  datasetFiles: Map<string, { abs: string; digest?: string }>;
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
    const f = loaded.traceFiles.get(filePathKey(path));
    if (f === undefined) return undefined;
    const records = loaded.traceRecords.get(f.abs);
    return { file: f.abs, loc: locate(path), ...(records === undefined ? {} : { records }) };
  };
  const entry = (path: DataPath, key: string, spec: object, project: string): ManifestEntry => ({
    key,
    spec,
    path,
    project,
    base: base(path, key, spec),
    locate,
    fileOf,
    traces,
    loaded,
    manifestDir: dirname(file),
  });
  // org kinds (projects first: the registry's order), then each project's kinds, project by project
  for (const kind of KIND_LIST) {
    if (kind.scope !== 'org' || kind.manifestKey === undefined || kind.fromManifest === undefined) continue;
    for (const [k, spec] of mapEntries(Reflect.get(m, kind.manifestKey))) resources.push(kind.fromManifest(entry([kind.manifestKey, k], k, spec, '')));
  }
  for (const [p, project] of mapEntries(m.projects)) {
    for (const kind of KIND_LIST) {
      if (kind.scope !== 'project' || kind.manifestKey === undefined || kind.fromManifest === undefined) continue;
      for (const [k, spec] of mapEntries(project[kind.manifestKey])) resources.push(kind.fromManifest(entry(['projects', p, kind.manifestKey, k], k, spec, p)));
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

/** A run's `scorer_overrides` and `sampling` as the desired state holds them (absent: unmanaged). Pure. */
export function runScorerSettings(spec: RunScorerSettingsSpec): RunScorerSettings {
  const out: RunScorerSettings = {};
  if (spec.scorer_overrides !== undefined) {
    out.scorerOverrides = {};
    for (const [ref, o] of Object.entries(spec.scorer_overrides)) out.scorerOverrides[ref] = overrideFromManifest(o);
  }
  if (spec.sampling !== undefined) out.sampling = spec.sampling;
  return out;
}
