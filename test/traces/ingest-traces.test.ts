import { appendFileSync, existsSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GalctlError } from '../../src/core/errors.js';
import { countPresentTraces } from '../../src/traces/count-present-traces.js';
import { ingestTraces, type IngestProgress } from '../../src/traces/ingest-traces.js';
import { startSimRun } from './sim-run.js';
import { simpleRows, writeTraceFile } from './trace-files.js';

const INGEST = 'POST /projects/:project_id/traces';

/** The built module: from it a large file is read by worker threads that hand over encoded bytes (npm test builds first). */
const BUILT = new URL('../../dist/traces/ingest-traces.js', import.meta.url);
const builtIngest = async (): Promise<typeof ingestTraces> => ((await import(BUILT.href)) as { ingestTraces: typeof ingestTraces }).ingestTraces;

describe('ingestTraces against the simulator', () => {
  it('into a run this process just created (runIsEmpty) sends every trace without a count request', async () => {
    const run = await startSimRun();
    const file = writeTraceFile(simpleRows(2500));
    const paths: string[] = [];
    const post: typeof run.post = (path, body, o) => {
      paths.push(path);
      return run.post(path, body, o);
    };
    const result = await ingestTraces({ post, projectId: run.projectId, destination: run.destination, file, idScope: run.idScope, runIsEmpty: true });
    expect(result).toMatchObject({ total: 2500, sent: 2500, present: 0, batches: 5 });
    expect(paths.filter((p) => !p.endsWith('/traces'))).toEqual([]);
    expect(await run.countRun()).toBe(2500);
    // the same ids as a counted ingest: a re-ingest without the flag finds them all
    expect(await ingestTraces({ post: run.post, projectId: run.projectId, destination: run.destination, file, idScope: run.idScope })).toMatchObject({ sent: 0, present: 2500 });
  });

  it('ingests 1,000 traces in batches, is_complete only on the last, and re-ingests nothing', async () => {
    const run = await startSimRun();
    const file = writeTraceFile(simpleRows(1000));
    const opts = { post: run.post, projectId: run.projectId, destination: run.destination, file, idScope: run.idScope, batchSize: 300 };

    expect(await countPresentTraces(opts)).toEqual({ total: 1000, present: 0 });
    const progress: IngestProgress[] = [];
    const first = await ingestTraces({ ...opts, onProgress: (p) => progress.push(p) });
    expect(progress.at(-1)).toEqual({ read: 1000, present: 0, sent: 1000, batches: 4 });
    expect(first).toEqual({ total: 1000, sent: 1000, present: 0, batches: 4, skipped: [] });
    expect(run.ingestBodies.map((b) => [b.traces.length, b.is_complete])).toEqual([
      [300, false],
      [300, false],
      [300, false],
      [100, true],
    ]);
    expect(await run.countRun()).toBe(1000);
    expect(await countPresentTraces(opts)).toEqual({ total: 1000, present: 1000 });

    const again = await ingestTraces(opts);
    expect(again).toEqual({ total: 1000, sent: 0, present: 1000, batches: 0, skipped: [] });
    expect(await run.requests(INGEST)).toBe(4);
    expect(await run.countRun()).toBe(1000);
  });

  it('sends only the records added to the file since the last apply', async () => {
    const run = await startSimRun('log_stream');
    const file = writeTraceFile(simpleRows(120));
    const opts = { post: run.post, projectId: run.projectId, destination: run.destination, file, idScope: run.idScope, batchSize: 50 };
    await ingestTraces(opts);
    appendFileSync(file, simpleRows(130).slice(120).map((r) => `${JSON.stringify(r)}\n`).join(''));

    expect(await countPresentTraces(opts)).toEqual({ total: 130, present: 120 });
    run.ingestBodies.length = 0;
    expect(await ingestTraces(opts)).toMatchObject({ sent: 10, present: 120, batches: 1 });
    expect(run.ingestBodies.map((b) => b.is_complete)).toEqual([true]);
    expect(await run.countRun()).toBe(130);
  });

  it('sends nothing from a file with a bad line, and names file:line', async () => {
    const run = await startSimRun();
    const file = writeTraceFile([...simpleRows(5), { input: 'q' }, ...simpleRows(5, 'x'), 'nope']);
    const opts = { post: run.post, projectId: run.projectId, destination: run.destination, file, idScope: run.idScope, displayFile: 'traces/replay.jsonl' };

    const err = await ingestTraces(opts).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GalctlError);
    expect((err as GalctlError).code).toBe('trace-file-invalid');
    expect((err as GalctlError).message).toMatch(/^trace file traces\/replay\.jsonl has 2 bad records, nothing was sent:\n {2}traces\/replay\.jsonl:6:1: missing field "output"\n {2}traces\/replay\.jsonl:12:\d+: invalid JSON/);
    expect(await run.requests(INGEST)).toBe(0);
    expect(await run.countRun()).toBe(0);

    const skipping = await ingestTraces({ ...opts, skipBadRecords: true });
    expect(skipping.sent).toBe(10);
    expect(skipping.skipped.map((p) => p.line)).toEqual([6, 12]);
    expect(await run.countRun()).toBe(10);
  });

  it('sends nothing for a file of blank lines', async () => {
    const run = await startSimRun();
    const file = writeTraceFile(['', '  ']);
    expect(await ingestTraces({ post: run.post, projectId: run.projectId, destination: run.destination, file, idScope: run.idScope })).toEqual({ total: 0, sent: 0, present: 0, batches: 0, skipped: [] });
    expect(await run.requests(INGEST)).toBe(0);
  });

  it('stops when the signal aborts', async () => {
    const run = await startSimRun();
    const file = writeTraceFile(simpleRows(50));
    const controller = new AbortController();
    controller.abort(new Error('interrupted'));
    const opts = { post: run.post, projectId: run.projectId, destination: run.destination, file, idScope: run.idScope, signal: controller.signal };
    await expect(ingestTraces(opts)).rejects.toThrow('interrupted');
    expect(await run.countRun()).toBe(0);
  });

  it('keeps given ids and sends full traces with nested spans', async () => {
    const run = await startSimRun();
    const id = '3f1c2a9e-8b7d-4c6e-9a51-2d4e6f8a0b1c';
    const file = writeTraceFile([
      {
        type: 'trace',
        id,
        input: 'q',
        output: 'a',
        spans: [{ type: 'workflow', input: 'q', spans: [{ type: 'llm', input: [{ role: 'user', content: 'q' }], output: { role: 'assistant', content: 'a' } }] }],
      },
    ]);
    const res = await ingestTraces({ post: run.post, projectId: run.projectId, destination: run.destination, file, idScope: run.idScope });
    expect(res.sent).toBe(1);
    const found = (await run.post(`/projects/${run.projectId}/traces/search`, { ...run.destination, filters: [], limit: 10 })) as { records: { id: string }[] };
    expect(found.records.map((r) => r.id)).toEqual([id]);
  });

  it('asks nothing when the run does not exist yet', async () => {
    const run = await startSimRun();
    const file = writeTraceFile(simpleRows(30));
    const before = await run.requests('POST /projects/:project_id/traces/count');
    expect(await countPresentTraces({ post: run.post, projectId: null, destination: null, file, idScope: run.idScope })).toEqual({ total: 30, present: 0 });
    expect(await run.requests('POST /projects/:project_id/traces/count')).toBe(before);
    // the same file against the existing run asks once (30 ids fit one chunk)
    await countPresentTraces({ post: run.post, projectId: run.projectId, destination: run.destination, file, idScope: run.idScope });
    expect(await run.requests('POST /projects/:project_id/traces/count')).toBe(before + 1);
  });

  it('sends text beyond ASCII byte for byte, read by worker threads, in batches cut by UTF-8 bytes', async () => {
    expect(existsSync(BUILT), 'run npm run build first').toBe(true);
    const ingest = await builtIngest();
    const run = await startSimRun();
    // over 1 MB (the worker pool reads it); each trace is about 750 UTF-8 bytes as sent, far more than its length
    const text = (i: number): string => `héllo ✓ 🚀 \u2028 «${i}» ${'ü'.repeat(150)}`;
    const rows = Array.from({ length: 4000 }, (_, i) => ({ input: text(i), output: `ça ${i} 🙂`, metadata: { i: String(i) } }));
    const file = writeTraceFile(rows);
    expect(statSync(file).size).toBeGreaterThan(1_000_000);
    const maxBatchBytes = 100_000;
    const res = await ingest({ post: run.post, projectId: run.projectId, destination: run.destination, file, idScope: run.idScope, maxBatchBytes });
    expect(res).toMatchObject({ total: 4000, sent: 4000, present: 0 });
    for (const b of run.ingestBodies) expect(Buffer.byteLength(JSON.stringify(b))).toBeLessThanOrEqual(maxBatchBytes);
    // the bytes cap cuts batches well below 500 traces: only a UTF-8 size makes that many
    expect(run.ingestBodies.length).toBeGreaterThan(res.total / 500);
    const found = (await run.post(`/projects/${run.projectId}/traces/search`, { ...run.destination, filters: [], limit: 5000 })) as { records: { input: string; output: string }[] };
    expect(found.records.map((r) => `${r.input}|${r.output}`).sort()).toEqual(rows.map((r) => `${r.input}|${r.output}`).sort());
    // the same ids as this thread derives: nothing is sent again
    expect(await ingestTraces({ post: run.post, projectId: run.projectId, destination: run.destination, file, idScope: run.idScope })).toMatchObject({ sent: 0, present: 4000 });
  });

  it('ingests 20,000 traces, re-applies with zero sent, and the run holds exactly 20,000', async () => {
    const run = await startSimRun();
    const file = writeTraceFile(simpleRows(20_000), 'big.jsonl');
    const opts = { post: run.post, projectId: run.projectId, destination: run.destination, file, idScope: run.idScope };
    expect(await ingestTraces(opts)).toMatchObject({ sent: 20_000, batches: 40 });
    expect(run.ingestBodies.filter((b) => b.is_complete)).toHaveLength(1);
    expect(run.ingestBodies.at(-1)?.is_complete).toBe(true);
    expect(await ingestTraces(opts)).toMatchObject({ sent: 0, present: 20_000, batches: 0 });
    expect(await run.countRun()).toBe(20_000);
  });
});
