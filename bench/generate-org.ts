/**
 * Writes a large generated org to disk: the manifest, one CSV per dataset, one Python file per code scorer and one
 * JSONL trace file per traced log stream. A second manifest (`galileo.changed.yaml`) declares the same org with 1%
 * of each kind changed, for the "plan after a 1% change" scenario.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { join } from 'node:path';

export interface OrgSizes {
  scorers: number;
  /** every n-th scorer is a code scorer, the rest are LLM judges */
  codeEvery: number;
  datasets: number;
  rowsPerDataset: number;
  projects: number;
  templatesPerProject: number;
  logStreamsPerProject: number;
  experimentsPerProject: number;
  /** spread over the first log stream of every project */
  traces: number;
}

export const LARGE: OrgSizes = {
  scorers: 1000, codeEvery: 10, datasets: 300, rowsPerDataset: 1000, projects: 50,
  templatesPerProject: 10, logStreamsPerProject: 5, experimentsPerProject: 20, traces: 100_000,
};

/** 1/20 of the large org: every kind present, runs in under a minute. */
export const SMALL: OrgSizes = {
  scorers: 50, codeEvery: 10, datasets: 15, rowsPerDataset: 200, projects: 3,
  templatesPerProject: 10, logStreamsPerProject: 5, experimentsPerProject: 20, traces: 5_000,
};

/** Every kind, a handful of each: the whole bench pipeline in seconds (test/bench runs it; its timings mean nothing). */
export const TINY: OrgSizes = {
  scorers: 10, codeEvery: 5, datasets: 3, rowsPerDataset: 20, projects: 2,
  templatesPerProject: 2, logStreamsPerProject: 2, experimentsPerProject: 3, traces: 400,
};

export const SCALES = { large: LARGE, small: SMALL, tiny: TINY } as const;
export type Scale = keyof typeof SCALES;

/** What was written, counted per kind (the lower bounds are computed from it). */
export interface OrgCounts {
  projects: number;
  llmScorers: number;
  codeScorers: number;
  datasets: number;
  rows: number;
  templates: number;
  logStreams: number;
  experiments: number;
  /** trace count per traced run */
  tracesPerRun: number[];
  /** presets named by runs */
  presets: number;
  /** declared resources (projects, scorers, datasets, templates, log streams, experiments) */
  declared: number;
  projectNames: string[];
  /** per kind, how many the changed manifest edits */
  changed: Record<string, number>;
}

const pad = (n: number, w: number): string => String(n).padStart(w, '0');
const scorerKey = (i: number): string => `scorer-${pad(i, 4)}`;
const datasetKey = (i: number): string => `dataset-${pad(i, 3)}`;
const projectKey = (p: number): string => `project-${pad(p, 2)}`;
const logStreamKey = (l: number): string => `stream-${pad(l, 2)}`;
/** the first log stream of every project has a trace file (the org's directory is its base) */
const traceFileOf = (p: number): string => `traces/${projectKey(p)}.jsonl`;

/** The log streams with a trace file: project and log stream names, the file relative to the org's directory. */
export function tracedRuns(sizes: OrgSizes): { project: string; logStream: string; file: string }[] {
  if (sizes.traces === 0) return [];
  return Array.from({ length: Math.min(sizes.projects, sizes.traces) }, (_, p) => ({ project: projectKey(p), logStream: logStreamKey(0), file: traceFileOf(p) }));
}
/** how many of `n` the 1% change edits (at least one of every kind) */
export const onePercent = (n: number): number => (n === 0 ? 0 : Math.max(1, Math.ceil(n / 100)));
/** the changed items are spread over the list, not bunched at its start */
const isChanged = (i: number, n: number): boolean => {
  const k = onePercent(n);
  return k > 0 && i % Math.floor(n / k) === 0 && i / Math.floor(n / k) < k;
};

export async function generateOrg(dir: string, sizes: OrgSizes): Promise<OrgCounts> {
  await mkdir(join(dir, 'scorers'), { recursive: true });
  await mkdir(join(dir, 'datasets'), { recursive: true });
  await mkdir(join(dir, 'traces'), { recursive: true });

  let codeScorers = 0;
  for (let i = 0; i < sizes.scorers; i++) {
    if (i % sizes.codeEvery !== sizes.codeEvery - 1) continue;
    codeScorers++;
    await writeFile(join(dir, 'scorers', `${scorerKey(i)}.py`), codeScorer(i));
  }
  for (let d = 0; d < sizes.datasets; d++) {
    await writeFile(join(dir, 'datasets', `${datasetKey(d)}.csv`), datasetCsv(d, sizes.rowsPerDataset, false));
    if (isChanged(d, sizes.datasets)) await writeFile(join(dir, 'datasets', `${datasetKey(d)}.changed.csv`), datasetCsv(d, sizes.rowsPerDataset, true));
  }
  const tracesPerRun: number[] = [];
  for (let p = 0; p < sizes.projects; p++) {
    const n = Math.floor(sizes.traces / sizes.projects) + (p < sizes.traces % sizes.projects ? 1 : 0);
    if (n === 0) continue;
    tracesPerRun.push(n);
    await writeTraces(join(dir, traceFileOf(p)), n, `Project ${p} `);
  }
  await writeFile(join(dir, 'galileo.yaml'), manifest(sizes, false));
  await writeFile(join(dir, 'galileo.changed.yaml'), manifest(sizes, true));

  const templates = sizes.projects * sizes.templatesPerProject;
  const logStreams = sizes.projects * sizes.logStreamsPerProject;
  const experiments = sizes.projects * sizes.experimentsPerProject;
  return {
    projects: sizes.projects,
    llmScorers: sizes.scorers - codeScorers,
    codeScorers,
    datasets: sizes.datasets,
    rows: sizes.datasets * sizes.rowsPerDataset,
    templates,
    logStreams,
    experiments,
    tracesPerRun,
    presets: 2,
    declared: sizes.projects + sizes.scorers + sizes.datasets + templates + logStreams + experiments,
    projectNames: Array.from({ length: sizes.projects }, (_, p) => projectKey(p)),
    changed: {
      project: onePercent(sizes.projects),
      scorer: onePercent(sizes.scorers),
      dataset: onePercent(sizes.datasets),
      template: onePercent(templates),
      log_stream: onePercent(logStreams),
      experiment: onePercent(experiments),
    },
  };
}

function codeScorer(i: number): string {
  return [
    `"""Generated code scorer ${i}: response length normalised to 0-1."""`,
    '',
    '',
    'def scorer_fn(step_object, **kwargs) -> float:',
    '    output = step_object.output',
    '    if not output:',
    '        return 0.0',
    '    text = output if isinstance(output, str) else output.content',
    `    return min(len(text or "") / ${100 + i}.0, 1.0)`,
    '',
  ].join('\n');
}

function datasetCsv(d: number, rows: number, changed: boolean): string {
  const out = ['input,output'];
  for (let r = 0; r < rows; r++) {
    const answer = changed && r === 0 ? `City ${d}.${r} (revised)` : `City ${d}.${r}`;
    out.push(`"What is the capital of region ${d}.${r}?","${answer}"`);
  }
  return `${out.join('\n')}\n`;
}

/** A JSONL trace file of `n` simple rows; `prefix` goes in front of each question (e.g. `Project 3 `). */
export async function writeTraces(file: string, n: number, prefix = ''): Promise<void> {
  const out = createWriteStream(file);
  for (let i = 0; i < n; i++) {
    const line = JSON.stringify({
      input: `${prefix}question ${i}: what is the capital of country number ${i}?`,
      output: `The capital of country ${i} is City ${i}.`,
      dataset_output: `City ${i}`,
      metadata: { index: String(i), shard: String(i % 16) },
      tags: ['bench'],
    });
    if (!out.write(`${line}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/** The manifest; `changed` edits 1% of every kind (prompts, rows, descriptions, template text, scorer lists). */
function manifest(s: OrgSizes, changed: boolean): string {
  const out = ['version: 1', 'scorers:'];
  for (let i = 0; i < s.scorers; i++) {
    const edit = changed && isChanged(i, s.scorers);
    if (i % s.codeEvery === s.codeEvery - 1) {
      out.push(`  ${scorerKey(i)}:`, '    type: code', `    description: generated code scorer ${i}${edit ? ' (revised)' : ''}`,
        '    node_types: [trace]', `    file: scorers/${scorerKey(i)}.py`);
    } else {
      out.push(
        `  ${scorerKey(i)}:`, '    type: llm', '    node_types: [llm]', '    output_type: percentage', '    model: GPT-4o mini', '    prompt: |',
        `      Scorer ${i}: rate the answer from 0 to 1${edit ? ', strictly' : ''}.`, '      Input: {input}', '      Output: {output}',
      );
    }
  }
  out.push('datasets:');
  for (let d = 0; d < s.datasets; d++) {
    const file = changed && isChanged(d, s.datasets) ? `${datasetKey(d)}.changed.csv` : `${datasetKey(d)}.csv`;
    out.push(`  ${datasetKey(d)}:`, `    file: datasets/${file}`);
  }
  out.push('projects:');
  const scorerRef = (n: number): string => scorerKey(n % s.scorers);
  for (let p = 0; p < s.projects; p++) {
    const projectEdit = changed && isChanged(p, s.projects);
    out.push(`  ${projectKey(p)}:`, `    description: generated project ${p}${projectEdit ? ' (revised)' : ''}`, '    templates:');
    for (let t = 0; t < s.templatesPerProject; t++) {
      const edit = changed && isChanged(p * s.templatesPerProject + t, s.projects * s.templatesPerProject);
      out.push(
        `      p${pad(p, 2)}-template-${pad(t, 2)}:`, // template names are unique org-wide
        `        template: "Answer${edit ? ' briefly' : ''} question {{input}} (template ${p}.${t})"`,
        '        settings: { model_alias: GPT-4o mini, temperature: 0 }',
      );
    }
    out.push('    log_streams:');
    for (let l = 0; l < s.logStreamsPerProject; l++) {
      const edit = changed && isChanged(p * s.logStreamsPerProject + l, s.projects * s.logStreamsPerProject);
      const refs = [scorerRef(p * 7 + l), edit ? scorerRef(p * 7 + l + 3) : scorerRef(p * 7 + l + 1), 'preset:output_toxicity'];
      out.push(`      ${logStreamKey(l)}:`, `        scorers: [${refs.join(', ')}]`);
      if (l === 0 && s.traces > 0) out.push(`        traces: ${traceFileOf(p)}`);
    }
    out.push('    experiments:');
    for (let e = 0; e < s.experimentsPerProject; e++) {
      const edit = changed && isChanged(p * s.experimentsPerProject + e, s.projects * s.experimentsPerProject);
      const refs = [scorerRef(p * 11 + e), 'preset:correctness', ...(edit ? [scorerRef(p * 11 + e + 5)] : [])];
      out.push(
        `      experiment-${pad(e, 2)}:`,
        `        dataset: ${datasetKey((p * s.experimentsPerProject + e) % s.datasets)}`,
        `        template: p${pad(p, 2)}-template-${pad(e % s.templatesPerProject, 2)}`,
        '        trigger: false', // declared, not run: 1,000 triggered runs would have the simulator generate 1M rows
        `        scorers: [${refs.join(', ')}]`,
      );
    }
  }
  return `${out.join('\n')}\n`;
}
