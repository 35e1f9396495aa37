import { describe, expect, it } from 'vitest';
import { TraceBytesWriter, traceBytesViews } from '../../src/traces/trace-bytes.js';

const texts = (taken: { bytes: Uint8Array; sizes: number[] }): string[] => traceBytesViews(taken.bytes, taken.sizes).map((v) => Buffer.from(v).toString('utf8'));

describe('TraceBytesWriter', () => {
  it('gives its own buffer away when the texts fill most of it, and writes the next ones into a new one', () => {
    const writer = new TraceBytesWriter(1024);
    const a = '✓'.repeat(300); // 900 bytes: over 3/4 of 1,024
    writer.add(a);
    const first = writer.take();
    expect(first.bytes.byteOffset).toBe(0);
    expect(first.bytes.buffer.byteLength).toBe(1024); // the writer's buffer itself, not a copy
    writer.add('{"b":1}');
    writer.add('✓');
    const second = writer.take();
    expect(texts(first)).toEqual([a]); // untouched by the later writes
    expect(texts(second)).toEqual(['{"b":1}', '✓']);
  });

  it('copies texts that fill little of its buffer into an exact-size one, and keeps its buffer', () => {
    const writer = new TraceBytesWriter(4096);
    writer.add('short');
    const first = writer.take();
    expect(first.bytes.buffer.byteLength).toBe(5);
    writer.add('later');
    expect(texts(first)).toEqual(['short']);
    expect(texts(writer.take())).toEqual(['later']);
  });

  it('fills its buffer to the last byte before it grows', () => {
    const writer = new TraceBytesWriter(1024);
    writer.add('a'.repeat(1000));
    writer.add('b'.repeat(24)); // 72 bytes at most by the UTF-16 rule of thumb, 24 in fact: it fits
    const taken = writer.take();
    expect(taken.bytes.buffer.byteLength).toBe(1024);
    expect(texts(taken)).toEqual(['a'.repeat(1000), 'b'.repeat(24)]);
  });

  it('grows past its capacity without losing what it holds', () => {
    const writer = new TraceBytesWriter(1024);
    const many = Array.from({ length: 50 }, (_, i) => JSON.stringify({ i, text: `ünï ${'x'.repeat(i * 7)}` }));
    for (const t of many) writer.add(t);
    expect(texts(writer.take())).toEqual(many);
  });
});
