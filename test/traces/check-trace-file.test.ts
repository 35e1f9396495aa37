import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_TRACE_FILE_PROBLEMS, checkTraceFile } from '../../src/traces/check-trace-file.js';
import { simpleRows, tempDir, writeTraceFile } from './trace-files.js';

describe('checkTraceFile', () => {
  it('finds nothing wrong in a good file', async () => {
    expect(await checkTraceFile(writeTraceFile(simpleRows(10)), 'traces.jsonl')).toEqual([]);
  });

  it('reports every bad line with its location', async () => {
    const file = writeTraceFile([{ input: 'q', output: 'a' }, 'not json', { input: 'q' }, { input: 'q', output: 'a', tags: 'x' }]);
    const problems = await checkTraceFile(file, 'rel/traces.jsonl');
    expect(problems.map((p) => `${p.file}:${p.line}: ${p.message}`)).toEqual([
      expect.stringMatching(/^rel\/traces\.jsonl:2: invalid JSON/),
      'rel/traces.jsonl:3: missing field "output"',
      'rel/traces.jsonl:4: tags must be a list of strings, got string "x"',
    ]);
  });

  it('caps the list and counts the rest', async () => {
    const lines = Array.from({ length: MAX_TRACE_FILE_PROBLEMS + 7 }, () => '{');
    const problems = await checkTraceFile(writeTraceFile(lines), 't.jsonl');
    expect(problems).toHaveLength(MAX_TRACE_FILE_PROBLEMS + 1);
    expect(problems.at(-1)?.message).toBe('and 7 more bad lines in this file');
  });

  it('reports an unreadable file as one problem', async () => {
    const problems = await checkTraceFile(join(tempDir(), 'missing.jsonl'), 'missing.jsonl');
    expect(problems).toEqual([expect.objectContaining({ file: 'missing.jsonl', line: 1, code: 'trace-file-unreadable', message: 'cannot read trace file missing.jsonl: no such file' })]);
  });

  it('streams a 100,000-line file', async () => {
    const file = writeTraceFile(simpleRows(100_000), 'big.jsonl');
    const problems = await checkTraceFile(file, 'big.jsonl');
    expect(problems).toEqual([]);
  });
});
