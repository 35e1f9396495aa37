#!/usr/bin/env node
// hold SIGINT/SIGTERM while the modules load, so an interrupt at any point ends as one (galctl's run handles them)
const early = [];
const hold = (sig) => early.push(sig);
process.on('SIGINT', hold);
process.on('SIGTERM', hold);
const { run } = await import('../dist/cli/main.js');
process.off('SIGINT', hold);
process.off('SIGTERM', hold);
run(process.argv.slice(2), early);
