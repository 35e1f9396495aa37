/**
 * The per-run writes an apply from empty cannot avoid, counted from the generated manifest itself (loaded the way
 * galctl loads it): Galileo's create takes no tags and has no bulk tag endpoint, so each tag galctl puts on a new run
 * (run-tags.ts: manifest key, fingerprint, the inputs summary in 256-character chunks, plus the declared tags) is a
 * POST of its own; and an experiment created without `trigger` ignores the scorers of its create body, so its
 * scorers take a `scorer-settings` POST.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as DesiredState from '../src/engine/desired-state.js';
import type * as LoadManifest from '../src/manifest/load-manifest.js';
import type * as RunTags from '../src/runs/run-tags.js';
import type * as SummarizeInputs from '../src/runs/summarize-inputs.js';

export interface RunWrites {
  /** tags galctl writes on the new experiment runs, in all */
  tags: number;
  /** experiments created without trigger (their scorers go in a settings POST) */
  untriggered: number;
}

/**
 * `root`: the package root. The modules come from its built dist/ (the bench builds it first), as the CLI runs them:
 * compiled under bench/out they would look for the package's files (package.json) beside the bench.
 */
export async function countRunWrites(root: string, manifest: string, cwd: string): Promise<RunWrites> {
  const load = async <T>(file: string): Promise<T> => (await import(pathToFileURL(join(root, 'dist', file)).href)) as T;
  const { loadManifest } = await load<typeof LoadManifest>('manifest/load-manifest.js');
  const { runTags } = await load<typeof RunTags>('runs/run-tags.js');
  const { summarizeInputs } = await load<typeof SummarizeInputs>('runs/summarize-inputs.js');
  const { desiredSteps } = await load<typeof DesiredState>('engine/desired-state.js');
  const loaded = await loadManifest(manifest, { cwd, env: {} });
  if (loaded.desired === undefined) throw new Error(`${manifest}: ${loaded.problems.map((p) => p.message).join('; ')}`);
  let tags = 0;
  let untriggered = 0;
  // an experiment's step is its current run, named by its inputs' fingerprint (the plan's own steps)
  for (const step of desiredSteps(loaded.desired)) {
    if (step.kind !== 'experiment') continue;
    const r = step.resource;
    if (!r.trigger) untriggered += 1;
    if (r.run === undefined) continue;
    tags += runTags({ manifestKey: r.address, fingerprint: r.run.fingerprint, summary: summarizeInputs(r.run.inputs) }).length + Object.keys(r.tags ?? {}).length;
  }
  return { tags, untriggered };
}
