import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { staleBuildReason } from './stale-build.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** why dist/ is older than src/ (or missing), null when the build is fresh: see assertFreshBuild in run-cli.ts */
    staleBuild: string | null;
  }
}

/** vitest globalSetup: checks the build once per run, before any test; the tests that spawn dist/ read the answer. */
export default function checkBuild(project: TestProject): void {
  project.provide('staleBuild', staleBuildReason(fileURLToPath(new URL('../..', import.meta.url))));
}
