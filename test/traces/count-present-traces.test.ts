import { describe, expect, it } from 'vitest';
import { countPresentTraces } from '../../src/traces/count-present-traces.js';
import { ingestTraces } from '../../src/traces/ingest-traces.js';
import type { PostJson } from '../../src/traces/types.js';
import { startSimRun } from './sim-run.js';
import { simpleRows, writeTraceFile } from './trace-files.js';

describe('countPresentTraces', () => {
  it('adds up every id chunk when the counts answer out of order (found by the bench at 50 ms latency)', async () => {
    const run = await startSimRun('log_stream');
    const file = writeTraceFile(simpleRows(2500));
    const opts = { projectId: run.projectId, destination: run.destination, file, idScope: run.idScope };
    await ingestTraces({ ...opts, post: run.post });

    // the first count answers last: the chunks are in flight together and finish in reverse order
    let counts = 0;
    const slowFirst: PostJson = async (path, body, o) => {
      const res = await run.post(path, body, o);
      if (path.endsWith('/traces/count')) {
        const delay = 60 - 20 * counts++;
        await new Promise((r) => setTimeout(r, Math.max(delay, 0)));
      }
      return res;
    };
    expect(await countPresentTraces({ ...opts, post: slowFirst, chunkSize: 1000 })).toEqual({ total: 2500, present: 2500 });
    expect(counts).toBe(3);
  });
});
