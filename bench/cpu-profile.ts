/**
 * Summarises the V8 CPU profiles (`node --cpu-prof`) of one process: the share of the samples per area (a
 * directory of galctl's build or sources (the CLI bundle's lines by the module they came from), a package, Node's
 * internals, garbage collection, idle; start-up included) and the top functions by self
 * time. The bench re-runs the row of each missed target under the profiler, untimed, and puts this in its note.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

interface CpuProfile {
  nodes: { id: number; hitCount?: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  startTime: number;
  endTime: number;
  samples?: number[];
}

export interface ProfileSummary {
  /** sampled time, all threads, in ms */
  totalMs: number;
  areas: { area: string; ms: number }[];
  functions: { name: string; ms: number }[];
}

/** galctl's build (dist/, or the bench's own build of src/) and the bench's scripts: the directory is the area */
const BUILD = /\/((?:dist|bench\/out\/src|bench\/out\/bench)\/.*)$/;

/** `file:///…/dist/plan/stable-stringify.js` → `dist/plan/stable-stringify.js`; packages by name; Node's own. */
export function fileOf(url: string): string {
  if (url.startsWith('node:')) return url;
  const path = url.replace(/^file:\/\//, '');
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)(\/.*)?$/.exec(path);
  if (pkg?.[1] !== undefined) return `${pkg[1]}${pkg[2] ?? ''}`;
  return BUILD.exec(path)?.[1] ?? path;
}

/** `dist/plan/x.js` → `dist/plan`; `node:internal/…` → `node internals`; a package by its name. */
export function areaOf(url: string): string {
  if (url === '') return '';
  if (url.startsWith('node:')) return 'node internals';
  const path = url.replace(/^file:\/\//, '');
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (pkg?.[1] !== undefined) return pkg[1];
  const file = fileOf(url);
  return file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : file;
}

/** A bundle's module markers (esbuild writes `// src/x/y.ts` before each module's code): 0-based line → module. */
export type BundleModules = { line: number; module: string }[];

/** The markers of a bundle's text, in line order; empty for a file that is no bundle. */
export function bundleModules(text: string): BundleModules {
  const out: BundleModules = [];
  text.split('\n').forEach((l, line) => {
    const m = /^\/\/ ((?:src|node_modules)\/\S+)$/.exec(l);
    if (m?.[1] !== undefined) out.push({ line, module: m[1] });
  });
  return out;
}

/** The module a bundle's line belongs to: the last marker at or before it. */
export function moduleAt(modules: BundleModules, line: number): string | undefined {
  let lo = 0;
  let hi = modules.length - 1;
  let found: string | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (modules[mid]!.line <= line) {
      found = modules[mid]!.module;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** `src/manifest/x.ts` → `src/manifest`; `node_modules/yaml/dist/x.js` → `yaml` (a module of a bundle by area). */
function moduleArea(module: string): string {
  const pkg = /^node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(module);
  if (pkg?.[1] !== undefined) return pkg[1];
  return module.includes('/') ? module.slice(0, module.lastIndexOf('/')) : module;
}

/** Summarises every .cpuprofile in `dir` (the main thread's and any worker's); a bundle's lines by their module. */
export async function summariseProfiles(dir: string, top = 6): Promise<ProfileSummary> {
  const areas = new Map<string, number>();
  const functions = new Map<string, number>();
  const bundles = new Map<string, BundleModules>();
  const modulesOf = async (url: string): Promise<BundleModules> => {
    if (!url.startsWith('file://') || !url.endsWith('.js')) return [];
    let found = bundles.get(url);
    if (found === undefined) {
      found = bundleModules(await readFile(new URL(url), 'utf8').catch(() => ''));
      bundles.set(url, found);
    }
    return found;
  };
  let totalMs = 0;
  for (const f of (await readdir(dir)).filter((x) => x.endsWith('.cpuprofile'))) {
    const p = JSON.parse(await readFile(join(dir, f), 'utf8')) as CpuProfile;
    const samples = p.samples?.length ?? 0;
    if (samples === 0) continue;
    const perSample = (p.endTime - p.startTime) / 1000 / samples;
    for (const n of p.nodes) {
      const hits = n.hitCount ?? 0;
      if (hits === 0) continue;
      const ms = hits * perSample;
      totalMs += ms;
      const { functionName, url, lineNumber } = n.callFrame;
      const module = moduleAt(await modulesOf(url), lineNumber);
      const area = (module === undefined ? areaOf(url) : moduleArea(module)) || `(${functionName.replace(/[()]/g, '') || 'anonymous'})`;
      areas.set(area, (areas.get(area) ?? 0) + ms);
      if (url !== '') {
        const where = module === undefined ? `${fileOf(url)}:${lineNumber + 1}` : `${module}, ${fileOf(url)}:${lineNumber + 1}`;
        const name = `${functionName || '(anonymous)'} (${where})`;
        functions.set(name, (functions.get(name) ?? 0) + ms);
      }
    }
  }
  const sorted = (m: Map<string, number>): [string, number][] => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
  return {
    totalMs,
    areas: sorted(areas).map(([area, ms]) => ({ area, ms })),
    functions: sorted(functions).map(([name, ms]) => ({ name, ms })),
  };
}

/** One sentence: the areas and functions with their share of the sampled time. */
export function describeProfile(p: ProfileSummary): string {
  const share = (ms: number): string => `${Math.round((100 * ms) / p.totalMs)}%`;
  return `${(p.totalMs / 1000).toFixed(2)} s sampled; by area: ${p.areas.map((a) => `${a.area} ${share(a.ms)}`).join(', ')}; ` +
    `top functions by self time: ${p.functions.map((f) => `\`${f.name}\` ${share(f.ms)}`).join(', ')}`;
}
