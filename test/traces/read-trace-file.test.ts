import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GalctlError } from '../../src/core/errors.js';
import { readTraceFile, type TraceFileEntry } from '../../src/traces/read-trace-file.js';
import { isUuidV4, traceIdScope } from '../../src/traces/trace-id.js';
import { simpleRows, tempDir, writeTraceFile } from './trace-files.js';

const scope = traceIdScope('demo', 'experiment', 'replay');

async function readAll(file: string, idScope = scope): Promise<TraceFileEntry[]> {
  const out: TraceFileEntry[] = [];
  for await (const e of readTraceFile(file, { idScope, displayFile: 'traces/replay.jsonl' })) out.push(e);
  return out;
}

const ids = (entries: TraceFileEntry[]): string[] => entries.map((e) => ('trace' in e ? e.trace.id : 'bad'));

describe('readTraceFile', () => {
  it('reads both record shapes, skips blank lines and numbers lines from 1', async () => {
    const file = writeTraceFile([
      { input: 'q1', output: 'a1' },
      '',
      '   ',
      { type: 'trace', input: 'q2', output: 'a2', spans: [{ type: 'llm', input: [{ role: 'user', content: 'q2' }] }] },
    ]);
    const entries = await readAll(file);
    expect(entries.map((e) => e.line)).toEqual([1, 4]);
    for (const e of entries) {
      if (!('trace' in e)) throw new Error('expected a trace');
      expect(isUuidV4(e.trace.id)).toBe(true);
      expect(isUuidV4(e.trace.spans[0]?.id)).toBe(true);
    }
  });

  it('gives the same ids on every read of the same file, and different ids to identical records', async () => {
    const row = { input: 'same', output: 'same' };
    const file = writeTraceFile([row, row, { input: 'other', output: 'x' }, row]);
    const first = ids(await readAll(file));
    expect(ids(await readAll(file))).toEqual(first);
    expect(new Set(first).size).toBe(4);
    // the same content at another place in the file keeps its ids (occurrence counts identical records only)
    const reordered = writeTraceFile([{ input: 'other', output: 'x' }, row, row, row]);
    expect(new Set(ids(await readAll(reordered)))).toEqual(new Set(first));
  });

  it('derives other ids for another run', async () => {
    const file = writeTraceFile(simpleRows(3));
    const a = ids(await readAll(file));
    const b = ids(await readAll(file, traceIdScope('demo', 'log_stream', 'replay')));
    expect(a.filter((id) => b.includes(id))).toEqual([]);
  });

  it('keeps given ids', async () => {
    const id = '3f1c2a9e-8b7d-4c6e-9a51-2d4e6f8a0b1c';
    const entries = await readAll(writeTraceFile([{ input: 'q', output: 'a', id }]));
    expect(ids(entries)).toEqual([id]);
  });

  it('reports bad lines with file, line, column and a hint, and goes on reading', async () => {
    const file = writeTraceFile([
      { input: 'ok', output: 'ok' },
      '{"input": "q", "output": }',
      { input: 'q', output: 'a', extra: true },
      { input: 'q', output: 'a', id: '3f1c2a9e-8b7d-4c6e-9a51-2d4e6f8a0b1c' },
      { input: 'q2', output: 'a', id: '3F1C2A9E-8B7D-4C6E-9A51-2D4E6F8A0B1C' },
      { input: 'last', output: 'ok' },
    ]);
    const entries = await readAll(file);
    expect(entries.map((e) => ('problem' in e ? `${e.problem.file}:${e.problem.line}:${e.problem.col}: ${e.problem.code}: ${e.problem.message}` : `${e.line}: ok`))).toEqual([
      '1: ok',
      expect.stringMatching(/^traces\/replay\.jsonl:2:\d+: trace-json: invalid JSON: /),
      'traces/replay.jsonl:3:1: trace-record: unknown field "extra" in a simple row',
      '4: ok',
      'traces/replay.jsonl:5:1: trace-duplicate-id: duplicate trace id 3F1C2A9E-8B7D-4C6E-9A51-2D4E6F8A0B1C (first at line 4)',
      '6: ok',
    ]);
    const bad = entries[2];
    expect(bad && 'problem' in bad && bad.problem.hint).toContain('a simple row has only input, output');
  });

  it('handles CRLF line endings and a byte-order mark', async () => {
    const dir = tempDir();
    const file = join(dir, 'crlf.jsonl');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, '\uFEFF{"input":"q","output":"a"}\r\n{"input":"q2","output":"a2"}\r\n');
    const entries = await readAll(file);
    expect(entries.map((e) => 'trace' in e && e.trace.input)).toEqual(['q', 'q2']);
  });

  it('throws a located GalctlError for a missing file', async () => {
    const err = await readAll(join(tempDir(), 'nope.jsonl')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GalctlError);
    expect((err as GalctlError).message).toBe('cannot read trace file traces/replay.jsonl: no such file');
  });
});
