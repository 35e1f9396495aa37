import { INVENTORY_DATASET_NAME } from '../../src/core/inventory-dataset.js';
import type { SimStateDump } from '../../src/sim/start-simulator.js';

/** An experiment run's name without its fingerprint (`prompt-eval · 3f9a1c2b7e` → `prompt-eval`, issue 17). */
const baseName = (name: string): string => name.replace(/ · [0-9a-f]{10}$/, '');

interface Named {
  id: string;
  name: string;
}

/**
 * What the simulator holds, in a form that shows duplicates: every object once per copy, with its version count
 * (and for datasets whether the current version carries galctl's hash name, for templates the selected version).
 * galctl's inventory dataset is left out: `inventoryRows` shows it.
 */
export function simCounts(state: SimStateDump) {
  const scorers = state.scorers as (Named & { scorer_type: string; preset: boolean; versions: unknown[] })[];
  const datasets = (state.datasets as (Named & { versions: { name: string | null }[] })[]).filter((d) => d.name !== INVENTORY_DATASET_NAME);
  const templates = state.templates as (Named & { versions: { version: number }[]; selected_version: number })[];
  const projects = state.projects as Named[];
  const byId = new Map(scorers.map((s) => [s.id, s.name]));
  const runScorers: Record<string, string[]> = {};
  for (const r of state.runs) {
    runScorers[baseName(r.name)] = r.scorers.map((c) => String(c['name'] ?? byId.get(String(c['id'])) ?? c['id'])).sort();
  }
  return {
    projects: projects.map((p) => p.name).sort(),
    scorers: scorers.filter((s) => !s.preset).map((s) => `${s.scorer_type}:${s.name} v${s.versions.length}`).sort(),
    datasets: datasets
      .map((d) => `${d.name} v${d.versions.length}${/^galctl:(protected:)?sha256:[0-9a-f]{64}$/.test(d.versions.at(-1)?.name ?? '') ? ' galctl:sha256' : ''}`)
      .sort(),
    templates: templates.map((t) => `${t.name} v${t.versions.length}/${Math.max(...t.versions.map((v) => v.version))} selected ${t.selected_version}`).sort(),
    // traces a triggered experiment generates itself arrive over time: only the ones galctl sends are counted
    runs: state.runs.map((r) => `${r.kind}:${baseName(r.name)}${r.dataset === null ? ` ${r.traces.length} traces` : ''}`).sort(),
    runScorers,
  };
}

/**
 * galctl's inventory as the simulator holds it: one `kind project/name protected` line per row, then ` @stack` for
 * a named stack and ` unconfirmed` for a claim without an id; sorted (duplicates show twice).
 */
export function inventoryRows(state: SimStateDump): string[] {
  const inv = (state.datasets as (Named & { versions: { rows: { values: Record<string, unknown> }[] }[] })[]).find((d) => d.name === INVENTORY_DATASET_NAME);
  const rows = inv?.versions.at(-1)?.rows ?? [];
  return rows
    .map((r) => {
      const stack = String(r.values['stack'] ?? '');
      const confirmed = String(r.values['id'] ?? '') !== '';
      return `${String(r.values['kind'])} ${String(r.values['project'] ?? '')}/${baseName(String(r.values['name']))} ${String(r.values['protected'])}${stack === '' ? '' : ` @${stack}`}${confirmed ? '' : ' unconfirmed'}`;
    })
    .sort();
}

/** What galileo.yaml.example leaves in Galileo when fully applied (each object once, each version once). */
export const EXAMPLE_APPLIED = {
  projects: ['galctl-demo'],
  scorers: ['code:response-length v1', 'llm:response-quality v1'],
  datasets: ['capitals v1 galctl:sha256'],
  templates: ['concise v1/1 selected 1'],
  runs: ['experiment:prompt-eval', 'experiment:replay 3 traces', 'log_stream:production 0 traces'],
  runScorers: {
    'prompt-eval': ['correctness', 'response-quality'],
    replay: ['response-length', 'response-quality'],
    production: ['output_toxicity', 'response-length', 'response-quality'],
  },
};

/** galctl's inventory after the same: every project, scorer, dataset, template, log stream and experiment once, confirmed. */
export const EXAMPLE_INVENTORY = [
  'dataset /capitals false',
  'experiment galctl-demo/prompt-eval false',
  'experiment galctl-demo/replay false',
  'log_stream galctl-demo/production false',
  'project /galctl-demo false',
  'scorer /response-length false',
  'scorer /response-quality false',
  'template galctl-demo/concise false',
];
