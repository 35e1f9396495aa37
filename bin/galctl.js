#!/usr/bin/env node
// hold SIGINT/SIGTERM while the modules load, so an interrupt at any point ends as one (galctl's run handles them)
const early = [];
const hold = (sig) => early.push(sig);
process.on('SIGINT', hold);
process.on('SIGTERM', hold);
// the CLI bundled into one file (scripts/build-cli.mjs): it loads several times faster than dist/cli's module graph
const { run } = await import('../dist/cli-bundle/main.js');
process.off('SIGINT', hold);
process.off('SIGTERM', hold);
run(process.argv.slice(2), early);
