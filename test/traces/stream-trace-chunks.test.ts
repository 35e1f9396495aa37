import { existsSync, utimesSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkTraceFileCounted } from '../../src/traces/check-trace-file.js';
import { isKnownCleanTraceFile } from '../../src/traces/checked-trace-files.js';
import { ingestTraces } from '../../src/traces/ingest-traces.js';
import { readTraceFile } from '../../src/traces/read-trace-file.js';
import { type streamTraceChunks as streamFromSources, type TraceChunkEvent } from '../../src/traces/stream-trace-chunks.js';
import { startSimRun } from './sim-run.js';
import { simpleRows, writeTraceFile } from './trace-files.js';

/** The worker thread runs compiled JavaScript: the built module (npm test builds first) starts it. */
const BUILT = new URL('../../dist/traces/stream-trace-chunks.js', import.meta.url);
type Stream = typeof streamFromSources;
const built = async (): Promise<Stream> => ((await import(BUILT.href)) as { streamTraceChunks: Stream }).streamTraceChunks;

async function collect(events: AsyncGenerator<TraceChunkEvent>): Promise<TraceChunkEvent[]> {
  const out: TraceChunkEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
}

const mixed = (): (string | object)[] => [...simpleRows(2500), simpleRows(1)[0]!, 'not json', ...simpleRows(5, 'r')];

describe('streamTraceChunks', () => {
  it('in a worker thread gives the traces readTraceFile gives, each encoded once, in chunks of at most maxTraces', async () => {
    expect(existsSync(BUILT), 'run npm run build first').toBe(true);
    const stream = await built();
    const file = writeTraceFile(mixed());
    const events = await collect(stream(file, { idScope: 'demo/experiment/e', maxTraces: 1000, maxBytes: 8_000_000, minWorkerBytes: 0 }));
    const chunks = events.flatMap((e) => ('chunk' in e ? [e.chunk] : []));
    expect(chunks.map((c) => c.ids.length)).toEqual([1000, 1000, 506]);
    const want: object[] = [];
    for await (const e of readTraceFile(file, { idScope: 'demo/experiment/e' })) if ('trace' in e) want.push(e.trace);
    expect(chunks.flatMap((c) => c.json.map((j) => JSON.parse(Buffer.from(j).toString('utf8')) as object))).toEqual(want);
    expect(chunks.flatMap((c) => c.ids)).toEqual(want.map((t) => (t as { id: string }).id));
    expect(chunks.flatMap((c) => c.sizes)).toEqual(chunks.flatMap((c) => c.json.map((j) => j.byteLength)));
    expect(chunks.flatMap((c) => c.problems.map((p) => [p.line, p.code]))).toEqual([[2502, 'trace-json']]);
  });

  it('with the ids known (the local cache), in one worker thread, hands over the same encoded traces', async () => {
    const stream = await built();
    const file = writeTraceFile([...mixed(), { input: 'héllo ✓ 🚀', output: 'ça' }]);
    const want: object[] = [];
    for await (const e of readTraceFile(file, { idScope: 'demo/experiment/e' })) if ('trace' in e) want.push(e.trace);
    const ids = want.map((t) => (t as { id: string }).id);
    const events = await collect(stream(file, { idScope: 'demo/experiment/e', ids, maxTraces: 1000, maxBytes: 8_000_000, minWorkerBytes: 0 }));
    const chunks = events.flatMap((e) => ('chunk' in e ? [e.chunk] : []));
    expect(chunks.map((c) => c.ids.length)).toEqual([1000, 1000, 507]);
    expect(chunks.flatMap((c) => c.json.map((j) => JSON.parse(Buffer.from(j).toString('utf8')) as object))).toEqual(want);
    expect(chunks.flatMap((c) => c.sizes)).toEqual(chunks.flatMap((c) => c.json.map((j) => j.byteLength)));
  });

  it('in a worker thread lists the bad records first and stops there when asked to validate', async () => {
    const stream = await built();
    const file = writeTraceFile(mixed());
    const events = await collect(stream(file, { idScope: 's', maxTraces: 1000, maxBytes: 8_000_000, minWorkerBytes: 0, validateLimit: 20 }));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ bad: { count: 1, problems: [{ line: 2502, code: 'trace-json' }] } });
  });

  it('in a worker thread stops reading when the consumer stops early', async () => {
    const stream = await built();
    const file = writeTraceFile(simpleRows(20_000));
    let seen = 0;
    for await (const e of stream(file, { idScope: 's', maxTraces: 100, maxBytes: 8_000_000, minWorkerBytes: 0 })) {
      if ('chunk' in e) seen += e.chunk.ids.length;
      if (seen >= 300) break;
    }
    expect(seen).toBe(300);
  });

  it('in a worker thread turns an unreadable file into the reader\'s error', async () => {
    const stream = await built();
    const missing = `${writeTraceFile(simpleRows(3))}.missing`;
    await expect(collect(stream(missing, { idScope: 's', maxTraces: 10, maxBytes: 1000, minWorkerBytes: 0 }))).rejects.toMatchObject({ code: 'trace-file-unreadable' });
  });
});

describe('a trace file checked clean in this process', () => {
  it('is known clean until it changes, and an ingest still refuses it once it has a bad record', async () => {
    const file = writeTraceFile(simpleRows(20));
    expect(isKnownCleanTraceFile(file)).toBe(false);
    expect((await checkTraceFileCounted(file, 't.jsonl')).problems).toEqual([]);
    expect(isKnownCleanTraceFile(file)).toBe(true);

    writeFileSync(file, [...simpleRows(20), 'not json'].map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n');
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    expect(isKnownCleanTraceFile(file)).toBe(false);
    const run = await startSimRun();
    await expect(ingestTraces({ post: run.post, projectId: run.projectId, destination: run.destination, file, idScope: run.idScope })).rejects.toMatchObject({ code: 'trace-file-invalid' });
    expect(await run.countRun()).toBe(0);
  });

  it('a file with bad records is not remembered as clean', async () => {
    const file = writeTraceFile([...simpleRows(3), 'not json']);
    expect((await checkTraceFileCounted(file, 't.jsonl')).problems).toHaveLength(1);
    expect(isKnownCleanTraceFile(file)).toBe(false);
  });
});
