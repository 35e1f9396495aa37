/**
 * With `GALCTL_DEBUG=traces` (or `all`, `1`): one line on stderr each time a trace file is parsed record by record
 * (a pass over it: a check, an id derivation, an ingest's validation or its send), from whichever thread does it, so
 * that how often a command parses each file can be seen (and tested). Names the file, nothing else.
 */
export function noteTraceFileParse(file: string, what: string): void {
  const modes = (process.env['GALCTL_DEBUG'] ?? '').split(',').map((m) => m.trim());
  if (modes.some((m) => m === 'traces' || m === 'all' || m === '1')) process.stderr.write(`debug: trace file parsed (${what}): ${file}\n`);
}
