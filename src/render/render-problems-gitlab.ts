import { createHash } from 'node:crypto';
import type { Problem } from '../core/problem.js';

/** One entry of a GitLab code-quality report (docs.gitlab.com, "Code Quality", report format). */
export interface CodeQualityIssue {
  description: string;
  check_name: string;
  /** stable per problem, so GitLab can tell a fixed problem from a new one between pipelines */
  fingerprint: string;
  severity: 'info' | 'minor' | 'major' | 'critical' | 'blocker';
  location: { path: string; lines: { begin: number } };
}

/**
 * The problems as a GitLab code-quality report (a JSON array; `[]` when the manifest is valid), for
 * `artifacts: reports: codequality:`. Every problem stops apply, so each is `major`. The fingerprint hashes the
 * file, rule and message (not the line), so moving a problem down the file does not make it "new"; the same
 * problem twice in one file gets its occurrence number in the hash, so fingerprints stay unique. Pure.
 */
export function renderProblemsGitlab(problems: readonly Problem[]): string {
  const seen = new Map<string, number>();
  const issues: CodeQualityIssue[] = problems.map((p) => {
    const key = JSON.stringify([p.file, p.code, p.message]);
    const nth = (seen.get(key) ?? 0) + 1;
    seen.set(key, nth);
    return {
      description: p.hint === undefined ? p.message : `${p.message} (hint: ${p.hint})`,
      check_name: p.code,
      fingerprint: createHash('sha256').update(nth === 1 ? key : `${key}#${nth}`).digest('hex'),
      severity: 'major',
      location: { path: p.file, lines: { begin: p.line } },
    };
  });
  return `${JSON.stringify(issues, null, 2)}\n`;
}
