import { describe, expect, it } from 'vitest';
import { parseTraceRecord } from '../../src/traces/parse-trace-record.js';

const ID = '3f1c2a9e-8b7d-4c6e-9a51-2d4e6f8a0b1c';

describe('parseTraceRecord', () => {
  it('turns a simple row into a trace with one llm span', () => {
    const r = parseTraceRecord({
      input: 'What is the capital of France?',
      output: 'Paris.',
      dataset_output: 'Paris',
      metadata: { team: 'geo' },
      tags: ['smoke'],
      created_at: '2026-04-15T10:00:00Z',
    });
    expect(r).toEqual({
      ok: true,
      trace: {
        type: 'trace',
        input: 'What is the capital of France?',
        output: 'Paris.',
        dataset_output: 'Paris',
        user_metadata: { team: 'geo' },
        tags: ['smoke'],
        created_at: '2026-04-15T10:00:00Z',
        spans: [
          {
            type: 'llm',
            input: [{ role: 'user', content: 'What is the capital of France?' }],
            output: { role: 'assistant', content: 'Paris.' },
            created_at: '2026-04-15T10:00:00Z',
          },
        ],
      },
    });
  });

  it('keeps a message-list input on the span and as JSON text on the trace', () => {
    const messages = [{ role: 'system', content: 'be brief' }, { role: 'user', content: 'hi' }];
    const r = parseTraceRecord({ input: messages, output: 'hello', id: ID });
    expect(r.ok && r.trace.input).toBe(JSON.stringify(messages));
    expect(r.ok && r.trace.spans[0]?.input).toEqual(messages);
    expect(r.ok && r.trace.id).toBe(ID);
  });

  it('passes a full trace through, nested spans included', () => {
    const trace = {
      type: 'trace',
      input: 'q',
      output: 'a',
      name: 'run',
      spans: [
        {
          type: 'workflow',
          input: 'q',
          spans: [
            { type: 'retriever', input: 'q', output: [{ content: 'doc' }] },
            { type: 'llm', input: [{ role: 'user', content: 'q' }], output: { role: 'assistant', content: 'a' }, model: 'gpt-4o-mini' },
          ],
        },
      ],
    };
    expect(parseTraceRecord(trace)).toEqual({ ok: true, trace });
  });

  it('gives a full trace without spans an empty span list', () => {
    expect(parseTraceRecord({ type: 'trace', input: 'q', output: 'a' })).toEqual({ ok: true, trace: { type: 'trace', input: 'q', output: 'a', spans: [] } });
  });

  it.each([
    ['a non-object', [1, 2], 'a record must be a JSON object, got an array'],
    ['a simple row without input', { output: 'a' }, 'missing field "input"'],
    ['a simple row without output', { input: 'q' }, 'missing field "output"'],
    ['an unknown simple-row field', { input: 'q', output: 'a', score: 1 }, 'unknown field "score" in a simple row'],
    ['numeric metadata', { input: 'q', output: 'a', metadata: { n: 1 } }, 'metadata.n must be a string, got number 1'],
    ['tags not strings', { input: 'q', output: 'a', tags: ['x', 2] }, 'tags[1] must be a string, got number 2'],
    ['a bad message list', { input: [{ content: 'hi' }], output: 'a' }, 'input[0].role must be a string, got nothing'],
    ['a non-v4 id', { input: 'q', output: 'a', id: '123' }, 'id "123" is not a uuid v4'],
    ['a v1 uuid', { input: 'q', output: 'a', id: 'c232ab00-9414-11ec-b3c8-9f6bdeced846' }, 'id "c232ab00-9414-11ec-b3c8-9f6bdeced846" is not a uuid v4'],
    ['a bad date', { input: 'q', output: 'a', created_at: 'yesterday' }, 'created_at must be an ISO 8601 date-time string, got string "yesterday"'],
    ['a wrong type', { type: 'span', input: 'q' }, 'type must be "trace" (or leave type out for a simple row), got string "span"'],
    ['an unknown trace field', { type: 'trace', inptu: 'q' }, 'unknown trace field "inptu"'],
    ['a bad span type', { type: 'trace', spans: [{ type: 'thought' }] }, 'spans[0].type must be one of workflow, agent, tool, retriever, llm, control, got string "thought"'],
    ['an llm span with string input', { type: 'trace', spans: [{ type: 'llm', input: 'q' }] }, 'spans[0].input must be a list of messages, got string "q"'],
    ['children under an llm span', { type: 'trace', spans: [{ type: 'llm', input: [], spans: [] }] }, 'spans[0].spans: a llm span cannot have child spans'],
    ['a bad nested span id', { type: 'trace', spans: [{ type: 'workflow', spans: [{ type: 'tool', id: 'x' }] }] }, 'spans[0].spans[0].id "x" is not a uuid v4'],
  ])('rejects %s', (_name, value, message) => {
    const r = parseTraceRecord(value);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toBe(message);
  });

  it('hints at the full-trace format for unknown simple-row fields', () => {
    const r = parseTraceRecord({ input: 'q', output: 'a', model: 'x' });
    expect(!r.ok && r.hint).toContain('"type": "trace"');
  });
});

describe('parseTraceRecord bounds nesting', () => {
  const leaf = { type: 'llm', input: [{ role: 'user', content: 'q' }], output: { role: 'assistant', content: 'a' } };
  /** A trace whose spans nest `depth` levels (the trace's own spans are level 1), parsed from text as a file line would be. */
  const nested = (depth: number): unknown => {
    const open = '{"type":"workflow","spans":['.repeat(depth - 1);
    return JSON.parse(`{"type":"trace","input":"q","output":"a","spans":[${open}${JSON.stringify(leaf)}${']}'.repeat(depth - 1)}]}`);
  };

  it('accepts spans nested 100 levels deep', () => {
    expect(parseTraceRecord(nested(100)).ok).toBe(true);
  });

  it('refuses spans nested 101 levels deep, with a message instead of a RangeError', () => {
    expect(parseTraceRecord(nested(101))).toMatchObject({ ok: false, message: 'spans nest more than 100 levels deep' });
  });

  it('refuses spans nested 5,000 deep without recursing into them', () => {
    expect(parseTraceRecord(nested(5000))).toMatchObject({ ok: false, message: expect.stringContaining('levels deep') });
  });

  it('refuses any other field nested thousands deep (metrics, metadata), which a digest would recurse into', () => {
    const deep = JSON.parse(`${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`);
    expect(parseTraceRecord({ type: 'trace', input: 'q', output: 'a', metrics: deep })).toMatchObject({ ok: false, message: expect.stringContaining('more than 240 levels deep') });
  });
});
