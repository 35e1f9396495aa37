import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deriveTraceIds as deriveFromSources } from '../../src/traces/derive-trace-ids.js';
import { countTraceRecords, readTraceFile } from '../../src/traces/read-trace-file.js';
import { simpleRows, tempDir, writeTraceFile } from './trace-files.js';
import { assertFreshBuild } from '../helpers/run-cli.js';

/** The worker thread runs compiled JavaScript: the built module (npm test builds first) starts it. */
const BUILT = new URL('../../dist/traces/derive-trace-ids.js', import.meta.url);
type Derive = typeof deriveFromSources;
const built = async (): Promise<Derive> => {
  assertFreshBuild();
  return ((await import(BUILT.href)) as { deriveTraceIds: Derive }).deriveTraceIds;
};

async function fileIds(file: string, idScope: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const e of readTraceFile(file, { idScope })) if ('trace' in e) ids.push(e.trace.id);
  return ids;
}

const ID = '0b6c2a4e-5f1d-4c3b-9a8e-7d6f5e4c3b2a';
const mixed = (): (string | object)[] => [...simpleRows(300), simpleRows(1)[0]!, { input: 'x', output: 'y', id: ID }, 'not json', ...simpleRows(5, 'r')];

describe('deriveTraceIds', () => {
  it('in a worker thread gives the ids readTraceFile gives (duplicates numbered, explicit ids kept, bad lines skipped)', async () => {
    expect(existsSync(BUILT), 'run npm run build first').toBe(true);
    const derive = await built();
    const a = writeTraceFile(mixed(), 'a.jsonl');
    const b = writeTraceFile(simpleRows(50, 'b'), 'b.jsonl');
    const sources = [{ file: a, idScope: 'demo/log_stream/a' }, { file: b, idScope: 'demo/experiment/b' }, { file: a, idScope: 'other/log_stream/a' }];
    const { ids } = derive(sources, { minWorkerBytes: 0, maxWorkers: 2 });
    const got = await Promise.all(ids);
    const want = await Promise.all(sources.map((s) => fileIds(s.file, s.idScope)));
    expect(got).toEqual(want);
    expect(got[0]).toHaveLength(307);
    expect(got[0]).toContain(ID);
    expect(new Set(got[0]).size).toBe(307); // the repeated first row got its own id
    expect(got[2]).not.toEqual(got[0]); // another scope, other ids
  });

  it('in a worker thread rejects an unreadable file with the reader\'s located error, the other files unaffected', async () => {
    const derive = await built();
    const ok = writeTraceFile(simpleRows(10));
    const missing = join(tempDir(), 'missing.jsonl');
    const { ids } = derive([{ file: missing, idScope: 's' }, { file: ok, idScope: 's' }], { minWorkerBytes: 0, maxWorkers: 1 });
    await expect(ids[0]).rejects.toMatchObject({ code: 'trace-file-unreadable', message: expect.stringContaining('missing.jsonl') });
    expect(await ids[1]).toEqual(await fileIds(ok, 's'));
  });

  it('cancel stops the workers and rejects what is pending', async () => {
    const derive = await built();
    const files = Array.from({ length: 4 }, (_, i) => ({ file: writeTraceFile(simpleRows(2000, `c${i}`), `c${i}.jsonl`), idScope: 's' }));
    const run = derive(files, { minWorkerBytes: 0, maxWorkers: 1 });
    run.cancel();
    await expect(Promise.all(run.ids)).rejects.toMatchObject({ code: 'cancelled' });
  });

  it('drop takes a file no worker has started out of the queue; a started or in-thread one still gets its ids', async () => {
    const derive = await built();
    const files = Array.from({ length: 3 }, (_, i) => ({ file: writeTraceFile(simpleRows(2000, `d${i}`), `d${i}.jsonl`), idScope: 's' }));
    const run = derive(files, { minWorkerBytes: 0, maxWorkers: 1 });
    expect(run.drop(0)).toBe(false); // the one worker took the first file at once
    expect(run.drop(2)).toBe(true);
    expect(run.drop(2)).toBe(false);
    await expect(run.ids[2]).rejects.toMatchObject({ code: 'cancelled' });
    expect(await run.ids[0]).toEqual(await fileIds(files[0]!.file, 's'));
    expect(await run.ids[1]).toEqual(await fileIds(files[1]!.file, 's'));
    const small = deriveFromSources([files[0]!]);
    expect(small.drop(0)).toBe(false);
    expect(await small.ids[0]).toHaveLength(2000);
  });

  it('countTraceRecords counts the records readTraceIds gives ids to, bad lines not counted', async () => {
    const file = writeTraceFile(mixed());
    expect(await countTraceRecords(file)).toBe((await fileIds(file, 's')).length);
    expect(await countTraceRecords(file)).toBe(307);
  });

  it('small files are read in this thread, with the same ids', async () => {
    const file = writeTraceFile(mixed());
    const { ids } = deriveFromSources([{ file, idScope: 'demo/log_stream/a' }]);
    expect(await ids[0]).toEqual(await fileIds(file, 'demo/log_stream/a'));
  });
});
