import { createHash } from 'node:crypto';
import { canonicalTemplate } from '../kinds/template/canonical-template.js';
import { hashDatasetContent, stableStringify } from '../core/content-hash.js';
import { normalizeCode } from '../kinds/scorer/normalize-code.js';
import type { RunInputs, ScorerContent, ScorerInput } from '../core/run-inputs.js';
import { summarizeRunner, type RunnerSummary } from '../runner/runner-summary.js';

/**
 * Version of the summary's shape and of what the fingerprint covers; bump it when either changes. (Adding the
 * optional runner part `r` changed neither for an experiment without a runner, so every existing run keeps its
 * fingerprint: not bumped.)
 */
export const INPUTS_SCHEMA_VERSION = 1;

/** Hex digits kept per component in a stored summary: enough to tell versions apart, short enough for tags. */
export const SUMMARY_HASH_LENGTH = 8;

/** One scorer of the summary: Galileo name, type, one hash per content aspect, version (display). */
export interface ScorerSummary {
  n: string;
  t: ScorerInput['type'];
  a: Partial<Record<keyof ScorerContent, string>>;
  v?: number;
}

/**
 * The compact, content-free record of a run's inputs: per-component hashes (so the next plan can say WHICH
 * component changed without storing any content), plus display data (names, versions, row count, trace path).
 * Short keys because it rides in run tags (run-tags.ts): d dataset {n name, h content hash or `v<pinned>`, v
 * version, r rows}; t template {n, x text hash, s settings hash, v}; p prompt_settings key → value hash;
 * s scorer reference → ScorerSummary; f trace file {p path, h content hash}; g sampling (segment filters) hash;
 * r runner {c call hash, e env hash, f input file → content hash} (src/runner/runner-summary.ts).
 */
export interface InputsSummary {
  v: typeof INPUTS_SCHEMA_VERSION;
  d?: { n: string; h: string; v?: number; r?: number };
  t?: { n: string; x: string; s: string; v?: number };
  p?: Record<string, string>;
  s: Record<string, ScorerSummary>;
  f?: { p: string; h: string };
  r?: RunnerSummary;
  /** the run's sampling (segment filters) hash, when it samples */
  g?: string;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

function datasetHash(d: NonNullable<RunInputs['dataset']>): string {
  if (d.pinnedVersion !== undefined) return `v${d.pinnedVersion}`;
  if (d.contentHash !== undefined) return d.contentHash;
  if (d.rows !== undefined) return hashDatasetContent(d.rows.columns, d.rows.rows);
  throw new Error(`dataset ${d.name}: neither a content hash, a pinned version nor rows to fingerprint`);
}

/** value → hash of its canonical JSON, per defined key, keys sorted (stableStringify sorts them when serialized) */
function hashValues(values: Record<string, unknown>, cut: (hex: string) => string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(values)) if (v !== undefined) out[k] = cut(sha256(stableStringify(v)));
  return out;
}

/**
 * The summary of the inputs with hashes cut to `hashLength` hex digits (full length for the fingerprint,
 * SUMMARY_HASH_LENGTH for what galctl stores).
 */
export function summarizeInputs(inputs: RunInputs, hashLength = SUMMARY_HASH_LENGTH): InputsSummary {
  const cut = (hex: string): string => hex.slice(0, hashLength);
  const summary: InputsSummary = { v: INPUTS_SCHEMA_VERSION, s: {} };
  const { dataset, template, promptSettings, traceFile } = inputs;
  if (dataset !== undefined) {
    const h = datasetHash(dataset);
    const rows = dataset.rows?.rows.length;
    summary.d = { n: dataset.name, h: dataset.pinnedVersion === undefined ? cut(h) : h };
    if (dataset.version !== undefined) summary.d.v = dataset.version;
    if (rows !== undefined) summary.d.r = rows;
  }
  if (template !== undefined) {
    summary.t = { n: template.name, x: cut(sha256(canonicalTemplate(template.text))), s: cut(sha256(stableStringify(template.settings ?? {}))) };
    if (template.version !== undefined) summary.t.v = template.version;
  }
  const settings = hashValues(promptSettings ?? {}, cut);
  if (Object.keys(settings).length > 0) summary.p = settings;
  for (const s of inputs.scorers) {
    // code as galctl compares it (line endings, trailing blank): what makes no new scorer version makes no new run
    const content = s.content?.code === undefined ? s.content : { ...s.content, code: normalizeCode(s.content.code) };
    const entry: ScorerSummary = { n: s.name, t: s.type, a: hashValues({ ...content }, cut) };
    if (s.version !== undefined) entry.v = s.version;
    summary.s[s.key] = entry;
  }
  if (traceFile !== undefined) summary.f = { p: traceFile.path, h: cut(traceFile.contentHash) };
  if (inputs.runner !== undefined) summary.r = summarizeRunner(inputs.runner.settings, inputs.runner.inputs, hashLength);
  if (inputs.sampling !== undefined && inputs.sampling.length > 0) summary.g = cut(sha256(stableStringify(inputs.sampling)));
  return summary;
}
