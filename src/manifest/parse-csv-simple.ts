/**
 * A fast CSV reader for the files most datasets are: LF line ends, comma-separated, fields plain or wholly quoted
 * ("" for a quote inside), every record as long as the header. It returns undefined for anything else (a CR, a
 * quote inside a plain field, text after a closing quote, an unclosed quote, a record of another length), and the
 * caller parses that text with csv-parse, which reads it or names the problem. On what it reads, it gives exactly
 * csv-parse's records with the options parseDatasetText uses (`skip_empty_lines`, strict quotes): a test compares
 * them on generated files. csv-parse was most of an apply's start-up CPU for a large org parsed cold (300 files).
 */
export function parseCsvSimple(text: string): string[][] | undefined {
  if (text.includes('\r')) return undefined;
  const records: string[][] = [];
  const n = text.length;
  let width = -1;
  let i = 0;
  while (i < n) {
    if (text.charCodeAt(i) === 10) {
      i += 1; // an empty line: skipped
      continue;
    }
    const record: string[] = [];
    for (;;) {
      let field: string;
      if (text.charCodeAt(i) === 34) {
        // quoted: up to the closing quote, "" inside for one quote
        let start = i + 1;
        field = '';
        for (;;) {
          const q = text.indexOf('"', start);
          if (q < 0) return undefined; // never closed
          if (text.charCodeAt(q + 1) === 34) {
            field += text.slice(start, q + 1);
            start = q + 2;
            continue;
          }
          field += text.slice(start, q);
          i = q + 1;
          break;
        }
        const after = i < n ? text.charCodeAt(i) : 10;
        if (after !== 44 && after !== 10) return undefined; // text after the closing quote
      } else {
        let end = i;
        while (end < n) {
          const c = text.charCodeAt(end);
          if (c === 44 || c === 10) break;
          if (c === 34) return undefined; // a quote inside a plain field
          end += 1;
        }
        field = text.slice(i, end);
        i = end;
      }
      record.push(field);
      if (i < n && text.charCodeAt(i) === 44) {
        i += 1;
        continue;
      }
      i += 1; // the line's end (or past the text's)
      break;
    }
    if (width < 0) width = record.length;
    else if (record.length !== width) return undefined;
    records.push(record);
  }
  return records;
}
