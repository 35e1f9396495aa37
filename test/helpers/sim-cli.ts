import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import type { PlanChange } from '../../src/core/plan-types.js';
import { startSimulator, type SimulatorHandle } from '../../src/sim/start-simulator.js';
import { writeManifestDir } from '../export/org-fixture.js';
import { runCli, type CliResult } from './run-cli.js';

/**
 * One simulator and one manifest directory for a describe block (started before its tests, closed after them), with
 * the CLI at hand. For a workspace per test, see sim-workspace.ts.
 */
export interface SimCli {
  readonly sim: SimulatorHandle;
  readonly dir: string;
  /** runs the CLI in `dir` against the simulator */
  cli(argv: string[]): Promise<CliResult>;
  /** `plan --format json` of `file` (default galileo.yaml): every change, no-ops included; nothing on stderr */
  plan(file?: string): Promise<PlanChange[]>;
  /** `apply --auto-approve`, expecting exit 0 and nothing on stderr */
  apply(): Promise<void>;
  write(name: string, text: string): Promise<void>;
  read(name: string): Promise<string>;
}

/** The changes that do something, as `<action> <address>`. */
export const pending = (changes: PlanChange[]): string[] => changes.filter((c) => c.action !== 'no-op').map((c) => `${c.action} ${c.address}`);

/** Registers the block's hooks: a simulator with API key `key`, a directory holding `manifest` as galileo.yaml and `files`. */
export function useSimCli(key: string, manifest: string, files: Record<string, string> = {}): SimCli {
  let sim: SimulatorHandle | undefined;
  let dir = '';
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, apiKey: key });
    dir = await writeManifestDir(manifest, files);
  });
  afterAll(async () => {
    await sim?.close();
    if (dir !== '') await rm(dir, { recursive: true, force: true });
  });
  const h: SimCli = {
    get sim() {
      if (sim === undefined) throw new Error('the simulator starts in beforeAll');
      return sim;
    },
    get dir() {
      return dir;
    },
    cli: (argv) => runCli(argv, { env: { GALILEO_API_KEY: key, GALILEO_API_URL: h.sim.url }, cwd: dir }),
    async plan(file = 'galileo.yaml') {
      const r = await h.cli(['plan', '--format', 'json', '-f', file]);
      expect(r.stderr).toBe('');
      return (JSON.parse(r.stdout) as { changes: PlanChange[] }).changes;
    },
    async apply() {
      const r = await h.cli(['apply', '--auto-approve']);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    },
    write: (name, text) => writeFile(path.join(dir, name), text),
    read: (name) => readFile(path.join(dir, name), 'utf8'),
  };
  return h;
}
