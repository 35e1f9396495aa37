import { createHash } from 'node:crypto';
import { isAlias, isScalar, Scalar, visit } from 'yaml';
import type { LocalCache } from '../traces/local-cache.js';
import { interpolateValue, type InterpolationResult } from './interpolate.js';
import { nodeAt, pathKey, type DataPath, type Position, type YamlSource } from './yaml-source.js';

/**
 * Cache entries (local-cache.ts): what a manifest's text parsed to when the whole manifest loaded clean — the YAML's
 * data before interpolation, where its `${…}` references are, and the lines of the keys galctl located. The same
 * text parses the same, so a plan of an unchanged manifest skips the YAML parser (most of its start-up). It holds
 * nothing from the environment: the references are resolved again on every load.
 */
export const MANIFEST_PARSE_CACHE = 'manifest-parse';

export interface ManifestParseEntry {
  /** the YAML's data, before interpolation */
  data: unknown;
  /** the string values holding `${…}` references; `plain`: an unquoted scalar (it may become a number) */
  sites: { path: DataPath; plain: boolean }[];
  /** line and column of the keys located when it was parsed (pathKey → position) */
  positions: [string, Position][];
}

/** The cache key of a manifest's text. */
export function manifestParseKey(text: string): string {
  const sha = createHash('sha256').update(text).digest('hex');
  return createHash('sha256').update(['galctl-manifest-parse:v1', sha].join('\n')).digest('hex');
}

/** The entry cached for this text, when there is one of the expected shape. */
export async function cachedManifestParse(cache: LocalCache, text: string): Promise<ManifestParseEntry | undefined> {
  const hit = await cache.get<Partial<Record<keyof ManifestParseEntry, unknown>>>(MANIFEST_PARSE_CACHE, manifestParseKey(text));
  if (hit === undefined || hit.data === undefined || !Array.isArray(hit.sites) || !Array.isArray(hit.positions)) return undefined;
  return hit as ManifestParseEntry;
}

/** Caches what a clean manifest's text parsed to (manifestParseEntry), when it can be cached. */
export async function cacheManifestParse(cache: LocalCache, text: string, entry: ManifestParseEntry | undefined): Promise<void> {
  if (entry !== undefined) await cache.put(MANIFEST_PARSE_CACHE, manifestParseKey(text), entry);
}

/**
 * The entry for a source that parsed clean, from its data before interpolation (`raw`); undefined when the data
 * would not come back the same from JSON (a non-finite number) or the YAML has aliases (one node at many paths).
 */
export function manifestParseEntry(source: YamlSource, raw: unknown): ManifestParseEntry | undefined {
  let aliased = false;
  visit(source.doc, {
    Alias() {
      aliased = true;
      return visit.BREAK;
    },
  });
  if (aliased || !jsonSafe(raw)) return undefined;
  const sites: ManifestParseEntry['sites'] = [];
  walkStrings(raw, [], (value, path) => {
    if (!value.includes('${')) return;
    const node = nodeAt(source, path);
    sites.push({ path, plain: node !== undefined && !isAlias(node) && isScalar(node) && node.type === Scalar.PLAIN });
  });
  return { data: raw, sites, positions: [...(source.keyPositions ?? [])] };
}

/**
 * interpolateDocument for cached data: the references of `entry.sites` replaced in `entry.data`, in place (the
 * entry is used up). `secretPaths`: the values a secret-looking variable went into (pathKey).
 */
export function interpolateCached(entry: ManifestParseEntry, env: Record<string, string | undefined>, file: string): Omit<InterpolationResult, 'secretNodes'> & { secretPaths: Set<string> } {
  const result = { problems: [], secretValues: new Set<string>(), variables: new Set<string>(), secretPaths: new Set<string>() };
  for (const site of entry.sites) {
    const parent = valueAt(entry.data, site.path.slice(0, -1));
    const last = site.path[site.path.length - 1];
    if (last === undefined || typeof parent !== 'object' || parent === null) continue;
    const holder = parent as Record<string | number, unknown>;
    const value = holder[last];
    if (typeof value !== 'string') continue;
    // a problem is located by parsing the text again (the caller's fallback): here it is only counted
    const out = interpolateValue(value, site.plain, env, result, () => ({ file, line: 1, col: 1 }));
    if (out.secret) result.secretPaths.add(pathKey(site.path));
    if (out.ok) holder[last] = out.value;
  }
  return result;
}

function valueAt(data: unknown, path: DataPath): unknown {
  let at = data;
  for (const seg of path) {
    if (typeof at !== 'object' || at === null) return undefined;
    at = (at as Record<string | number, unknown>)[seg];
  }
  return at;
}

function walkStrings(value: unknown, path: (string | number)[], visitString: (value: string, path: DataPath) => void): void {
  if (typeof value === 'string') visitString(value, [...path]);
  else if (Array.isArray(value)) value.forEach((v, i) => walkStrings(v, [...path, i], visitString));
  else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) walkStrings(v, [...path, k], visitString);
}

/** Values JSON keeps as they are: strings, finite numbers (not -0), booleans, null, arrays and plain objects of them. */
function jsonSafe(value: unknown): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0);
  if (Array.isArray(value)) return value.every(jsonSafe);
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) return Object.values(value).every(jsonSafe);
  return false;
}
