import { reportError } from '../cli/main.js';
import { runAction } from './run-action.js';

// The entry action.yml runs, bundled (npm run build:action): node action/dist/main.js, with the INPUT_* and
// GITHUB_* environment of the step.
const controller = new AbortController();
process.once('SIGTERM', () => controller.abort(new Error('cancelled')));
process.once('SIGINT', () => controller.abort(new Error('cancelled')));
const io = {
  stdout: (t: string) => void process.stdout.write(t),
  stderr: (t: string) => void process.stderr.write(t),
  env: process.env,
  cwd: process.cwd(),
  signal: controller.signal,
};
const code = await runAction(io).catch((err: unknown) => reportError(err, { ...io, isTTY: false, stdinIsTTY: false, confirm: async () => false }));
// exit even if a connection is still open, once stdout has drained
process.stdout.write('', () => process.exit(code));
