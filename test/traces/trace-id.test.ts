import { describe, expect, it } from 'vitest';
import { generatedSpanId, generatedTraceId, isUuidV4, traceContentDigest, traceIdScope, uuidV4FromDigest, withSpanIds } from '../../src/traces/trace-id.js';

describe('trace ids', () => {
  it('formats 16 bytes as a uuid v4 (version 4, variant 10xx)', () => {
    const id = uuidV4FromDigest(new Uint8Array(32).fill(0xff));
    expect(id).toBe('ffffffff-ffff-4fff-bfff-ffffffffffff');
    expect(uuidV4FromDigest(new Uint8Array(16))).toBe('00000000-0000-4000-8000-000000000000');
    expect(isUuidV4(id)).toBe(true);
  });

  it('recognises only uuid v4', () => {
    expect(isUuidV4('3f1c2a9e-8b7d-4c6e-9a51-2d4e6f8a0b1c')).toBe(true);
    expect(isUuidV4('3f1c2a9e-8b7d-1c6e-9a51-2d4e6f8a0b1c')).toBe(false);
    expect(isUuidV4('3f1c2a9e-8b7d-4c6e-7a51-2d4e6f8a0b1c')).toBe(false);
    expect(isUuidV4(42)).toBe(false);
  });

  it('derives the same trace id from the same scope, content and occurrence, and another one otherwise', () => {
    const scope = traceIdScope('demo', 'experiment', 'replay');
    expect(scope).toBe('demo/experiment/replay');
    const digest = traceContentDigest({ type: 'trace', input: 'q', spans: [] });
    const id = generatedTraceId(scope, digest, 0);
    expect(isUuidV4(id)).toBe(true);
    expect(generatedTraceId(scope, digest, 0)).toBe(id);
    expect(generatedTraceId(scope, digest, 1)).not.toBe(id);
    expect(generatedTraceId(traceIdScope('demo', 'log_stream', 'replay'), digest, 0)).not.toBe(id);
    // pinned: changing the derivation would re-ingest every file already applied
    expect(id).toMatchInlineSnapshot(`"2fc39b96-db38-4844-8905-200588928540"`);
  });

  it('ignores key order and trace/span ids in the content digest', () => {
    const a = traceContentDigest({ type: 'trace', input: 'q', output: 'a', spans: [{ type: 'llm', input: [] }] });
    const b = traceContentDigest({ output: 'a', spans: [{ input: [], type: 'llm', id: 'x' }], input: 'q', type: 'trace', id: 'y' });
    expect(b).toBe(a);
    expect(traceContentDigest({ type: 'trace', input: 'q', output: 'b', spans: [] })).not.toBe(a);
  });

  it('fills missing span ids from the trace id and the span path, keeping given ones', () => {
    const traceId = '3f1c2a9e-8b7d-4c6e-9a51-2d4e6f8a0b1c';
    const given = '0d9b1a3c-5e7f-4a2b-8c4d-6e8f0a1b2c3d';
    const spans = withSpanIds([{ type: 'workflow', spans: [{ type: 'llm' }, { type: 'tool', id: given }] }, { type: 'llm' }], traceId);
    expect(spans[0]?.id).toBe(generatedSpanId(traceId, '0'));
    expect(spans[0]?.spans?.[0]?.id).toBe(generatedSpanId(traceId, '0.0'));
    expect(spans[0]?.spans?.[1]?.id).toBe(given);
    expect(spans[1]?.id).toBe(generatedSpanId(traceId, '1'));
    const ids = [spans[0]?.id, spans[0]?.spans?.[0]?.id, spans[1]?.id];
    expect(new Set(ids).size).toBe(3);
    expect(ids.every(isUuidV4)).toBe(true);
  });
});
