import { describe, expect, it } from 'vitest';
import { splitLines } from '../../src/traces/trace-segments-worker.js';

const READLINE_BREAKS = /\r\n|\n|\r/;

describe('splitLines', () => {
  it('cuts UTF-8 bytes where the decoded text splits at \\r\\n, \\n and a lone \\r', () => {
    const texts = [
      '',
      'one',
      'one\n',
      '\n\n',
      'a\r\nb\rc\nd',
      '\r',
      '\r\n',
      '\r\r\n\n',
      'héllo ✓\n{"x":"\u2028"}\r\n😀 last',
      'no break at all, ünïcödé',
      'ends with a lone cr\r',
      `${'x'.repeat(70_000)}\r\n${'y'.repeat(3)}\n`,
    ];
    for (const text of texts) expect(splitLines(Buffer.from(text, 'utf8'))).toEqual(text.split(READLINE_BREAKS));
  });

  it('decodes a broken UTF-8 sequence at a line end as the whole text would', () => {
    const bytes = Buffer.concat([Buffer.from('ab'), Buffer.from([0xe2, 0x9c]), Buffer.from('\ncd\r'), Buffer.from([0xff]), Buffer.from('\r\nef')]);
    expect(splitLines(bytes)).toEqual(bytes.toString('utf8').split(READLINE_BREAKS));
  });
});
