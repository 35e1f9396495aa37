import type { CiProvenance } from './ci-provenance.js';
import { FINGERPRINT_PATTERN } from './fingerprint-inputs.js';
import { INPUTS_SCHEMA_VERSION, type InputsSummary, type ScorerSummary } from './summarize-inputs.js';

/** `RunTagCreateRequest` [SPEC]: key and value at most 256 characters each; the SDKs use the type `generic`. */
export interface RunTag {
  key: string;
  value: string;
  tag_type: string;
}

export const RUN_TAG_TYPE = 'generic';
export const MAX_TAG_VALUE_LENGTH = 256;

export const RUN_TAG_KEYS = {
  manifestKey: 'galctl:manifest_key',
  fingerprint: 'galctl:fingerprint',
  inputs: 'galctl:inputs',
  ci: 'galctl:ci',
  commit: 'galctl:commit',
  branch: 'galctl:branch',
  pullRequest: 'galctl:pull_request',
  /** a pull request preview's run (src/preview): the preview id */
  preview: 'galctl:preview',
} as const;

const tag = (key: string, value: string): RunTag => ({ key, value, tag_type: RUN_TAG_TYPE });

/** A value cut to the tag limit (in code points, as the server's validation counts), ending in `…` when cut. */
function fit(value: string): string {
  const chars = Array.from(value);
  return chars.length <= MAX_TAG_VALUE_LENGTH ? value : `${chars.slice(0, MAX_TAG_VALUE_LENGTH - 1).join('')}…`;
}

/**
 * The summary as stored: a scorer's name left out where it is its reference (`scorer-0558`: the usual case) and its
 * empty aspects (a preset's) too, so a typical run's summary fits one tag; expandSummary puts them back.
 */
function compactSummary(summary: InputsSummary): unknown {
  const s: Record<string, Partial<ScorerSummary>> = {};
  for (const [key, entry] of Object.entries(summary.s)) {
    const { n, a, ...rest } = entry;
    s[key] = { ...(n === key ? {} : { n }), ...rest, ...(Object.keys(a).length === 0 ? {} : { a }) };
  }
  return { ...summary, s };
}

/** A stored summary's scorers with their names and aspects back (a run tagged before compactSummary has them all). */
function expandSummary(v: unknown): unknown {
  if (!isRecord(v) || !isRecord(v['s'])) return v;
  const s: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(v['s'])) s[key] = isRecord(entry) ? { n: key, a: {}, ...entry } : entry;
  return { ...v, s };
}

/**
 * The summary's JSON (compactSummary) split over as many tags as it needs: `galctl:inputs`, then `galctl:inputs:2`,
 * `:3`… Each tag is a request of its own (the create takes none): chunks are cut by code point, so none exceeds the
 * limit and joining them in order gives the JSON back.
 */
export function inputsSummaryTags(summary: InputsSummary): RunTag[] {
  const chars = Array.from(JSON.stringify(compactSummary(summary)));
  const tags: RunTag[] = [];
  for (let i = 0; i < chars.length; i += MAX_TAG_VALUE_LENGTH) {
    const n = i / MAX_TAG_VALUE_LENGTH + 1;
    tags.push(tag(n === 1 ? RUN_TAG_KEYS.inputs : `${RUN_TAG_KEYS.inputs}:${n}`, chars.slice(i, i + MAX_TAG_VALUE_LENGTH).join('')));
  }
  return tags;
}

/**
 * Every tag galctl puts on a run it creates: the experiment's manifest key (an address such as
 * `project.demo.experiment.nightly`), the fingerprint, the inputs summary, and the CI provenance when there is one.
 */
export function runTags(run: { manifestKey: string; fingerprint: string; summary: InputsSummary; provenance?: CiProvenance }): RunTag[] {
  const tags = [tag(RUN_TAG_KEYS.manifestKey, fit(run.manifestKey)), tag(RUN_TAG_KEYS.fingerprint, run.fingerprint), ...inputsSummaryTags(run.summary)];
  const p = run.provenance;
  if (p !== undefined) {
    tags.push(tag(RUN_TAG_KEYS.ci, p.ci));
    if (p.commit !== undefined) tags.push(tag(RUN_TAG_KEYS.commit, fit(p.commit)));
    if (p.branch !== undefined) tags.push(tag(RUN_TAG_KEYS.branch, fit(p.branch)));
    if (p.pullRequest !== undefined) tags.push(tag(RUN_TAG_KEYS.pullRequest, fit(p.pullRequest)));
  }
  return tags;
}

const isTagList = (t: unknown): t is readonly { key: string; value: string }[] => Array.isArray(t);

/** A run's tags as a list: `ExperimentResponse.tags` groups them by tag type (`{generic: [RunTagDB…]}`). */
export function flattenRunTags(tags: Readonly<Record<string, readonly { key: string; value: string }[]>> | readonly { key: string; value: string }[] | null | undefined): { key: string; value: string }[] {
  if (tags === null || tags === undefined) return [];
  return isTagList(tags) ? [...tags] : Object.values(tags).flat();
}

/** galctl's own run tags (`galctl:fingerprint`, …) start so; a declared tag (`tags:`) may not. */
export const GALCTL_TAG_PREFIX = 'galctl:';

/** A run's tags but galctl's own (what `tags:` declares, and what people add by hand), key → value. */
export function declaredTagsOf(tags: Parameters<typeof flattenRunTags>[0]): Record<string, string> {
  const out: Record<string, string> = {};
  // the first of a key counts, as Galileo keeps one tag per key
  for (const t of flattenRunTags(tags)) if (!t.key.startsWith(GALCTL_TAG_PREFIX) && !(t.key in out)) out[t.key] = t.value;
  return out;
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const isStringMap = (v: unknown): boolean => isRecord(v) && Object.values(v).every((x) => typeof x === 'string');
const optNumber = (v: unknown): boolean => v === undefined || typeof v === 'number';
const SCORER_TYPES: readonly unknown[] = ['llm', 'code', 'preset'];

/** Whether parsed JSON has the summary's shape (tags are editable in the console: trust nothing). */
function isInputsSummary(v: unknown): v is InputsSummary {
  if (!isRecord(v) || v['v'] !== INPUTS_SCHEMA_VERSION || !isRecord(v['s'])) return false;
  const { d, t, p, f, r } = v;
  const scorersOk = Object.values(v['s']).every(
    (s) => isRecord(s) && typeof s['n'] === 'string' && SCORER_TYPES.includes(s['t']) && isStringMap(s['a']) && optNumber(s['v']),
  );
  const datasetOk = d === undefined || (isRecord(d) && typeof d['n'] === 'string' && typeof d['h'] === 'string' && optNumber(d['v']) && optNumber(d['r']));
  const templateOk = t === undefined || (isRecord(t) && typeof t['n'] === 'string' && typeof t['x'] === 'string' && typeof t['s'] === 'string' && optNumber(t['v']));
  const traceOk = f === undefined || (isRecord(f) && typeof f['p'] === 'string' && typeof f['h'] === 'string');
  const runnerOk = r === undefined || (isRecord(r) && typeof r['c'] === 'string' && typeof r['e'] === 'string' && isStringMap(r['f']));
  return scorersOk && datasetOk && templateOk && traceOk && runnerOk && (p === undefined || isStringMap(p));
}

/** What galctl reads back from a run's tags; `summary` is undefined when absent, of another version or damaged. */
export function readRunTags(tags: readonly { key: string; value: string }[]): { manifestKey?: string; fingerprint?: string; summary?: InputsSummary; commit?: string } {
  const value = (key: string): string | undefined => tags.find((t) => t.key === key)?.value;
  const out: { manifestKey?: string; fingerprint?: string; summary?: InputsSummary; commit?: string } = {};
  const commit = value(RUN_TAG_KEYS.commit);
  if (commit !== undefined) out.commit = commit;
  const manifestKey = value(RUN_TAG_KEYS.manifestKey);
  const fingerprint = value(RUN_TAG_KEYS.fingerprint);
  if (manifestKey !== undefined) out.manifestKey = manifestKey;
  if (fingerprint !== undefined && FINGERPRINT_PATTERN.test(fingerprint)) out.fingerprint = fingerprint;
  const chunks: string[] = [];
  for (let n = 1; ; n += 1) {
    const chunk = value(n === 1 ? RUN_TAG_KEYS.inputs : `${RUN_TAG_KEYS.inputs}:${n}`);
    if (chunk === undefined) break;
    chunks.push(chunk);
  }
  if (chunks.length > 0) {
    try {
      const parsed = expandSummary(JSON.parse(chunks.join('')) as unknown);
      if (isInputsSummary(parsed)) out.summary = parsed;
    } catch {
      // a damaged summary reads as none: the plan then says the inputs changed without naming them
    }
  }
  return out;
}
