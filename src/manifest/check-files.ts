import path from 'node:path';
import { nextTurn } from '../core/map-in-slices.js';
import { checkDatasetFile } from './check-dataset-file.js';
import { checkTraceFileCounted } from '../traces/check-trace-file.js';
import { cacheDirFor, localCache } from '../traces/local-cache.js';
import { doubleBraceMessage, findDoubleBrace, findSingleBrace, positionIn, singleBraceMessage } from './check-braces.js';
import { lintCodeScorer } from './lint-code-scorer.js';
import { datasetRef, isRecord, mapEntries, str } from './manifest-v1.js';
import { columnsOf, formatOfFile, type DatasetFormat } from './parse-dataset.js';
import { filePathKey, type LoadedFiles } from './build-desired.js';
import type { Problem } from '../core/problem.js';
import { displayPath, findReferencedFile, readReferencedFile, type FoundFile, type ReadResult } from './read-referenced-file.js';
import type { RuleIssue } from './rule-issue.js';
import type { DataPath } from './yaml-source.js';
import { appendAll } from '../core/append-all.js';

type FileKind = 'code' | 'prompt' | 'dataset' | 'template' | 'traces';

interface FileRef {
  path: DataPath;
  ref: string;
  kind: FileKind;
  /** resource key, for messages */
  key: string;
}

export interface FileCheckOptions {
  baseDir: string;
  cwd: string;
  allowOutsideFiles: boolean;
}

/** Every file the manifest references, from whatever data it has (runs on invalid manifests too). */
export function fileRefsOf(data: unknown): FileRef[] {
  if (!isRecord(data)) return [];
  const refs: FileRef[] = [];
  const add = (spec: Record<string, unknown>, field: string, base: DataPath, kind: FileKind, key: string): void => {
    const ref = str(spec, field);
    // a reference whose ${VAR} did not resolve is reported by interpolation already
    if (ref !== undefined && ref !== '' && !ref.includes('${')) refs.push({ path: [...base, field], ref, kind, key });
  };
  for (const [k, s] of mapEntries(data['scorers'])) {
    add(s, 'file', ['scorers', k], 'code', k);
    add(s, 'prompt_file', ['scorers', k], 'prompt', k);
  }
  for (const [k, d] of mapEntries(data['datasets'])) add(d, 'file', ['datasets', k], 'dataset', k);
  for (const [p, project] of mapEntries(data['projects'])) {
    for (const [k, t] of mapEntries(project['templates'])) add(t, 'template_file', ['projects', p, 'templates', k], 'template', k);
    for (const [k, l] of mapEntries(project['log_streams'])) add(l, 'traces', ['projects', p, 'log_streams', k], 'traces', k);
    for (const [k, e] of mapEntries(project['experiments'])) add(e, 'traces', ['projects', p, 'experiments', k], 'traces', k);
  }
  return refs;
}

/** What checkFiles finds. */
export interface FileCheck {
  issues: RuleIssue[];
  problems: Problem[];
  loaded: LoadedFiles;
}

/** checkFiles in two stages: what is known once every file is read, and the file contents' checks still to run. */
export interface StagedFileCheck extends FileCheck {
  /**
   * Parses the dataset files (their rows go into `loaded`) and checks the trace files' lines, one file per
   * macrotask (so that requests in flight meanwhile are served); its issues and problems are the rest of checkFiles'.
   */
  contents(): Promise<{ issues: RuleIssue[]; problems: Problem[] }>;
}

/**
 * Reads and checks every referenced file: it exists inside the manifest's directory, datasets parse (no
 * ground_truth column), code scorers define scorer_fn properly, brace syntax of prompt and template files, trace
 * lines. Problems in the manifest come back as rule issues; problems inside a file as located problems.
 */
export async function checkFiles(data: unknown, opts: FileCheckOptions): Promise<FileCheck> {
  const staged = await checkFilesStaged(data, opts);
  const rest = await staged.contents();
  return { issues: [...staged.issues, ...rest.issues], problems: [...staged.problems, ...rest.problems], loaded: staged.loaded };
}

/**
 * checkFiles, staged: every file is read and the cheap checks run now; parsing the dataset files and checking the
 * trace files' lines (most of the CPU time for a large org) waits for `contents()`, so that plan can start reading
 * live state meanwhile. Both stages together find exactly what checkFiles finds.
 */
export async function checkFilesStaged(data: unknown, opts: FileCheckOptions): Promise<StagedFileCheck> {
  const issues: RuleIssue[] = [];
  const problems: Problem[] = [];
  const loaded: LoadedFiles = { files: new Map(), traceFiles: new Map(), datasetFiles: new Map(), datasets: new Map(), traceRecords: new Map(), traceHashes: new Map() };
  const later: (() => Promise<Problem[]>)[] = [];
  const cache = localCache(cacheDirFor(opts.baseDir));
  const refs = fileRefsOf(data).map((fr) => {
    const shown = displayPath(path.resolve(opts.baseDir, fr.ref), opts.cwd);
    const spec = fr.kind === 'dataset' && isRecord(data) && isRecord(data['datasets']) ? data['datasets'][fr.key] : undefined;
    const unknownFormat = fr.kind === 'dataset' && (isRecord(spec) ? str(spec, 'format') : undefined) === undefined && formatOfFile(fr.ref) === undefined;
    return { fr, shown, unknownFormat };
  });
  // read ahead, several files at a time (hundreds of small files one by one are mostly waiting); checked in order
  // a trace file is streamed when checked and ingested, never held as text: found and checked as a regular file here
  // a dataset file is read only when galctl's cache does not know its bytes (checkDatasetFile)
  const reads = startLimited(refs, READ_AHEAD, ({ fr, shown }): Promise<ReadResult | FoundFile> =>
    fr.kind === 'traces' || fr.kind === 'dataset' ? findReferencedFile(fr.ref, opts.baseDir, opts.allowOutsideFiles, shown) : readReferencedFile(fr.ref, opts.baseDir, opts.allowOutsideFiles, shown));
  for (const [i, { fr, shown, unknownFormat }] of refs.entries()) {
    const read = await reads[i]!;
    const at = (line: number, col: number, code: string, message: string, hint: string): Problem => ({ file: shown, line, col, code, message, hint });
    // a missing file first: `golden.cvs` is a typo in the name (with a did-you-mean), not a format to guess
    if ('error' in read) {
      issues.push({ path: fr.path, target: 'value', ...read.error });
      continue;
    }
    if (unknownFormat) {
      issues.push({ path: fr.path, target: 'value', code: 'dataset-format', message: `cannot tell the format of dataset file "${fr.ref}"`, hint: 'name it .csv, .jsonl or .json, or add format: csv|jsonl|json' });
      continue;
    }
    if (fr.kind === 'dataset') {
      const hashed: { abs: string; digest?: string } = { abs: read.abs };
      loaded.datasetFiles.set(filePathKey(fr.path), hashed);
      later.push(async () => {
        const spec = isRecord(data) && isRecord(data['datasets']) ? data['datasets'][fr.key] : undefined;
        const format = ((isRecord(spec) ? str(spec, 'format') : undefined) ?? formatOfFile(fr.ref) ?? 'csv') as DatasetFormat;
        const checked = await checkDatasetFile(fr.key, read.abs, format, cache, at, shown);
        if (checked.digest !== undefined) hashed.digest = checked.digest;
        if (checked.dataset !== undefined) loaded.datasets.set(fr.key, checked.dataset);
        return checked.problems;
      });
      continue;
    }
    if (read.text === undefined) {
      const traceFile: { abs: string; digest?: string } = { abs: read.abs };
      loaded.traceFiles.set(filePathKey(fr.path), traceFile);
      later.push(async () => {
        try {
          const checked = await checkTraceFileCounted(read.abs, shown, cache);
          loaded.traceRecords.set(read.abs, checked.records);
          loaded.traceHashes.set(read.abs, checked.contentHash);
          const digest = await cache.digestOf(read.abs);
          if (digest !== undefined) traceFile.digest = digest;
          return checked.problems;
        } catch (err) {
          return [at(1, 1, 'file-unreadable', `trace file "${fr.ref}" cannot be read (${err instanceof Error ? err.message : String(err)})`, `check ${shown}`)];
        }
      });
      continue;
    }
    loaded.files.set(filePathKey(fr.path), read);
    switch (fr.kind) {
      case 'code':
        for (const l of lintCodeScorer(read.text)) problems.push(at(l.line, l.col, 'code-scorer', `${l.message} (scorer "${fr.key}")`, l.hint));
        break;
      case 'prompt': {
        const found = findDoubleBrace(read.text);
        if (found !== undefined) {
          const pos = positionIn(read.text, found);
          problems.push(at(pos.line, pos.col, 'scorer-braces', doubleBraceMessage(`the prompt of scorer "${fr.key}"`, found).message, doubleBraceMessage('', found).hint));
        }
        break;
      }
      case 'template': {
        const found = findSingleBrace(read.text);
        if (found !== undefined) {
          const pos = positionIn(read.text, found);
          const words = singleBraceMessage(`template "${fr.key}"`, found);
          problems.push(at(pos.line, pos.col, 'template-braces', words.message, words.hint));
        }
        break;
      }
      case 'traces':
        break; // found above, not read: checked in contents()
    }
  }
  const contents = async (): Promise<{ issues: RuleIssue[]; problems: Problem[] }> => {
    const found: Problem[] = [];
    // several at a time: most of a check is waiting (a cache entry read, a file streamed through sha256), and one
    // after another they left the plan's run reads waiting for the completed desired state; problems keep file order
    const checks = startLimited(later, CHECKS_AT_ONCE, async (check) => {
      await nextTurn(); // requests in flight are served between checks
      return check();
    });
    for (const check of checks) appendAll(found, await check);
    addInlineDatasets(data, loaded);
    return { issues: checkFlowB(data, loaded), problems: found };
  };
  return { issues, problems, loaded, contents };
}

/** Files read at once by checkFilesStaged. */
const READ_AHEAD = 16;
/** File contents checked at once (contents()). */
const CHECKS_AT_ONCE = 8;

/** `fn` over every item, at most `limit` running at a time (item i starts once item i − limit settled); in order. */
function startLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R>[] {
  const results: Promise<R>[] = [];
  for (const [i, item] of items.entries()) {
    const before = results[i - limit];
    const p = before === undefined ? fn(item) : before.then(() => fn(item), () => fn(item));
    p.catch(() => undefined); // each is awaited in order; one left unawaited after a failure is no unhandled rejection
    results.push(p);
  }
  return results;
}

function addInlineDatasets(data: unknown, loaded: LoadedFiles): void {
  if (!isRecord(data)) return;
  for (const [k, d] of mapEntries(data['datasets'])) {
    if (!Array.isArray(d['rows']) || d['file'] !== undefined) continue;
    const rows = d['rows'].filter(isRecord);
    loaded.datasets.set(k, { columns: columnsOf(rows), rows, format: 'jsonl' });
  }
}

/** Flow B: an experiment with a dataset and no template (nor runner) scores the dataset's generated_output column. */
function checkFlowB(data: unknown, loaded: LoadedFiles): RuleIssue[] {
  if (!isRecord(data)) return [];
  const issues: RuleIssue[] = [];
  for (const [p, project] of mapEntries(data['projects'])) {
    for (const [k, e] of mapEntries(project['experiments'])) {
      const dataset = datasetRef(e)?.key;
      if (dataset === undefined || e['template'] !== undefined || e['runner'] !== undefined) continue;
      const parsed = loaded.datasets.get(dataset);
      if (parsed === undefined || parsed.columns.includes('generated_output')) continue;
      issues.push({
        path: ['projects', p, 'experiments', k, 'dataset'],
        target: 'value',
        code: 'flow-b-without-outputs',
        message: `experiment "${k}" has no template, and dataset "${dataset}" has no generated_output column to score`,
        hint: 'add template: <key> (flow A: Galileo generates outputs), or add a generated_output column to the dataset (flow B)',
      });
    }
  }
  return issues;
}
