import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { INDEX_FILE, localCache } from '../../src/traces/local-cache.js';

describe('localCache', () => {
  it('reads back what it wrote, and writes again after its folder was deleted', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'galctl-cache-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const cache = localCache(path.join(dir, 'cache'));
    await cache.put('kind-a', 'k1', { n: 1 });
    await cache.put('kind-a', 'k2', { n: 2 });
    await cache.put('kind-b', 'k1', 'b');
    expect([await cache.get('kind-a', 'k1'), await cache.get('kind-a', 'k2'), await cache.get('kind-b', 'k1')]).toEqual([{ n: 1 }, { n: 2 }, 'b']);

    rmSync(path.join(dir, 'cache'), { recursive: true, force: true }); // safe to delete at any time
    // the folder it made is gone: a write may miss (never an error), and the next one makes the folder again
    await cache.put('kind-a', 'k3', { n: 3 });
    await cache.put('kind-a', 'k4', { n: 4 });
    expect(await cache.get('kind-a', 'k4')).toEqual({ n: 4 });
  });

  it('keeps small entries as lines of one index per kind and large ones as files; the last line of a key wins', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'galctl-cache-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const root = path.join(dir, 'cache');
    const large = Array.from({ length: 500 }, (_, i) => `id-${i}-${'x'.repeat(20)}`);
    const writer = localCache(root);
    await Promise.all([writer.put('k', 'small-1', { n: 1 }), writer.put('k', 'small-2', { n: 2 }), writer.put('k', 'large', large)]);
    await writer.put('k', 'small-1', { n: 11 });
    expect(readdirSync(path.join(root, 'k')).sort()).toEqual([INDEX_FILE, 'large.json']);
    expect(readFileSync(path.join(root, 'k', INDEX_FILE), 'utf8').trim().split('\n')).toHaveLength(3);

    // a write cut short (a crash) damages its own line only
    appendFileSync(path.join(root, 'k', INDEX_FILE), '{"key":"small-3","gal');
    const reader = localCache(root);
    expect([await reader.get('k', 'small-1'), await reader.get('k', 'small-2'), await reader.get('k', 'large'), await reader.get('k', 'small-3')]).toEqual([{ n: 11 }, { n: 2 }, large, undefined]);
  });

  it('rewrites an index that grew far past its keys with one line per key', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'galctl-cache-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const root = path.join(dir, 'cache');
    const writer = localCache(root);
    for (let i = 0; i < 100; i++) await writer.put('k', i % 2 === 0 ? 'even' : 'odd', i);
    const index = path.join(root, 'k', INDEX_FILE);
    expect(readFileSync(index, 'utf8').trim().split('\n')).toHaveLength(100);
    const reader = localCache(root);
    expect([await reader.get('k', 'even'), await reader.get('k', 'odd')]).toEqual([98, 99]);
    expect(readFileSync(index, 'utf8').trim().split('\n')).toHaveLength(2);
    expect([await localCache(root).get('k', 'even'), await localCache(root).get('k', 'odd')]).toEqual([98, 99]);
  });
});
