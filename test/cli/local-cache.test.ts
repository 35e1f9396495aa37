import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../src/sim/start-simulator.js';
import { appendCacheIndexEntry, cacheIndexEntries } from '../helpers/cache-index.js';
import { runCli } from '../helpers/run-cli.js';
import { fixtureDir, yaml } from '../manifest/fixture-dir.js';

// galctl's cache of local work (.galctl/cache beside the manifest): trace ids and clean trace-file checks, keyed by
// the file's content and galctl's version. What is read from it changes results, so these tests show it is read,
// that it is keyed by version, that deleting it is safe, and that it holds no secret.

const record = (i: number): string => JSON.stringify({ input: `question ${i}`, output: `answer ${i}` });
const SECRET = 'sk-cache-test-0123456789abcdef';

function entries(cwd: string, kind: string): string[] {
  try {
    return readdirSync(path.join(cwd, '.galctl', 'cache', kind)).map((f) => path.join(cwd, '.galctl', 'cache', kind, f));
  } catch {
    return [];
  }
}

describe('the local cache (.galctl/cache)', () => {
  let sim: SimulatorHandle;
  beforeEach(async () => {
    sim = await startSimulator({ port: 0, jobStepMs: 5 });
  });
  afterEach(async () => {
    await sim?.close();
  });

  it('holds the trace ids an apply derived; a plan reads them; another version or a deleted cache is a miss', async () => {
    const cwd = fixtureDir({
      'galileo.yaml': yaml(
        'version: 1',
        'projects:',
        '  p:',
        '    description: ${DESC_TOKEN}',
        '    log_streams:',
        '      prod:',
        '        traces: t.jsonl',
      ),
      't.jsonl': [1, 2, 3, 4, 5].map(record).join('\n') + '\n',
    });
    const env = { GALILEO_API_KEY: 'sim-key', GALILEO_API_URL: sim.url, DESC_TOKEN: SECRET };
    const applied = await runCli(['apply', '--auto-approve'], { cwd, env });
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    // small entries are lines of their kind's index, large ones (the ids of a long file) files of their own
    const ids = path.join(cwd, '.galctl', 'cache', 'trace-ids');
    const [entry] = cacheIndexEntries<string[]>(ids);
    expect(entry?.value).toHaveLength(5);
    expect(entries(cwd, 'trace-check')).toHaveLength(1);
    expect((await runCli(['plan', '--detailed-exitcode'], { cwd, env })).code).toBe(0);

    // nothing in the cache carries a secret (the key, an interpolated value)
    for (const kind of ['trace-ids', 'trace-check']) {
      for (const f of entries(cwd, kind)) {
        const text = readFileSync(f, 'utf8');
        expect(text).not.toContain(SECRET);
        expect(text).not.toContain('sim-key');
      }
    }

    // the plan takes the ids from the cache: other ids there, and the run seems to hold none of the file's traces
    appendCacheIndexEntry(ids, { ...entry!, value: entry!.value.map(() => randomUUID()) });
    const misled = await runCli(['plan', '--no-color', '--detailed-exitcode'], { cwd, env });
    expect(misled.code).toBe(2);
    expect(misled.stdout).toContain('1 to ingest');

    // an entry of another galctl version is not trusted
    appendCacheIndexEntry(ids, { ...entry!, galctl: '0.0.0-other', value: entry!.value.map(() => randomUUID()) });
    expect((await runCli(['plan', '--detailed-exitcode'], { cwd, env })).code).toBe(0);

    // safe to delete: the next plan derives the ids again (and caches them)
    rmSync(path.join(cwd, '.galctl'), { recursive: true, force: true });
    expect((await runCli(['plan', '--detailed-exitcode'], { cwd, env })).code).toBe(0);
    expect(cacheIndexEntries(ids)).toHaveLength(1);
  });

  it('holds each dataset file\'s content hash and columns, keyed by its text; a plan reads it; nothing secret', async () => {
    const cwd = fixtureDir({
      'galileo.yaml': yaml('version: 1', 'datasets:', '  golden:', '    file: golden.csv', 'projects:', '  p:', '    description: ${DESC_TOKEN}'),
      'golden.csv': 'input,output\nq1,a1\nq2,a2\n',
    });
    const env = { GALILEO_API_KEY: 'sim-key', GALILEO_API_URL: sim.url, DESC_TOKEN: SECRET };
    const applied = await runCli(['apply', '--auto-approve'], { cwd, env });
    expect(applied.code, applied.stderr).toBe(0);
    const hashes = path.join(cwd, '.galctl', 'cache', 'dataset-hashes');
    const [entry] = cacheIndexEntries<{ contentHash: string; columns: string[] }>(hashes);
    expect(entry?.value.columns).toEqual(['input', 'output']);
    expect((await runCli(['plan', '--detailed-exitcode'], { cwd, env })).code).toBe(0);
    for (const kind of ['dataset-hashes', 'dataset-versions', 'completed-runs', 'scorer-code']) {
      for (const f of entries(cwd, kind)) expect(readFileSync(f, 'utf8')).not.toContain(SECRET);
    }

    // the plan takes the hash from the cache: another hash there, and the dataset seems changed
    appendCacheIndexEntry(hashes, { ...entry!, value: { ...entry!.value, contentHash: 'f'.repeat(64) } });
    const misled = await runCli(['plan', '--no-color', '--detailed-exitcode'], { cwd, env });
    expect(misled.code).toBe(2);
    expect(misled.stdout).toContain('dataset.golden');

    // an entry of another galctl version is not trusted; a deleted cache is only slower
    appendCacheIndexEntry(hashes, { ...entry!, galctl: '0.0.0-other', value: { ...entry!.value, contentHash: 'f'.repeat(64) } });
    expect((await runCli(['plan', '--detailed-exitcode'], { cwd, env })).code).toBe(0);
    rmSync(path.join(cwd, '.galctl'), { recursive: true, force: true });
    expect((await runCli(['plan', '--detailed-exitcode'], { cwd, env })).code).toBe(0);
    expect(cacheIndexEntries(hashes)).toHaveLength(1);

    // a changed file is another key: its rows are compared
    writeFileSync(path.join(cwd, 'golden.csv'), 'input,output\nq1,a1\nq2,a2 revised\n');
    const edited = await runCli(['plan', '--no-color', '--detailed-exitcode'], { cwd, env });
    expect(edited.code).toBe(2);
    expect(cacheIndexEntries(hashes)).toHaveLength(2);
  });

  it('a changed trace file is a new key: the new record is seen and sent', async () => {
    const cwd = fixtureDir({
      'galileo.yaml': yaml('version: 1', 'projects:', '  q:', '    log_streams:', '      prod:', '        traces: t.jsonl'),
      't.jsonl': [1, 2].map(record).join('\n') + '\n',
    });
    const env = { GALILEO_API_KEY: 'sim-key', GALILEO_API_URL: sim.url };
    expect((await runCli(['apply', '--auto-approve'], { cwd, env })).code).toBe(0);
    writeFileSync(path.join(cwd, 't.jsonl'), [1, 2, 3].map(record).join('\n') + '\n');
    const again = await runCli(['apply', '--auto-approve', '--no-color'], { cwd, env });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/ingested 1 trace\b/);
    const after = await runCli(['plan', '--no-color', '--detailed-exitcode'], { cwd, env });
    expect(after.stdout).toContain('No changes');
    expect(after.code).toBe(0);
  });
});
