/**
 * Preloaded into every measured child (`node --import <this file> …`): when the process exits, writes its own peak
 * RSS and CPU time (process.resourceUsage(): this process alone, its worker threads included, no children) and how
 * long its main thread waited for a CPU (Linux /proc/self/schedstat, run-queue time) as JSON to the file named by
 * BENCH_PROBE_FILE. Needs no /usr/bin/time.
 */
import { writeFileSync } from 'node:fs';
import { runQueueMs } from './proc-stats.js';

const file = process.env['BENCH_PROBE_FILE'];
if (file !== undefined && file !== '') {
  process.on('exit', () => {
    const u = process.resourceUsage();
    writeFileSync(file, JSON.stringify({ maxRssKb: u.maxRSS, userMs: u.userCPUTime / 1000, systemMs: u.systemCPUTime / 1000, runQueueMs: runQueueMs() }));
  });
}
