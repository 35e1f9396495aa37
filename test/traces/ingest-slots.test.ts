import { describe, expect, it } from 'vitest';
import { ingestTraces } from '../../src/traces/ingest-traces.js';
import { MAX_FILES_INGESTING } from '../../src/traces/ingest-slots.js';
import type { PostJson } from '../../src/traces/types.js';
import { simpleRows, writeTraceFile } from './trace-files.js';

const settle = async (): Promise<void> => {
  for (let i = 0; i < 50; i++) await new Promise<void>((r) => setImmediate(r));
};

/** Until `done()` (file reads go through the thread pool: on a loaded machine they take more than a few ticks), then settle. */
const settleUntil = async (done: () => boolean): Promise<void> => {
  for (let i = 0; i < 1000 && !done(); i++) await new Promise<void>((r) => setTimeout(r, 5));
  await settle();
};

describe('files ingesting at once', () => {
  it(`are at most ${MAX_FILES_INGESTING}: the others wait, then every file is sent`, async () => {
    const files = Array.from({ length: MAX_FILES_INGESTING + 2 }, (_, i) => writeTraceFile(simpleRows(3, `f${i}`), `f${i}.jsonl`));
    const started = new Set<string>();
    const gates: (() => void)[] = [];
    const post: PostJson = async (_path, body) => {
      started.add((JSON.parse(JSON.stringify(body)) as { log_stream_id: string }).log_stream_id);
      await new Promise<void>((r) => gates.push(r));
      return {};
    };
    const runs = files.map((file, i) => ingestTraces({ post, projectId: 'p', destination: { log_stream_id: `run${i}` }, file, idScope: `s${i}`, runIsEmpty: true }));
    await settleUntil(() => started.size >= MAX_FILES_INGESTING);
    expect(started.size).toBe(MAX_FILES_INGESTING);
    // each file is one batch: releasing the ingests in flight lets the waiting ones start
    while (gates.length > 0) {
      const waiting = started.size;
      gates.splice(0).forEach((open) => open());
      await settleUntil(() => started.size > waiting || started.size === files.length);
    }
    const results = await Promise.all(runs);
    expect(results.map((r) => r.sent)).toEqual(files.map(() => 3));
    expect(started.size).toBe(files.length);
  });
});
