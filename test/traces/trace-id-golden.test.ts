import { describe, expect, it } from 'vitest';
import { readTraceChunks } from '../../src/traces/read-trace-chunks.js';
import { traceIdScope } from '../../src/traces/trace-id.js';
import { writeTraceFile } from './trace-files.js';

/**
 * Golden: the exact traces (ids and JSON) an ingest sends for these records. A change of the id derivation or of
 * its canonical JSON would give files already applied new ids, and they would be sent a second time: the ids must
 * never change, nor what the JSON says. Its key order may: a simple row's fields are in sorted order since issue 22
 * (the canonical order, so that deriving the id copies nothing), and the ids stayed exactly these.
 */
const RECORDS: object[] = [
  {
    input: 'q1',
    output: 'a1',
    metadata: {
      b: '2',
      a: '1',
    },
    tags: ['x', 'y'],
  },
  {
    input: 'q1',
    output: 'a1',
    metadata: {
      a: '1',
      b: '2',
    },
    tags: ['x', 'y'],
  },
  {
    type: 'trace',
    input: 'héllo \u2028 "quoted" ✓',
    output: 'o',
    metrics: {
      z: 1.5,
      a: 0,
      n: 1e21,
      m: [1, null, true],
    },
    user_metadata: {
      ünï: 'ç',
      A: 'b',
    },
    spans: [
      {
        type: 'workflow',
        name: 'w',
        spans: [
          {
            type: 'llm',
            input: [
              {
                role: 'user',
                content: 'q',
              },
            ],
            output: {
              role: 'assistant',
              content: 'a',
            },
          },
          {
            type: 'tool',
            id: '3f1c2a9e-8b7d-4c6e-9a51-2d4e6f8a0b1c',
            input: 't',
          },
        ],
      },
      {
        type: 'retriever',
        input: 'r',
        output: '[]',
      },
    ],
  },
  {
    type: 'trace',
    id: '0d9b1a3c-5e7f-4a2b-8c4d-6e8f0a1b2c3d',
    input: 'explicit',
    spans: [
      {
        type: 'llm',
        input: [],
      },
    ],
  },
];

const SENT = [
  '{"input":"q1","output":"a1","spans":[{"input":[{"content":"q1","role":"user"}],"output":{"content":"a1","role":"assistant"},"type":"llm","id":"4e92eafa-fc05-4842-aac0-c24d64dc79cd"}],"tags":["x","y"],"type":"trace","user_metadata":{"b":"2","a":"1"},"id":"792b1879-ab39-4566-91b6-9dc948902c3a"}',
  '{"input":"q1","output":"a1","spans":[{"input":[{"content":"q1","role":"user"}],"output":{"content":"a1","role":"assistant"},"type":"llm","id":"2f8f77ba-d88f-47c3-9687-fe592f21a93f"}],"tags":["x","y"],"type":"trace","user_metadata":{"a":"1","b":"2"},"id":"150e486e-5c18-44c0-bf81-7507681e5c09"}',
  '{"type":"trace","input":"héllo   \\"quoted\\" ✓","output":"o","metrics":{"z":1.5,"a":0,"n":1e+21,"m":[1,null,true]},"user_metadata":{"ünï":"ç","A":"b"},"spans":[{"type":"workflow","name":"w","spans":[{"type":"llm","input":[{"role":"user","content":"q"}],"output":{"role":"assistant","content":"a"},"id":"64b084a5-1b6e-44c5-a310-a815e1675d8a"},{"type":"tool","id":"3f1c2a9e-8b7d-4c6e-9a51-2d4e6f8a0b1c","input":"t"}],"id":"a3151401-b8ea-410f-8e16-d0a132d2b6eb"},{"type":"retriever","input":"r","output":"[]","id":"81596736-b1b1-438b-ac77-02f4def2b1cb"}],"id":"90cb6076-ed27-4d57-94c0-f663a38fa3de"}',
  '{"type":"trace","id":"0d9b1a3c-5e7f-4a2b-8c4d-6e8f0a1b2c3d","input":"explicit","spans":[{"type":"llm","input":[],"id":"fe6f4f90-de3a-4b67-9336-7cfa2509e3ac"}]}',
];

describe('trace ids (golden)', () => {
  it('derives exactly the pinned ids and JSON for the same records', async () => {
    const file = writeTraceFile(RECORDS);
    const json: string[] = [];
    const ids: string[] = [];
    for await (const chunk of readTraceChunks(file, { idScope: traceIdScope('demo', 'experiment', 'replay'), maxTraces: 2, maxBytes: 1_000_000 })) {
      json.push(...chunk.json.map((j) => Buffer.from(j).toString('utf8')));
      ids.push(...chunk.ids);
      expect(chunk.problems).toEqual([]);
    }
    expect(json).toEqual(SENT);
    expect(ids).toEqual(SENT.map((s) => (JSON.parse(s) as { id: string }).id));
  });
});
