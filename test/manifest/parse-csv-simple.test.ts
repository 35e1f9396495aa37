import { parse as parseCsv } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { parseCsvSimple } from '../../src/manifest/parse-csv-simple.js';
import { parseDatasetText } from '../../src/manifest/parse-dataset.js';

/** What parseDatasetText asked csv-parse for before the fast reader: the records, or the error's code. */
function reference(text: string): { records: string[][] } | { error: string } {
  try {
    return { records: parseCsv(text, { skip_empty_lines: true, relax_quotes: false }) as string[][] };
  } catch (err) {
    return { error: String((err as { code?: string }).code) };
  }
}

/** A small seeded PRNG (mulberry32): the generated files are the same on every run. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = ['a', 'b c', 'é', '日本', ' ', '1.5', '', '""', '"', ',', '\n', '\r\n', '\r', 'x"y', '"q"', '"a,b"', '"line\nbreak"', '"say ""hi"""', '"unclosed', '"a"b'];

function generated(random: () => number): string {
  const width = 1 + Math.floor(random() * 3);
  const lines: string[] = [];
  const count = Math.floor(random() * 6);
  for (let l = 0; l < count; l += 1) {
    const w = random() < 0.85 ? width : 1 + Math.floor(random() * 4);
    const fields: string[] = [];
    for (let f = 0; f < w; f += 1) {
      const quoted = random() < 0.3;
      let text = '';
      for (let k = Math.floor(random() * 3); k > 0; k -= 1) text += PIECES[Math.floor(random() * PIECES.length)];
      fields.push(quoted ? `"${text.replaceAll('"', random() < 0.9 ? '""' : '"')}"` : text);
    }
    lines.push(random() < 0.1 ? '' : fields.join(','));
  }
  return lines.join(random() < 0.9 ? '\n' : '\r\n') + (random() < 0.5 ? '\n' : '');
}

describe('parseCsvSimple', () => {
  it('reads the common files exactly as csv-parse does', () => {
    const cases = [
      'input,output\nq1,a1\nq2,a2\n',
      'input,output\n"What is 1,2?","a ""quoted"" word"\n"two\nlines",x',
      'a,b\n\n\nc,d\n\n',
      'a,b\n,\n"",""\n',
      'a\n""\n\nb\n',
      'a,b\nc,',
      '',
      '\n\n',
      'only\n',
    ];
    for (const text of cases) {
      const fast = parseCsvSimple(text);
      expect(fast, text).toBeDefined();
      expect({ records: fast }, text).toEqual(reference(text));
    }
  });

  it('leaves to csv-parse what it does not read: CR, stray or unclosed quotes, records of another length', () => {
    for (const text of ['a,b\r\nc,d\r\n', 'a,b\nc"d,e\n', 'a,b\n"c"d,e\n', 'a,b\n"unclosed,e\n', 'a,b\nc\n', 'a\n "b"\n']) expect(parseCsvSimple(text), text).toBeUndefined();
  });

  it('agrees with csv-parse on 20,000 generated files: the same records whenever it reads one', () => {
    const random = prng(22);
    let read = 0;
    for (let n = 0; n < 20_000; n += 1) {
      const text = generated(random);
      const fast = parseCsvSimple(text);
      if (fast === undefined) continue;
      read += 1;
      expect({ records: fast }, JSON.stringify(text)).toEqual(reference(text));
    }
    expect(read).toBeGreaterThan(5_000);
  });

  it('a dataset file it cannot read still gets csv-parse\'s answer and message', () => {
    expect(parseDatasetText('a,b\nc\n', 'csv')).toMatchObject({ line: 2, message: 'invalid CSV: line 2 has 1 fields, the header has 2' });
    expect(parseDatasetText('a,b\r\nc,d\r\n', 'csv')).toEqual({ columns: ['a', 'b'], rows: [{ a: 'c', b: 'd' }] });
  });
});
