/** What `galctl export` reads from Galileo (raw API objects) and what it writes. Plain data. */
import type { DatasetContent } from '../../kinds/dataset/api.js';
import type { OrgExport } from '../../kinds/live-read.js';
import type { Dataset, Experiment, LogStream, ProjectDB, Scorer, ScorerConfig, Template } from '../../galileo/types.js';
import type { StageDB } from '../../kinds/stage/api.js';

/** Kinds `--kinds` selects; `projects` are also written whenever a project-scoped kind is. */
export const EXPORT_KINDS = [
  'scorers',
  'datasets',
  'templates',
  'log_streams',
  'experiments',
  'projects',
  'integrations',
  'global_templates',
  'annotation_queues',
] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

/** Kinds that live in projects: any of them makes the export read and write projects. */
export const PROJECT_KINDS: readonly ExportKind[] = ['projects', 'templates', 'log_streams', 'experiments'];

export interface OrgRun<R> {
  run: R;
  /** the run's scorer settings */
  scorers: ScorerConfig[];
  /** the run's segment filters (sampling) */
  segmentFilters?: unknown[] | null;
}

export interface OrgProject {
  project: ProjectDB;
  templates: Template[];
  logStreams: OrgRun<LogStream>[];
  experiments: OrgRun<Experiment>[];
  /** the project's Protect stages that galctl's inventory names (Galileo cannot list them) */
  stages?: StageDB[];
}

/** The live objects an export is made from. */
export interface OrgSnapshot {
  /** every scorer read (presets included: runs reference them by id) */
  scorers: Scorer[];
  /** code scorer id → source of its latest version */
  code: Record<string, string>;
  /** datasets to export, each with its current rows */
  datasets: { dataset: Dataset; content: DatasetContent }[];
  projects: OrgProject[];
  /** the org kinds exported by their own hook (KindDescriptor.orgExport), by manifest section */
  sections?: Record<string, OrgExport>;
}

export interface ExportResult {
  /** galileo.yaml text */
  manifest: string;
  /** path relative to the export directory → file text (scorer code, dataset rows, long templates) */
  files: Map<string, string>;
  /** what could not be exported faithfully; the plan of the export may not be empty for these */
  warnings: string[];
  counts: Record<'projects' | 'scorers' | 'datasets' | 'templates' | 'log_streams' | 'experiments', number> & Record<string, number>;
}
