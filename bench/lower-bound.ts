/**
 * The least a scenario can cost against this API: the minimum number of round trips the API allows for it, and the
 * longest chain of requests that must happen one after another. Lower bound time = max(requests × latency ÷
 * concurrency, critical path × latency). Server-side work (code validation jobs, row processing) is not included.
 */
import { TRACE_ID_CHUNK } from '../src/traces/count-present-traces.js';
import type { OrgCounts } from './generate-org.js';
import type { RunWrites } from './run-writes.js';

export interface LowerBound {
  requests: number;
  /** round trips that must happen one after another */
  criticalPath: number;
  ms: number;
  /** how the requests were counted */
  formula: string;
}

/** Items per page of a list call, and names per `name one_of` filter. */
const PAGE = 100;
/** rows per dataset content page */
const ROWS_PER_PAGE = 1000;
/** galctl's inventory dataset has one row per declared resource: a plan reads its pages */
const inventoryPages = (o: OrgCounts): number => Math.max(1, Math.ceil(o.declared / ROWS_PER_PAGE));

const pages = (n: number): number => Math.max(1, Math.ceil(n / PAGE));
const scorers = (o: OrgCounts): number => o.llmScorers + o.codeScorers;
const runs = (o: OrgCounts): number => o.logStreams + o.experiments;

function bound(requests: number, criticalPath: number, latencyMs: number, concurrency: number, formula: string): LowerBound {
  return { requests, criticalPath, ms: Math.max((requests * latencyMs) / concurrency, criticalPath * latencyMs), formula };
}

/** The org-level name lookups: projects, scorers, datasets (≤100 names per call), presets. */
function orgLists(o: OrgCounts): number {
  return pages(o.projects) + pages(scorers(o)) + pages(o.datasets) + (o.presets > 0 ? 1 : 0);
}

const traceCounts = (o: OrgCounts): number => o.tracesPerRun.reduce((s, n) => s + Math.ceil(n / TRACE_ID_CHUNK), 0);

/**
 * A no-op plan: the org lists; galctl's inventory (its content pages); per project its templates, log streams and
 * experiments; per run its scorer settings (no list returns them); per traced run one count per 1,000 trace ids.
 * Datasets and code scorers need no read of their own: the lists name their current versions, which galctl
 * recorded when it wrote them (engine/read/recorded-versions.ts). Critical path: org lists → project lists →
 * settings (trace counts in parallel).
 */
export function noOpPlanBound(o: OrgCounts, latencyMs: number, concurrency: number): LowerBound {
  const perProject = o.projects * (1 + pages(o.logStreams / o.projects) + pages(o.experiments / o.projects));
  const requests = orgLists(o) + inventoryPages(o) + perProject + runs(o) + traceCounts(o);
  return bound(requests, 3, latencyMs, concurrency, 'org list pages + inventory pages + 3/project + 1/run + 1/1,000 traces');
}

/** A plan after a 1% change: the no-op reads plus the rows of each changed dataset (the row diff needs them). */
export function changedPlanBound(o: OrgCounts, latencyMs: number, concurrency: number): LowerBound {
  const base = noOpPlanBound(o, latencyMs, concurrency);
  const rows = (o.changed['dataset'] ?? 0) * Math.ceil(o.rows / o.datasets / ROWS_PER_PAGE);
  return bound(base.requests + rows, 4, latencyMs, concurrency, `${base.formula} + row pages of each changed dataset`);
}

/** One term of a bound: how many requests, for what, and why no fewer will do. */
interface Term {
  n: number;
  what: string;
  why: string;
}

const termsText = (terms: readonly Term[]): string => terms.filter((t) => t.n > 0).map((t) => `${t.n.toLocaleString('en-US')} ${t.what} (${t.why})`).join(' + ');

/**
 * Apply from empty: every term is a request the API needs (galileo-openapi.yaml), whatever the client does:
 * - the org lookups, which find nothing: one page each of projects, scorers, datasets (galctl's inventory among them)
 *   and the preset scorers the runs name;
 * - per project its create and a PUT of its description (ProjectCreate takes only the name);
 * - per LLM scorer its shell and its version; per code scorer validate, ≥1 poll of the validation job, shell, version;
 * - per dataset its upload and the PATCH naming its version (galctl's content hash: the create cannot name it);
 * - per template its create; per log stream its create and its scorer settings;
 * - per experiment its create; the scorer settings of one created without trigger (Galileo ignores the body's
 *   scorers then); one POST per run tag (the create takes no tags, and there is no bulk tag endpoint: run-writes.ts);
 * - the traces in batches of `traceBatch`;
 * - galctl's inventory: one create that claims every name before the first create, one write that confirms the ids,
 *   one that drops the settled claims.
 * Critical path: lookups → claim → code scorer (validate, poll, shell, version) → experiment create → its tags and
 * settings → confirm → tidy.
 */
export function applyBound(o: OrgCounts, runWrites: RunWrites, latencyMs: number, concurrency: number, traceBatch: number): LowerBound {
  const batches = o.tracesPerRun.reduce((s, n) => s + Math.ceil(n / traceBatch), 0);
  const terms: Term[] = [
    { n: 3 + (o.presets > 0 ? 1 : 0), what: 'org lookups', why: 'one empty page each of projects, scorers, datasets, and the presets the runs name' },
    { n: 2 * o.projects, what: 'project writes', why: 'create, then a PUT of the description: ProjectCreate takes only the name' },
    { n: 2 * o.llmScorers, what: 'LLM scorer writes', why: 'shell, then its version' },
    { n: 4 * o.codeScorers, what: 'code scorer requests', why: 'validate, at least one poll of the job, shell, version' },
    { n: 2 * o.datasets, what: 'dataset writes', why: 'upload, then the PATCH naming its version with the content hash' },
    { n: o.templates, what: 'template creates', why: 'one each' },
    { n: 2 * o.logStreams, what: 'log stream writes', why: 'create, then its scorer settings' },
    { n: o.experiments, what: 'experiment creates', why: 'one each' },
    { n: runWrites.untriggered, what: 'experiment scorer settings', why: 'created without trigger, Galileo ignores the scorers of the create body' },
    { n: runWrites.tags, what: 'run tags', why: 'one POST per tag galctl writes on a new run: the create takes none, there is no bulk endpoint' },
    { n: batches, what: 'trace batches', why: `${traceBatch} traces each` },
    { n: 3, what: 'inventory writes', why: 'claim before the first create, confirm the ids, drop the settled claims' },
  ];
  const requests = terms.reduce((s, t) => s + t.n, 0);
  return bound(requests, 10, latencyMs, concurrency, termsText(terms));
}

/** Trace ingest of n traces into one run: the id counts (1,000 ids each) and the batches. */
export function ingestBound(traces: number, latencyMs: number, concurrency: number, traceBatch: number): LowerBound {
  const requests = Math.ceil(traces / TRACE_ID_CHUNK) + Math.ceil(traces / traceBatch);
  return bound(requests, 2, latencyMs, concurrency, `traces÷1,000 counts + traces÷${traceBatch} batches`);
}

/** The per-resource baseline: one GET per declared resource, nothing chained. */
export function baselineBound(o: OrgCounts, latencyMs: number, concurrency: number): LowerBound {
  return bound(o.declared, 1, latencyMs, concurrency, '1 GET/declared resource');
}

/**
 * The Terraform-style refresh with galctl's information (baseline-refresh.ts `--mode refresh`): one GET per declared
 * resource, per run its scorer settings, per dataset its newest version, per code scorer its source, per traced run
 * one count per 1,000 trace ids. Nothing chained.
 */
export function refreshBound(o: OrgCounts, latencyMs: number, concurrency: number): LowerBound {
  const requests = o.declared + runs(o) + o.datasets + o.codeScorers + traceCounts(o);
  return bound(requests, 1, latencyMs, concurrency, '1 GET/declared resource + 1/run + 1/dataset + 1/code scorer + 1/1,000 traces');
}
