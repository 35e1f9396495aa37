import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { localCache } from '../../src/traces/local-cache.js';

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
});
