/**
 * The README's copy of the bench's figures: the targets table of bench/RESULTS.md with the run it comes from, between
 * two markers in README.md. The large run rewrites it with RESULTS.md, so the two cannot drift
 * (test/docs/bench-figures.test.ts compares them).
 */
export const FIGURES_START = '<!-- bench:figures (written by npm run bench from bench/RESULTS.md) -->';
export const FIGURES_END = '<!-- /bench:figures -->';

/** The README with its figures block replaced; the README unchanged when it has no block. */
export function withReadmeFigures(readme: string, run: { startedAt: string; cores: number; loadStart: number }, table: string[]): string {
  const start = readme.indexOf(FIGURES_START);
  const end = readme.indexOf(FIGURES_END);
  if (start < 0 || end < start) return readme;
  const met = table.slice(2).filter((l) => l.endsWith('| met |')).length;
  const block = [
    FIGURES_START,
    `Measured by \`npm run bench\` on ${run.startedAt.slice(0, 10)} (${run.cores} cores, 1-minute load ${run.loadStart.toFixed(2)} at the start): ${met} of ${table.length - 2} targets met.`,
    '',
    ...table,
    '',
  ].join('\n');
  return readme.slice(0, start) + block + readme.slice(end);
}

/** The table lines of the figures block in a README (empty when there is none). */
export function readmeFiguresTable(readme: string): string[] {
  const start = readme.indexOf(FIGURES_START);
  const end = readme.indexOf(FIGURES_END);
  if (start < 0 || end < start) return [];
  return readme.slice(start, end).split('\n').filter((l) => l.startsWith('|'));
}
