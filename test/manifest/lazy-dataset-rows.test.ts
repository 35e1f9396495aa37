import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import type { DesiredDataset } from '../../src/core/desired-types.js';
import { loadManifest } from '../../src/manifest/load-manifest.js';
import { lazyRows } from '../../src/manifest/lazy-rows.js';
import { appendCacheIndexEntry, cacheIndexEntries } from '../helpers/cache-index.js';
import { fixtureDir, yaml } from './fixture-dir.js';

describe('lazyRows', () => {
  it('knows its length without parsing, parses once on any other read, and is an array to every reader', () => {
    let parses = 0;
    const rows = lazyRows(2, () => {
      parses += 1;
      return [{ q: 'a' }, { q: 'b' }];
    });
    expect(rows.length).toBe(2);
    expect(Array.isArray(rows)).toBe(true);
    const copied = { ...{ rows } }; // spreading the owner does not read the rows
    expect(parses).toBe(0);
    expect(copied.rows.map((r) => r['q'])).toEqual(['a', 'b']);
    expect([...rows]).toEqual([{ q: 'a' }, { q: 'b' }]);
    expect(JSON.stringify(rows)).toBe('[{"q":"a"},{"q":"b"}]');
    expect(rows[1]).toEqual({ q: 'b' });
    expect(Object.keys(rows)).toEqual(['0', '1']);
    expect(rows.slice(1)).toEqual([{ q: 'b' }]);
    expect(parses).toBe(1);
  });

  it('answers the indexes of its head without parsing', () => {
    let parses = 0;
    const rows = lazyRows(3, () => {
      parses += 1;
      return [{ q: 'a' }, { q: 'b' }, { q: 'c' }];
    }, { head: [{ q: 'a' }, { q: 'b' }] });
    expect([rows[0], rows[1]]).toEqual([{ q: 'a' }, { q: 'b' }]);
    expect(0 in rows).toBe(true);
    expect(parses).toBe(0);
    expect(rows[2]).toEqual({ q: 'c' });
    expect(parses).toBe(1);
  });

  it('does not hold the rows once read: a read after a collection parses again; a write pins them', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    let parses = 0;
    const parse = () => {
      parses += 1;
      return [{ q: 'a' }, { q: 'b' }];
    };
    const collect = async (): Promise<void> => {
      await new Promise((resolve) => setImmediate(resolve)); // a WeakRef's target is kept until the current job ends
      gc();
    };
    const rows = lazyRows(2, parse);
    expect(rows.map((r) => r['q'])).toEqual(['a', 'b']);
    expect(parses).toBe(1);
    await collect();
    expect(rows.length).toBe(2);
    expect(parses).toBe(1);
    expect(rows[1]).toEqual({ q: 'b' });
    expect(parses).toBe(2);

    const written = lazyRows(2, parse);
    written[0] = { q: 'z' };
    await collect();
    expect(written.map((r) => r['q'])).toEqual(['z', 'b']);
    expect(written[0]).toEqual({ q: 'z' });
  });

  it('refuses rows that do not match the recorded count', () => {
    const rows = lazyRows(3, () => [{ q: 'a' }]);
    expect(rows.length).toBe(3);
    expect(() => rows[0]).toThrow(/1 parsed where 3 were recorded/);
  });
});

describe('dataset rows from the local cache', () => {
  const files = {
    'galileo.yaml': yaml('version: 1', 'datasets:', '  golden:', '    file: golden.csv'),
    'golden.csv': 'input,output\nq1,a1\nq2,a2\nq3,a3\n',
  };
  const golden = async (cwd: string): Promise<DesiredDataset> => {
    const { desired, problems } = await loadManifest('galileo.yaml', { cwd, env: {} });
    expect(problems).toEqual([]);
    return desired!.resources.find((r) => r.address === 'dataset.golden') as DesiredDataset;
  };

  it('a file parsed for its hash keeps no rows but its head: the rest are read and parsed again, the bytes hashed', async () => {
    const four = { ...files, 'golden.csv': 'input,output\nq1,a1\nq2,a2\nq3,a3\nq4,a4\n' };
    const unchanged = await golden(fixtureDir(four));
    expect(unchanged.rows).toHaveLength(4);
    expect(unchanged.rows.map((r) => r['output'])).toEqual(['a1', 'a2', 'a3', 'a4']);
    const cwd = fixtureDir(four);
    const first = await golden(cwd);
    // changed on disk after the load: the head needs no read; the rest is never read as if it were unchanged
    writeFileSync(path.join(cwd, 'golden.csv'), 'input,output\nx,y\n');
    expect(first.rows.length).toBe(4);
    const head = first.rows[0];
    expect(head).toEqual({ input: 'q1', output: 'a1' });
    expect(() => first.rows.map((r) => r['output'])).toThrow(/golden\.csv changed while galctl was running/);
  });

  it('a file parsed before is not parsed again until its rows are read: its count, columns and hash come from the cache', async () => {
    const cwd = fixtureDir(files);
    const first = await golden(cwd);
    expect(first.rows).toHaveLength(3);
    const dir = path.join(cwd, '.galctl', 'cache', 'dataset-hashes');
    const [entry] = cacheIndexEntries<{ contentHash: string; columns: string[]; rows: number }>(dir);
    expect(entry?.value).toEqual({ contentHash: first.contentHash, columns: ['input', 'output'], rows: 3 });

    const second = await golden(cwd);
    expect(second.contentHash).toBe(first.contentHash);
    expect(second.columns).toEqual(['input', 'output']);
    expect(second.rows.length).toBe(3);
    expect(second.rows.map((r) => r['output'])).toEqual(['a1', 'a2', 'a3']);

    // the count is the cache's (a lying entry is believed until the rows are read, then refused)
    appendCacheIndexEntry(dir, { ...entry!, value: { ...entry!.value, rows: 7 } });
    const lied = await golden(cwd);
    expect(lied.rows.length).toBe(7);
    expect(() => lied.rows[0]).toThrow(/3 parsed where 7 were recorded/);
  });

  it('an entry of another galctl version, or a damaged one, is a miss: the file is parsed', async () => {
    const cwd = fixtureDir(files);
    await golden(cwd);
    const dir = path.join(cwd, '.galctl', 'cache', 'dataset-hashes');
    const [entry] = cacheIndexEntries<Record<string, unknown>>(dir);
    expect(entry).toBeDefined();
    for (const damaged of [{ galctl: '0.0.0-other', value: { ...entry!.value, rows: 7 } }, { galctl: entry!.galctl, value: { ...entry!.value, rows: 'many' } }]) {
      appendCacheIndexEntry(dir, { key: entry!.key, ...damaged });
      const again = await golden(cwd);
      expect(again.rows.length).toBe(3);
      expect(again.rows[2]).toEqual({ input: 'q3', output: 'a3' });
    }
  });

  it('a file changed after galctl hashed it is refused when its rows are read, not parsed as if unchanged', async () => {
    const cwd = fixtureDir(files);
    await golden(cwd);
    const second = await golden(cwd);
    writeFileSync(path.join(cwd, 'golden.csv'), 'input,output\nq1,CHANGED\nq2,a2\nq3,a3\n');
    expect(() => second.rows[0]).toThrow(/golden\.csv changed while galctl was running/);
  });
});
