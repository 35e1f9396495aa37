import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readmeFiguresTable, withReadmeFigures } from '../../bench/readme-figures.js';

// The README's performance figures are bench/RESULTS.md's: the large bench run writes both (readme-figures.ts).

const read = (file: string): string => readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');

/** The targets table of a RESULTS.md: the table lines after its "## Targets" heading. */
function resultsTargetsTable(results: string): string[] {
  const after = results.slice(results.indexOf('## Targets'));
  const lines = after.split('\n').slice(1);
  const first = lines.findIndex((l) => l.startsWith('|'));
  const rest = lines.slice(first);
  const end = rest.findIndex((l) => !l.startsWith('|'));
  return rest.slice(0, end < 0 ? undefined : end);
}

describe("the README's performance figures", () => {
  it('are the targets table of bench/RESULTS.md, line for line', () => {
    const table = resultsTargetsTable(read('bench/RESULTS.md'));
    expect(table.length).toBeGreaterThan(2);
    expect(readmeFiguresTable(read('README.md'))).toEqual(table);
  });

  it('are rewritten between the markers only, with the run they come from', () => {
    const readme = ['# x', 'before', '<!-- bench:figures (written by npm run bench from bench/RESULTS.md) -->', 'old', '<!-- /bench:figures -->', 'after', ''].join('\n');
    const table = ['| target | measured | bound | met |', '|---|---:|---:|---|', '| a | 1 | ≤ 2 | met |', '| b | 3 | ≤ 2 | **missed** |'];
    const out = withReadmeFigures(readme, { startedAt: '2026-11-30T02:00:00Z', cores: 2, loadStart: 0.5 }, table);
    expect(out).toContain('Measured by `npm run bench` on 2026-11-30 (2 cores, 1-minute load 0.50 at the start): 1 of 2 targets met.');
    expect(out.startsWith('# x\nbefore\n')).toBe(true);
    expect(out.endsWith('<!-- /bench:figures -->\nafter\n')).toBe(true);
    expect(out).not.toContain('old');
    expect(readmeFiguresTable(out)).toEqual(table);
  });
});
