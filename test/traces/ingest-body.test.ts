import { describe, expect, it } from 'vitest';
import { IngestBodies, type EncodedTrace } from '../../src/traces/ingest-body.js';

const encoded = (id: string, extra: string): EncodedTrace => {
  const json = Buffer.from(JSON.stringify({ type: 'trace', id, input: extra, spans: [] }), 'utf8');
  return { id, json, size: json.byteLength };
};

const text = (body: { text: string | Buffer }): string => (typeof body.text === 'string' ? body.text : body.text.toString('utf8'));

describe('IngestBodies', () => {
  it('writes the destination, the traces and the flags as one JSON body', () => {
    const bodies = new IngestBodies();
    const traces = [encoded('a', 'héllo'), encoded('b', '✓'), encoded('c', '')];
    const { body } = bodies.build({ experiment_id: 'e1' }, traces, true);
    expect(JSON.parse(text(body))).toEqual({
      experiment_id: 'e1',
      traces: traces.map((t) => JSON.parse(Buffer.from(t.json).toString('utf8')) as unknown),
      is_complete: true,
      logging_method: 'api_direct',
      reliable: true,
    });
  });

  it('reuses a buffer only once its request is released: a body still in flight keeps its bytes', () => {
    const bodies = new IngestBodies();
    const one = bodies.build({ log_stream_id: 'l' }, [encoded('a', 'x'.repeat(300))], false);
    const two = bodies.build({ log_stream_id: 'l' }, [encoded('b', 'y'.repeat(300))], false);
    const before = text(two.body);
    one.release();
    one.release(); // twice is once
    const three = bodies.build({ log_stream_id: 'l' }, [encoded('c', 'z'.repeat(100))], true);
    expect(text(two.body)).toBe(before);
    expect((JSON.parse(text(three.body)) as { traces: { id: string }[] }).traces[0]?.id).toBe('c');
    // the third body went into the first one's buffer, which it no longer needs
    expect(typeof three.body.text === 'string' ? undefined : three.body.text.buffer).toBe(typeof one.body.text === 'string' ? null : one.body.text.buffer);
  });
});
