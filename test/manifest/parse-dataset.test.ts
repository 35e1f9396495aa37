import { describe, expect, it } from 'vitest';
import { parseDatasetText } from '../../src/manifest/parse-dataset.js';

describe('parseDatasetText', () => {
  it.each([
    ['csv', 'input,output\n"a, b",c\n', { columns: ['input', 'output'], rows: [{ input: 'a, b', output: 'c' }] }],
    ['csv', '\ufeffinput,output\r\nq,"multi\nline"\r\n', { columns: ['input', 'output'], rows: [{ input: 'q', output: 'multi\nline' }] }],
    ['jsonl', '{"input": "q", "n": 1}\n\n{"input": "r", "extra": {"k": true}}\n', { columns: ['input', 'n', 'extra'], rows: [{ input: 'q', n: 1 }, { input: 'r', extra: { k: true } }] }],
    ['json', '[{"input": "q"}, {"output": "a"}]', { columns: ['input', 'output'], rows: [{ input: 'q' }, { output: 'a' }] }],
  ] as const)('parses %s', (format, text, expected) => {
    expect(parseDatasetText(text, format)).toEqual(expected);
  });

  it.each([
    ['csv', 'input,output\nq,a\nq2,a2,x\n', 3, 1, 'invalid CSV: line 3 has 3 fields, the header has 2'],
    ['csv', 'input,output\n"q,a\n', 2, 1, 'invalid CSV: a quoted field is never closed'],
    ['csv', 'input,input\nq,a\n', 1, 1, 'column "input" appears twice in the header'],
    ['csv', 'input,output\n', 1, 1, 'dataset file has no rows'],
    ['jsonl', '{"a": 1}\n[1]\n', 2, 1, 'line 2 is not a JSON object'],
    ['json', '[{"a": 1}, 3]', 1, 1, 'item 2 of the JSON dataset is not an object'],
  ] as const)('reports bad %s with its line and column', (format, text, line, col, message) => {
    expect(parseDatasetText(text, format)).toMatchObject({ line, col, message });
  });

  it('reports JSON syntax errors (at the position when the runtime gives one)', () => {
    const r = parseDatasetText('[\n  {"a": 1},\n  {"a": }\n]', 'json');
    expect(r).toMatchObject({ message: 'dataset file is not valid JSON' });
    expect([1, 3]).toContain((r as { line: number }).line);
  });
});
