import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../src/sim/start-simulator.js';
import { writeManifest } from '../check/scored-experiment.js';
import { runCli, type CliResult } from './run-cli.js';

/** A plan change as the tests read it from `plan --format json`. */
export interface JsonChange {
  address: string;
  action: string;
  fields: { path: string; before?: unknown; after?: unknown }[];
  scorers?: unknown;
  run?: { reasons: string[] };
}

/** A simulator and a temp manifest directory, with the CLI and the simulator's API at hand. */
export interface SimWorkspace {
  sim: SimulatorHandle;
  dir: string;
  /** `<dir>/galileo.yaml` */
  file: string;
  /** runs the CLI in `dir` against the simulator (or `url`), checking the key never shows */
  cli(args: string[], opts?: { url?: string; env?: Record<string, string> }): Promise<CliResult>;
  /** `plan --format json`'s changes (no-ops are left out) */
  planJson(): Promise<JsonChange[]>;
  /** expects `plan --detailed-exitcode` to exit 0 */
  planIsEmpty(): Promise<void>;
  /**
   * `galctl export` of one project (`--kinds`) into `<dir>/exported`, then a plan of the export that must be empty:
   * the round trip. Returns the exported manifest's text.
   */
  exportRoundTrip(project: string, kinds: string): Promise<string>;
  /** one simulator API call, expecting a 2xx */
  api<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  close(): Promise<void>;
}

export const SIM_KEY = 'sim-key';

export async function startSimWorkspace(): Promise<SimWorkspace> {
  const sim = await startSimulator({ jobStepMs: 5 });
  const m = writeManifest('');
  const ws: SimWorkspace = {
    sim,
    dir: m.dir,
    file: m.file,
    async cli(args, opts = {}) {
      const res = await runCli(args, { env: { GALILEO_API_URL: opts.url ?? sim.url, GALILEO_API_KEY: SIM_KEY, ...opts.env }, cwd: m.dir });
      expect(res.stdout + res.stderr).not.toContain(SIM_KEY);
      return res;
    },
    async planJson() {
      const res = await ws.cli(['plan', '-f', m.file, '--format', 'json']);
      expect(res.code, res.stderr).toBe(0);
      return (JSON.parse(res.stdout) as { changes: JsonChange[] }).changes;
    },
    async planIsEmpty() {
      const again = await ws.cli(['plan', '-f', m.file, '--detailed-exitcode', '--no-color']);
      expect(again.code, again.stdout).toBe(0);
    },
    async exportRoundTrip(project, kinds) {
      const exported = await ws.cli(['export', '-o', 'exported', '--force', '--project', project, '--kinds', kinds]);
      expect(exported.code, exported.stderr).toBe(0);
      const text = readFileSync(path.join(m.dir, 'exported', 'galileo.yaml'), 'utf8');
      const p = await ws.cli(['plan', '-f', 'exported/galileo.yaml', '--detailed-exitcode', '--no-color']);
      expect(p.stderr).toBe('');
      expect(p.code, p.stdout).toBe(0);
      return text;
    },
    async api<T>(method: string, path: string, body?: unknown): Promise<T> {
      const res = await fetch(`${sim.url}${path}`, {
        method,
        headers: { 'Galileo-API-Key': SIM_KEY, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      expect(res.status, `${method} ${path}`).toBeLessThan(300);
      return (await res.json()) as T;
    },
    async close() {
      await sim.close();
      m.cleanup();
    },
  };
  return ws;
}
