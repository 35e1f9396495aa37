import { requestObject } from '../../galileo/request-object.js';
import { badResponse } from '../../galileo/check-response.js';
import type { GalileoClient } from '../../galileo/create-client.js';
import { listByNames } from '../../galileo/list-by-names.js';
import type { ListPaging } from '../../galileo/paginate.js';
import { apiPath } from '../../galileo/api-path.js';
import type {
  CollectionFilter,
  CreateLlmScorerVersionRequest,
  CreateScorerRequest,
  Scorer,
  ScorerType,
  ScorerVersion,
  UpdateScorerRequest,
} from '../../galileo/types.js';

export interface ListScorersOptions {
  /** names to look up (the API matches them case-insensitively: compare exactly on your side) */
  names?: readonly string[];
  types?: readonly ScorerType[];
  tags?: readonly string[];
  /** for the whole list (no names): pages to ask for at once, and who is told how many it took */
  paging?: ListPaging;
}

/** `POST /scorers/list`; each returned scorer embeds its `latest_version` (prompt, model, judges, CoT). */
export async function listScorers(client: GalileoClient, opts: ListScorersOptions = {}): Promise<Scorer[]> {
  const extra: CollectionFilter[] = [];
  if (opts.types !== undefined) extra.push({ name: 'scorer_type', operator: opts.types.length === 1 ? 'eq' : 'one_of', value: opts.types.length === 1 ? (opts.types[0] as string) : [...opts.types] });
  if (opts.tags !== undefined) extra.push({ name: 'tags', operator: 'one_of', value: [...opts.tags] });
  return listByNames<Scorer>(client, { method: 'POST', path: '/scorers/list', itemsKey: 'scorers', tokenIn: 'query', lane: 'first', ...opts.paging }, opts.names, extra);
}

export async function getScorer(client: GalileoClient, id: string): Promise<Scorer> {
  return requestObject<Scorer>(client, 'GET', apiPath`/scorers/${id}`);
}

export async function createScorer(client: GalileoClient, body: CreateScorerRequest): Promise<Scorer> {
  return requestObject<Scorer>(client, 'POST', '/scorers', { body });
}

/** Setting shell fields to given values is idempotent, so the PATCH is retried like a PUT. */
export async function updateScorer(client: GalileoClient, id: string, body: UpdateScorerRequest): Promise<Scorer> {
  return requestObject<Scorer>(client, 'PATCH', apiPath`/scorers/${id}`, { body, idempotent: true });
}

/** Replaces a scorer's access scope (`PUT /scorers/{id}/scope`): global, or exactly these projects. */
export async function setScorerScope(client: GalileoClient, id: string, scope: { is_global: boolean; project_ids: string[] }): Promise<Scorer> {
  return requestObject<Scorer>(client, 'PUT', apiPath`/scorers/${id}/scope`, { body: scope });
}

export async function deleteScorer(client: GalileoClient, id: string): Promise<void> {
  await client.request('DELETE', apiPath`/scorers/${id}`);
}

/** One version of a scorer by its number (`GET /scorers/{id}/version?version=N`); 404 when it has none such. */
export async function getScorerVersion(client: GalileoClient, id: string, version: number): Promise<ScorerVersion> {
  return requestObject<ScorerVersion>(client, 'GET', apiPath`/scorers/${id}/version`, { query: { version } });
}

/** Adds a version (never idempotent: each call makes version n+1). */
export async function createLlmScorerVersion(client: GalileoClient, id: string, body: CreateLlmScorerVersionRequest): Promise<ScorerVersion> {
  return requestObject<ScorerVersion>(client, 'POST', apiPath`/scorers/${id}/version/llm`, { body });
}

/**
 * The Python source of a code scorer version (latest by default). The spec answers `application/json` with an
 * untyped schema: the source as a JSON string (what the simulator sends). A JSON object carrying it under `code`,
 * `source` or `content`, or raw text from a server that strays from the spec, are read too.
 */
export async function getScorerCode(client: GalileoClient, id: string, version?: number): Promise<string> {
  const res = await client.request<string>('GET', apiPath`/scorers/${id}/version/code`, { query: { version }, expect: 'text' });
  const code = decodeCodeBody(res.data, res.headers['content-type'] ?? '');
  // JSON that carried no source (`{}`, `null`) is not code: compared as code, it would plan a new version
  if (/^\s*(\{[\s\S]*\}|null|\[[\s\S]*\])\s*$/.test(code) && (res.headers['content-type'] ?? '').includes('json')) {
    throw badResponse(`GET /scorers/${id}/version/code`, 'no code, source or content field in the JSON body');
  }
  return code;
}

export function decodeCodeBody(text: string, contentType: string): string {
  const looksJson = contentType.includes('json') || /^\s*["{]/.test(text);
  if (!looksJson) return text;
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'string') return parsed;
    if (parsed !== null && typeof parsed === 'object') {
      for (const key of ['code', 'source', 'content']) {
        const v = (parsed as Record<string, unknown>)[key];
        if (typeof v === 'string') return v;
      }
    }
  } catch {
    // not JSON after all: Python source may start with a quote (a docstring)
  }
  return text;
}

function pythonFile(code: string): Blob {
  return new Blob([code], { type: 'text/x-python' });
}

/**
 * Starts an async validation of scorer code (`POST /scorers/code/validate`) → task id. Sending it twice only makes
 * a second validation task, so it is retried like a read.
 */
export async function validateCode(client: GalileoClient, opts: { code: string; nodeTypes: readonly string[] }): Promise<string> {
  const form = new FormData();
  form.append('file', pythonFile(opts.code), 'scorer.py');
  form.append('scoreable_node_types', JSON.stringify(opts.nodeTypes));
  return (await requestObject<{ task_id: string }>(client, 'POST', '/scorers/code/validate', { form, idempotent: true }, 'task_id')).task_id;
}

/** Adds a code version; `validationResult` is the poll's top-level `result` (`{"result": {...}}`). */
export async function createCodeScorerVersion(
  client: GalileoClient,
  id: string,
  opts: { code: string; validationResult: unknown },
): Promise<ScorerVersion> {
  const form = new FormData();
  form.append('file', pythonFile(opts.code), 'scorer.py');
  form.append('validation_result', JSON.stringify(opts.validationResult));
  return requestObject<ScorerVersion>(client, 'POST', apiPath`/scorers/${id}/version/code`, { form });
}
