import { describe, expect, it } from 'vitest';
import { validatorWithRunner } from './validator-with-runner.js';

const manifest = (runner: unknown) => ({ version: 1, datasets: { d: { rows: [{ input: 'q' }] } }, projects: { demo: { experiments: { app: { dataset: 'd', runner } } } } });

describe('runnerSchema', () => {
  const validate = validatorWithRunner();
  it.each([
    [{ command: ['python3', 'app/answer.py'], inputs: ['app/**/*.py'], concurrency: 4, timeout: '30s' }, true],
    [{ url: 'http://127.0.0.1:8080/answer', env: { MODE: 'eval' }, galileo_key: false }, true],
    [{ command: [] }, false],
    [{ command: ['x'], concurrency: 65 }, false],
    [{ command: ['x'], concurrency: 0 }, false],
    [{ command: ['x'], retries: 3 }, false],
    [{ command: ['x'], env: { 'BAD-NAME': 'v' } }, false],
  ])('%j valid: %s', (runner, ok) => {
    expect(validate(manifest(runner))).toBe(ok);
  });
});
