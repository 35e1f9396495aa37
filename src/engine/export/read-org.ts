import { PROJECT_KINDS, type ExportKind, type OrgProject, type OrgSnapshot } from './types.js';
import type { GalileoClient } from '../../galileo/create-client.js';
import { getDatasetContent, queryDatasets } from '../../kinds/dataset/api.js';
import { searchExperiments } from '../../kinds/experiment/api.js';
import { searchLogStreams } from '../../kinds/log-stream/api.js';
import { listProjects } from '../../kinds/project/api.js';
import { readInventory, splitInventory } from '../read/read-inventory.js';
import { inventoryStages } from '../../kinds/stage/api.js';
import { getScorerSettings } from '../../galileo/runs.js';
import type { RunScorerSettings, ScorerConfig } from '../../galileo/types.js';
import { getScorerCode, listScorers } from '../../kinds/scorer/api.js';
import { listProjectTemplates } from '../../kinds/template/api.js';
import type { OrgExport } from '../../kinds/live-read.js';
import { KIND_LIST } from '../../kinds/registry.js';
import { KeyScope } from './assign-keys.js';
import { isPreviewRun, previewObjectIds } from './preview-objects.js';

const orgRunSettings = (s: RunScorerSettings): { scorers: ScorerConfig[]; segmentFilters: unknown[] | null } => ({ scorers: s.scorers, segmentFilters: s.segment_filters ?? null });

export interface ReadOrgOptions {
  /** project names to export (default: every project) */
  projects?: readonly string[];
  kinds: ReadonlySet<ExportKind>;
}

/**
 * Everything an export needs, list-first: projects, scorers and datasets (one paged list each), per project its
 * templates, log streams and experiments (three calls) and per run its scorer settings; then the source of each
 * code scorer and the rows of each dataset that will be written (what `--kinds` selects, plus what an exported
 * experiment or log stream uses).
 */
export async function readOrg(client: GalileoClient, opts: ReadOrgOptions): Promise<OrgSnapshot> {
  const wantProjects = PROJECT_KINDS.some((k) => opts.kinds.has(k));
  const [listedProjects, listedScorers, listedDatasets] = await Promise.all([
    wantProjects ? listProjects(client, opts.projects === undefined ? {} : { names: opts.projects }) : [],
    listScorers(client),
    queryDatasets(client),
  ]);
  const { datasets: listed, inventory } = splitInventory(listedDatasets); // galctl's own bookkeeping is never exported
  // Galileo cannot list a project's stages: those any stack's inventory rows name are the ones found; and what
  // pull request previews made (their scratch copies and runs) is never the org's configuration
  const rows = inventory !== undefined ? (await readInventory(client, inventory)).rows : [];
  const preview = previewObjectIds(rows);
  const datasets = listed.filter((d) => !preview.has(d.id));
  const projects = listedProjects.filter((p) => !preview.has(p.id));
  const scorers = listedScorers.filter((x) => !preview.has(x.id));
  const sectionsRead = readOrgSections(client, opts.kinds);
  sectionsRead.catch(() => undefined); // awaited below
  const orgProjects: OrgProject[] = await Promise.all(
    projects.map(async (project) => {
      const [templates, logStreams, experiments] = await Promise.all([
        opts.kinds.has('templates') || opts.kinds.has('experiments') ? listProjectTemplates(client, project.id) : [],
        opts.kinds.has('log_streams') ? searchLogStreams(client, project.id) : [],
        opts.kinds.has('experiments') ? searchExperiments(client, project.id).then((runs) => runs.filter((r) => !preview.has(r.id) && !isPreviewRun(r))) : [],
      ]);
      const settings = (runId: string) => getScorerSettings(client, project.id, runId);
      return {
        project,
        templates,
        logStreams: await Promise.all(logStreams.map(async (run) => ({ run, ...orgRunSettings(await settings(run.id)) }))),
        experiments: await Promise.all(experiments.map(async (run) => ({ run, ...orgRunSettings(await settings(run.id)) }))),
        stages: await inventoryStages(client, project, rows),
      };
    }),
  );

  const usedScorers = new Set(orgProjects.flatMap((p) => [...p.logStreams, ...p.experiments].flatMap((r) => r.scorers.map((s) => s.id))));
  const usedDatasets = new Set(orgProjects.flatMap((p) => p.experiments.flatMap((e) => (e.run.dataset?.dataset_id ? [e.run.dataset.dataset_id] : []))));
  const codeScorers = scorers.filter((s) => s.scorer_type === 'code' && s.latest_version != null && (opts.kinds.has('scorers') || usedScorers.has(s.id)));
  const exported = datasets.filter((d) => opts.kinds.has('datasets') || usedDatasets.has(d.id));
  const [code, contents] = await Promise.all([
    Promise.all(codeScorers.map((s) => getScorerCode(client, s.id, s.latest_version?.version))),
    Promise.all(exported.map((d) => getDatasetContent(client, d.id, { rows: d.num_rows }))),
  ]);
  return {
    scorers,
    code: Object.fromEntries(codeScorers.map((s, i) => [s.id, code[i] as string])),
    datasets: exported.map((dataset, i) => ({ dataset, content: contents[i]! })),
    projects: orgProjects.sort((a, b) => (a.project.name < b.project.name ? -1 : 1)),
    sections: await sectionsRead,
  };
}

/** The org kinds that export themselves (KindDescriptor.orgExport) and that `--kinds` selects, by manifest section. */
async function readOrgSections(client: GalileoClient, kinds: ReadonlySet<ExportKind>): Promise<Record<string, OrgExport>> {
  const own = KIND_LIST.filter((k) => k.orgExport !== undefined && k.manifestKey !== undefined && kinds.has(k.manifestKey as ExportKind));
  const read = await Promise.all(
    own.map((k) => {
      const scope = new KeyScope(k.id);
      return k.orgExport!(client, { key: (name) => scope.key(name) });
    }),
  );
  return Object.fromEntries(own.map((k, i) => [k.manifestKey!, read[i]!]));
}
