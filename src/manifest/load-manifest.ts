import { createHash } from 'node:crypto';
import path from 'node:path';
import { readRegularFile } from '../read-regular-file.js';
import { stripBom } from '../core/strip-bom.js';
import { buildDesired, datasetContent, type LoadedFiles } from './build-desired.js';
import { checkFilesStaged } from './check-files.js';
import { parseManifest, sortProblems, toProblem } from './parse-manifest.js';
import type { Problem } from '../core/problem.js';
import { displayPath } from './read-referenced-file.js';
import type { Desired, SourceLocation } from '../core/desired-types.js';
import { locatePath, MAX_MANIFEST_BYTES, type DataPath } from './yaml-source.js';
import { withRunnerInputs } from '../runner/with-runner-inputs.js';
import { cacheDirFor, localCache } from '../traces/local-cache.js';
import { cachedManifestParse, cacheManifestParse, manifestParseEntry } from './manifest-parse-cache.js';

export interface LoadManifestOptions {
  /** variables for interpolation (default process.env) */
  env?: Record<string, string | undefined>;
  /** directory that relative paths and displayed paths are relative to (default process.cwd()) */
  cwd?: string;
  /** allow file references that resolve outside the manifest's directory */
  allowOutsideFiles?: boolean;
  /**
   * called once the YAML parsed and passed the schema and rules, before any referenced file is read, or sooner for a
   * text whose parse galctl's cache holds (it passed them when it was cached: only then is it kept): plan starts the
   * org's lists there (loadManifestStaged only). At most once.
   */
  onParsed?: () => void;
}

export interface LoadManifestResult {
  /** only when there are no problems */
  desired?: Desired;
  problems: Problem[];
  /** resources per kind: project, scorer, dataset, template, log_stream, experiment */
  counts: Record<string, number>;
  /** values of secret variables interpolated into the manifest (ParsedManifest.secrets): mask them in all output */
  secrets?: string[];
}

/**
 * Reads a manifest and everything it references, validates it all, and resolves it into the desired state.
 * Every problem comes back located (`file:line:col`); nothing throws for bad input.
 */
export async function loadManifest(file: string, opts: LoadManifestOptions = {}): Promise<LoadManifestResult> {
  const staged = await loadManifestStaged(file, opts);
  return 'contents' in staged ? staged.contents : staged;
}

/** A manifest whose YAML, schema, rules and files are fine so far; its dataset and trace file contents are being checked. */
export interface StagedManifest {
  /**
   * Stage 1: every resource, named and located; the datasets' rows, columns and content hashes are not known yet.
   * Never changed afterwards: stage 2 (`contents`) resolves with a new, completed desired state.
   */
  names: Readonly<Desired>;
  /** LoadManifestResult.secrets, known before the contents are */
  secrets: string[];
  /** stage 2, loadManifest's result: the dataset files parsed and hashed and the trace files checked, one file at a time */
  contents: Promise<LoadManifestResult>;
}

/**
 * loadManifest in two stages, for plan and apply: when the YAML, the schema, the rules and the files' cheap checks
 * (exists, inside the directory, code scorer lint, braces) find nothing, the resources' names are known and
 * returned at once while the dataset files are parsed and hashed and the trace files checked (`contents`); the live
 * read needs the names only. Anything found at any stage is reported exactly as loadManifest reports it (when the
 * first stage finds a problem, the result is loadManifest's, with every problem).
 */
export async function loadManifestStaged(file: string, opts: LoadManifestOptions = {}): Promise<LoadManifestResult | StagedManifest> {
  const cwd = opts.cwd ?? process.cwd();
  const env = opts.env ?? process.env;
  const abs = path.resolve(cwd, file);
  const shown = displayPath(abs, cwd);
  const text = await readManifestText(abs, shown);
  if (typeof text !== 'string') return { problems: [text], counts: {} };
  // an unchanged manifest is not parsed again: galctl's cache holds what its text parsed to
  const cache = localCache(cacheDirFor(path.dirname(abs)));
  const cached = await cachedManifestParse(cache, text);
  let hooked = false;
  const parsedHook = (): void => {
    if (hooked) return;
    hooked = true;
    opts.onParsed?.();
  };
  // choice: the org's lists need nothing from the manifest, and this text passed the schema and rules before, so
  // they start before its data is checked again (~0.15 s for a large org); should the environment now make it
  // invalid, the reads started are aborted with the command (issue 22)
  if (cached !== undefined) parsedHook();
  const parsed = parseManifest(text, shown, { env, ...(cached === undefined ? { keepRaw: true } : { cached }) });
  const source = parsed.source;
  if (source === undefined || parsed.problems.some((p) => p.code === 'yaml-syntax' || p.code === 'empty' || p.code === 'too-deep' || p.code === 'too-large' || p.code === 'not-text')) {
    return { problems: parsed.problems, counts: parsed.counts, secrets: parsed.secrets ?? [] };
  }
  // a valid manifest's data is parseManifest's (converting the document again took tens of milliseconds)
  const data: unknown = parsed.manifest ?? source.doc.toJS({ maxAliasCount: 100 });
  if (parsed.problems.length === 0 && parsed.manifest !== undefined) parsedHook();
  const files = await checkFilesStaged(data, { baseDir: path.dirname(abs), cwd, allowOutsideFiles: opts.allowOutsideFiles ?? false });
  const locate = (p: DataPath): SourceLocation => ({ file: shown, ...locatePath(source, p, 'key') });
  const secrets = parsed.secrets ?? [];
  let caching: Promise<void> | undefined;
  const finish = async (names: Desired | undefined): Promise<LoadManifestResult> => {
    const rest = await files.contents();
    await caching;
    const issues = [...files.issues, ...rest.issues];
    const problems = sortProblems([...parsed.problems, ...issues.map((i) => toProblem(source, i)), ...files.problems, ...rest.problems]);
    if (problems.length > 0 || parsed.manifest === undefined) return { problems, counts: parsed.counts, secrets };
    // runner experiments: their input files' hashes complete the desired state (the run's fingerprint covers them)
    if (names === undefined) return { desired: await withRunnerInputs(withHashes(buildDesired(parsed.manifest, abs, files.loaded, locate), text, files.loaded)), problems: [], counts: parsed.counts, secrets };
    // hashed again: the trace files' digests are known only now (their contents are checked in stage 2)
    return { desired: await withRunnerInputs(withHashes(completeDesired(names, files.loaded), text, files.loaded)), problems: [], counts: parsed.counts, secrets };
  };
  if (parsed.problems.length > 0 || files.issues.length > 0 || files.problems.length > 0 || parsed.manifest === undefined) return finish(undefined);
  // no hashes yet: the trace files' digests come with the contents (stage 2 hashes the completed state)
  const names = buildDesired(parsed.manifest, abs, files.loaded, locate);
  // with the keys buildDesired located: a plan of the same text needs no YAML parser for them
  if (parsed.raw !== undefined) caching = cacheManifestParse(cache, text, manifestParseEntry(source, parsed.raw));
  return { names, secrets, contents: finish(names) };
}

/**
 * Stage 2 of a staged load: the stage-1 desired state (names) with the datasets' rows, columns and content hashes
 * and the trace files' record counts, as NEW objects: stage 1's value was handed out (the live read holds it) and
 * is never changed.
 */
function completeDesired(names: Readonly<Desired>, loaded: LoadedFiles): Desired {
  const resources = names.resources.map((r) => {
    if (r.kind === 'dataset') return { ...r, ...datasetContent(loaded.datasets.get(r.key)) };
    if ('traces' in r && r.traces !== undefined) {
      const records = loaded.traceRecords.get(r.traces.file);
      const contentHash = loaded.traceHashes.get(r.traces.file);
      if (records === undefined && contentHash === undefined) return r;
      return { ...r, traces: { ...r.traces, ...(records === undefined ? {} : { records }), ...(contentHash === undefined ? {} : { contentHash }) } };
    }
    return r;
  });
  return { ...names, resources };
}

/** sha256 (hex) of a manifest's text (a BOM left out): a saved plan names the manifest it was made from by it. */
export function hashManifestText(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * The desired state with the hashes of its sources: the manifest's text, and the text of every file it references
 * (scorer code and prompts, templates, datasets, trace files) by the manifest field that names it. A saved plan
 * carries them, so a file swapped after review (a trace file whose path alone was hashed) fails the apply.
 */
function withHashes(desired: Desired, text: string, loaded: LoadedFiles): Desired {
  const files = [
    ...[...loaded.files.entries()].map(([field, f]) => [field, createHash('sha256').update(f.text).digest('hex')] as const),
    // a trace or dataset file by the sha256 of its bytes (the same as of its text, UTF-8 without a BOM)
    ...[...loaded.traceFiles.entries(), ...loaded.datasetFiles.entries()].map(([field, f]) => [field, f.digest ?? ''] as const),
  ].sort(([a], [b]) => (a < b ? -1 : 1));
  const sources = createHash('sha256').update(JSON.stringify({ manifest: hashManifestText(text), files })).digest('hex');
  desired.hashes = { manifest: hashManifestText(text), sources };
  return desired;
}

/**
 * The hash of the manifest file at `file` (hashManifestText), or a problem; nothing of its text is ever returned or
 * printed. Apply checks a saved plan's manifest path with it before anything reads or reports on that file.
 */
export async function hashManifestFile(file: string, cwd: string): Promise<string | Problem> {
  const abs = path.resolve(cwd, file);
  const text = await readManifestText(abs, displayPath(abs, cwd));
  return typeof text === 'string' ? hashManifestText(text) : text;
}

async function readManifestText(abs: string, shown: string): Promise<string | Problem> {
  const problem = (message: string, hint: string, code = 'manifest-unreadable'): Problem => ({ file: shown, line: 1, col: 1, code, message, hint });
  try {
    return stripBom((await readRegularFile(abs, MAX_MANIFEST_BYTES)).toString('utf8'));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EISDIR') return problem(`${shown} is a directory, not a manifest file`, `galctl validate -f ${path.join(shown, 'galileo.yaml')}`);
    if (code === 'ENOTREG') return problem(`${shown} is not a regular file (a pipe, socket or device)`, 'pass the manifest file itself with -f path/to/galileo.yaml');
    if (code === 'EFBIG') return problem(`manifest is larger than the ${MAX_MANIFEST_BYTES} bytes allowed`, 'move rows and traces into files referenced from the manifest', 'too-large');
    if (code === 'ENOENT' || code === 'ENOTDIR') return problem(`manifest file not found: ${shown}`, 'pass the manifest with -f path/to/galileo.yaml (the default is ./galileo.yaml)', 'manifest-missing');
    return problem(`cannot read the manifest ${shown} (${code ?? 'error'})`, 'check the path and its permissions');
  }
}
