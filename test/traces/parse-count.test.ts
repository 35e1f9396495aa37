import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../src/sim/start-simulator.js';
import { spawnCli } from '../helpers/run-cli.js';

const KEY = 'sim-key-parse-count';
/** over 1 MB: the ingest reads it in the pool of worker threads, whose passes are counted too */
const RECORDS = 12_000;

/** The passes over the trace file a command made, by purpose, from its GALCTL_DEBUG=traces lines. */
function passes(stderr: string): string[] {
  return stderr.split('\n').flatMap((l) => {
    const m = /^debug: trace file parsed \((\w+)\): .*replay\.jsonl$/.exec(l);
    return m === null ? [] : [m[1]!];
  });
}

describe('how often a command parses a trace file (issue 22: once per command)', () => {
  let sim: Awaited<ReturnType<typeof startSimulator>>;
  let work: string;
  // the built binary in a process of its own: its worker threads' passes are on its stderr too
  const apply = (): ReturnType<typeof spawnCli> =>
    spawnCli(['apply', '-f', 'galileo.yaml', '--auto-approve'], { env: { GALILEO_API_KEY: KEY, GALILEO_API_URL: sim.url, GALCTL_DEBUG: 'traces' }, cwd: work });

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, apiKey: KEY });
    work = await mkdtemp(path.join(tmpdir(), 'galctl-parse-count-'));
    const rows = Array.from({ length: RECORDS }, (_, i) => JSON.stringify({ input: `question ${i}: what is the capital of country ${i}?`, output: `City ${i}, `.repeat(4), metadata: { i: String(i) } }));
    await writeFile(path.join(work, 'replay.jsonl'), `${rows.join('\n')}\n`);
    await writeFile(path.join(work, 'galileo.yaml'), ['version: 1', 'projects:', '  p:', '    log_streams:', '      traced:', '        traces: replay.jsonl', ''].join('\n'));
  });

  afterAll(async () => {
    await sim?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('an apply from empty parses the file once to send it, trusting the manifest check: no second validation', async () => {
    const r = await apply();
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`${RECORDS} traces ingested`);
    const seen = passes(r.stderr);
    // the check validates (and is cached clean by content); the ingest trusts it and parses the file once, to send
    // it. The plan starts deriving the ids before the live read tells that the run is new (an existing run's count
    // needs them early); when that pass ran, its ids (from the local cache) spare the ingest deriving them again.
    expect(seen.filter((p) => p === 'send')).toEqual(['send']);
    expect(seen.filter((p) => p === 'check')).toEqual(['check']);
    expect(seen.filter((p) => p !== 'send' && p !== 'check' && p !== 'ids')).toEqual([]);
    expect(seen.filter((p) => p === 'ids').length).toBeLessThanOrEqual(1);
  }, 60_000);

  it('an apply of the unchanged file parses it not at all (the local cache knows its check and ids)', async () => {
    const r = await apply();
    expect(r.code, r.stderr).toBe(0);
    expect(passes(r.stderr)).toEqual([]);
  }, 60_000);

  it('without the local cache, an apply with nothing to send parses it once to check and once for the ids it counts', async () => {
    await rm(path.join(work, '.galctl'), { recursive: true, force: true });
    const r = await apply();
    expect(r.code, r.stderr).toBe(0);
    expect(passes(r.stderr).sort()).toEqual(['check', 'ids']);
  }, 60_000);
});
