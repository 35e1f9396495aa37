import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it, onTestFinished } from 'vitest';
import { localCache, type LocalCache } from '../../src/traces/local-cache.js';
import { appendCacheIndexEntry, cacheIndexEntries } from '../helpers/cache-index.js';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

describe('a file\'s digest, remembered by its identity and times (LocalCache.digestOf)', () => {
  it('is trusted while the file is unchanged, not for a file changed just now, and a write is a new key', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'galctl-digest-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    // one LocalCache per command, as galctl makes them
    const cache = (): LocalCache => localCache(path.join(dir, 'cache'));
    const kindDir = path.join(dir, 'cache', 'file-digests');
    const file = path.join(dir, 'rows.csv');
    writeFileSync(file, 'input\nq1\n');
    // changed within the last 2 s: it could share its times with a write to come, so it is hashed and not remembered
    expect(await cache().digestOf(file)).toBe(sha256('input\nq1\n'));
    expect(cacheIndexEntries(kindDir)).toEqual([]);

    await sleep(2100);
    expect(await cache().digestOf(file)).toBe(sha256('input\nq1\n'));
    const [entry] = cacheIndexEntries<{ digest: string }>(kindDir);
    expect(entry?.value).toEqual({ digest: sha256('input\nq1\n') });
    // the remembered digest is what an unchanged file gets (a lying entry shows that the file was not read)
    appendCacheIndexEntry(kindDir, { ...entry!, value: { digest: 'f'.repeat(64) } });
    expect(await cache().digestOf(file)).toBe('f'.repeat(64));

    // a write of the same size changes the file's times: another key, the file is hashed again
    writeFileSync(file, 'input\nq2\n');
    expect(await cache().digestOf(file)).toBe(sha256('input\nq2\n'));
  });
});
