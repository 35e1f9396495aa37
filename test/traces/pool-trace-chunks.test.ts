import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Problem } from '../../src/core/problem.js';
import { collectBadRecords } from '../../src/traces/collect-bad-records.js';
import { type poolTraceChunks as poolFromSources, poolTraceChunks, RETAINED_BYTES, retainedBytesFree } from '../../src/traces/pool-trace-chunks.js';
import { readTraceChunks, type TraceChunk } from '../../src/traces/read-trace-chunks.js';
import type { TraceChunkEvent } from '../../src/traces/stream-trace-chunks.js';
import { simpleRows, tempDir } from './trace-files.js';

/** The worker threads run compiled JavaScript: the built module (npm test builds first) starts them. */
const BUILT = new URL('../../dist/traces/pool-trace-chunks.js', import.meta.url);
type Pool = typeof poolFromSources;
const built = async (): Promise<Pool> => ((await import(BUILT.href)) as { poolTraceChunks: Pool }).poolTraceChunks;

const OWN = '3f1c2a9e-8b7d-4c6e-9a51-2d4e6f8a0b1c';
const OTHER = '0d9b1a3c-5e7f-4a2b-8c4d-6e8f0a1b2c3d';

/** A file with everything the segments must get right, line breaks of all kinds included. */
function trickyFile(): string {
  const rows = simpleRows(40).map((r) => JSON.stringify(r));
  const same = JSON.stringify({ input: 'same', output: 'same' });
  const sameReordered = JSON.stringify({ output: 'same', input: 'same' });
  const long = JSON.stringify({ input: 'x'.repeat(500), output: 'long' });
  const lines = [
    `\uFEFF${rows[0]}`,
    same,
    ...rows.slice(1, 10),
    '',
    'not json {',
    JSON.stringify({ type: 'trace', id: OWN, input: 'own', spans: [] }),
    '   ',
    same,
    ...rows.slice(10, 20),
    JSON.stringify({ input: 'missing output' }),
    long,
    JSON.stringify({ type: 'trace', id: OWN.toUpperCase(), input: 'repeated id', spans: [] }),
    sameReordered,
    JSON.stringify({ type: 'trace', id: OTHER, input: 'other', spans: [{ type: 'llm', input: [] }] }),
    ...rows.slice(20, 40),
    same,
    JSON.stringify({ type: 'trace', id: OTHER, input: 'repeated again', spans: [] }),
  ];
  // \n, \r\n and a lone \r (readline takes each for a line break), and no break after the last line
  const text = lines
    .map((l, i) => l + (i % 7 === 3 ? '\r\n' : i % 11 === 5 ? '\r' : '\n'))
    .join('')
    .replace(/\n$/, '');
  const file = join(tempDir(), 'tricky.jsonl');
  writeFileSync(file, text);
  return file;
}

interface Flat {
  ids: string[];
  json: string[];
  sizes: number[];
  problems: Problem[];
  chunks: number[];
}

async function flatten(events: AsyncIterable<TraceChunkEvent | { bad: unknown }>): Promise<Flat> {
  const out: Flat = { ids: [], json: [], sizes: [], problems: [], chunks: [] };
  for await (const e of events) {
    if (!('chunk' in e)) continue;
    out.ids.push(...e.chunk.ids);
    out.json.push(...e.chunk.json.map((j) => Buffer.from(j).toString('utf8')));
    out.sizes.push(...e.chunk.sizes);
    out.problems.push(...e.chunk.problems);
    out.chunks.push(e.chunk.ids.length);
  }
  return out;
}

const wrap = async function* (chunks: AsyncGenerator<TraceChunk>): AsyncGenerator<TraceChunkEvent> {
  for await (const chunk of chunks) yield { chunk };
};

const OPTS = { idScope: 'demo/experiment/e', displayFile: 'traces/t.jsonl', maxTraces: 7, maxBytes: 8_000_000 };

describe('poolTraceChunks', () => {
  it('gives exactly the traces and problems readTraceChunks gives, across segments of any size', async () => {
    const file = trickyFile();
    const expected = await flatten(wrap(readTraceChunks(file, OPTS)));
    expect(expected.problems.map((p) => p.code)).toEqual(['trace-json', 'trace-record', 'trace-duplicate-id', 'trace-duplicate-id']);
    for (const segmentBytes of [1, 64, 300, 4096, 1 << 20]) {
      const got = await flatten(poolTraceChunks(file, { ...OPTS, workers: 0, segmentBytes }));
      expect({ ...got, chunks: [] }).toEqual({ ...expected, chunks: [] });
      expect(Math.max(...got.chunks)).toBeLessThanOrEqual(OPTS.maxTraces);
    }
  });

  it('after a validation pass that keeps some segments read in full, gives exactly what readTraceChunks gives', async () => {
    // identical records across segments (ids numbered by occurrence) and own ids, no bad record
    const same = JSON.stringify({ input: 'same', output: 'same' });
    const rows = simpleRows(60).map((r) => JSON.stringify(r));
    const lines = [same, ...rows.slice(0, 20), same, JSON.stringify({ type: 'trace', id: OWN, input: 'own', spans: [] }), ...rows.slice(20, 40), same, ...rows.slice(40), same];
    const file = join(tempDir(), 'clean.jsonl');
    writeFileSync(file, lines.join('\n'));
    const expected = await flatten(wrap(readTraceChunks(file, OPTS)));
    for (const segmentBytes of [64, 300, 4096])
      for (const retainedBytes of [0, 2000, 1e9]) {
        const events: TraceChunkEvent[] = [];
        for await (const e of poolTraceChunks(file, { ...OPTS, workers: 0, segmentBytes, retainedBytes, validateLimit: 20 })) events.push(e);
        expect(events[0]).toEqual({ bad: { problems: [], count: 0 } });
        const got = await flatten(events.slice(1) as AsyncIterable<TraceChunkEvent> & TraceChunkEvent[]);
        expect({ ...got, chunks: [] }).toEqual({ ...expected, chunks: [] });
      }
  });

  it('keeps what validation read within the process budget, and gives it all back however the read ends', async () => {
    const file = join(tempDir(), 'rows.jsonl');
    writeFileSync(file, simpleRows(2000).map((r) => JSON.stringify(r)).join('\n'));
    const opts = { ...OPTS, workers: 0, segmentBytes: 4096, validateLimit: 20 };
    const expected = await flatten(wrap(readTraceChunks(file, OPTS)));
    const got = await flatten(poolTraceChunks(file, opts));
    expect({ ...got, chunks: [] }).toEqual({ ...expected, chunks: [] });
    expect(retainedBytesFree()).toBe(RETAINED_BYTES);
    // the consumer stops after the first chunk, with segments kept and reads in flight
    for await (const e of poolTraceChunks(file, opts)) {
      if ('bad' in e) {
        expect(retainedBytesFree()).toBeLessThan(RETAINED_BYTES);
        continue;
      }
      break;
    }
    expect(retainedBytesFree()).toBe(RETAINED_BYTES);
  });

  it('lists the bad records first when asked, as collectBadRecords does, and stops there', async () => {
    const file = trickyFile();
    for (const retainedBytes of [0, 1e9]) {
      const events: TraceChunkEvent[] = [];
      for await (const e of poolTraceChunks(file, { ...OPTS, workers: 0, segmentBytes: 100, retainedBytes, validateLimit: 3 })) events.push(e);
      expect(events).toEqual([{ bad: await collectBadRecords(file, OPTS.displayFile, undefined, 3) }]);
    }
  });

  it('in worker threads gives the same traces, and a clean file its chunks after an empty list of bad records', async () => {
    expect(existsSync(BUILT), 'run npm run build first').toBe(true);
    const pool = await built();
    const file = trickyFile();
    const expected = await flatten(wrap(readTraceChunks(file, OPTS)));
    // two files at once share the workers
    const other = join(tempDir(), 'other.jsonl');
    writeFileSync(
      other,
      simpleRows(500, 'o')
        .map((r) => JSON.stringify(r))
        .join('\n'),
    );
    const [got, gotOther] = await Promise.all([
      flatten(pool(file, { ...OPTS, workers: 2, segmentBytes: 256 })),
      flatten(pool(other, { ...OPTS, workers: 2, segmentBytes: 512 })),
    ]);
    expect({ ...got, chunks: [] }).toEqual({ ...expected, chunks: [] });
    expect({ ...gotOther, chunks: [] }).toEqual({ ...(await flatten(wrap(readTraceChunks(other, OPTS)))), chunks: [] });

    const clean = join(tempDir(), 'clean.jsonl');
    writeFileSync(
      clean,
      simpleRows(3000)
        .map((r) => JSON.stringify(r))
        .join('\n'),
    );
    const events: TraceChunkEvent[] = [];
    for await (const e of pool(clean, { ...OPTS, maxTraces: 1000, workers: 2, segmentBytes: 4096, validateLimit: 20 })) events.push(e);
    expect(events[0]).toEqual({ bad: { problems: [], count: 0 } });
    const want = await flatten(wrap(readTraceChunks(clean, { ...OPTS, maxTraces: 1000 })));
    const have = await flatten(events.slice(1) as AsyncIterable<TraceChunkEvent> & TraceChunkEvent[]);
    expect(have).toEqual(want);
  });
});
